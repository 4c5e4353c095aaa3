from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "信息资源库"

    def ready(self):
        from . import changes, signal_handlers

        signal_handlers.register()
        changes.register()
