from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    name = "sitesearch"
    verbose_name = "站内搜索"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
