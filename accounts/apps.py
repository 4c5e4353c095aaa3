from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号"


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user and group admin with real-name account forms and the
    rule that only superusers hand out superuser and management powers."""

    user_viewset = "accounts.viewsets.UserViewSet"
    group_viewset = "accounts.viewsets.GroupViewSet"
