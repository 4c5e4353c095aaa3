from audit.models import AuditAction
from audit.services import audit_record


def privilege_refusal_record(*, actor, target, attempted: list[str], request=None) -> None:
    """Keep a refused attempt to hand out powers in the audit log: the
    attempt itself is what an auditor looks for."""
    audit_record(
        action=AuditAction.PRIVILEGE_REFUSED,
        obj=target if target.pk is not None else None,
        user=actor,
        request=request,
        target=str(target),
        attempted=attempted,
    )
