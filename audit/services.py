from django.db import models

from .context import request_user_and_ip
from .models import AuditEvent


def audit_record(*, action: str, obj: models.Model | None = None, user=None, request=None, **details) -> AuditEvent:
    """Add an audit entry. The acting user and address come from the request
    being served unless given."""
    request_user, ip = request_user_and_ip(request)
    user = user or request_user
    username = getattr(user, "username", "") or details.pop("username", "")
    return AuditEvent.objects.create(
        action=action,
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=username,
        ip_address=ip,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        details=details,
    )
