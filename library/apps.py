from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "信息资源库"

    def ready(self):
        from cluster import public_views

        from . import audit_handlers, changes, signal_handlers
        from .views import columns

        signal_handlers.register()
        audit_handlers.register()
        changes.register()
        public_views.provide(public_views.HOME_INDEX, columns.home_index)
        public_views.provide(public_views.COLUMN_INDEX, columns.column_index)
        public_views.provide(public_views.COLUMN_DETAIL, columns.column_detail)
