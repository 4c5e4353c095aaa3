from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import AuditEvent


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only viewing: not even a superuser may add, change or delete an entry."""

    def user_has_permission(self, user, action):
        return action in ("view", "export") and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class AuditEventViewSet(ModelViewSet):
    """审计日志 in the admin: filter by action, account, date and address,
    and export what is shown as CSV or Excel."""

    model = AuditEvent
    icon = "list-ul"
    menu_label = "审计日志"
    menu_order = 950
    add_to_settings_menu = True
    list_display = ["timestamp", "username", "action", "object_repr", "ip_address"]
    list_filter = {
        "action": ["exact"],
        "username": ["exact", "icontains"],
        "timestamp": ["gte", "lte"],
        "ip_address": ["exact"],
    }
    list_export = [
        "timestamp",
        "username",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "ip_address",
        "details",
    ]
    export_filename = "audit-log"
    search_fields = ["username", "object_repr"]
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never offered (see ReadOnlyPolicy); the generic views still need a form.
    form_fields = ["action"]
