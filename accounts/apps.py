from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号"


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with real-name account forms."""

    user_viewset = "accounts.viewsets.UserViewSet"
