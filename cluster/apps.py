from django.apps import AppConfig


class ClusterConfig(AppConfig):
    name = "cluster"
    verbose_name = "站群"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
