from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "审核发布"

    def ready(self):
        from library import vetting

        from . import services, signal_handlers

        signal_handlers.register()
        vetting.register(services)
