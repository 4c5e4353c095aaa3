from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AuditEvent
from .views import AuditEventViewSet, ReadOnlyPolicy

register_permission_policy(AuditEvent, ReadOnlyPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("audit")
