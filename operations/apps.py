from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The operator's (市政数局) admin: the cluster dashboard and the menu of
    registries it keeps (网站群管理). It reads every other app and is read by none."""

    name = "operations"
    verbose_name = "网站群运维"
