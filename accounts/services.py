from django.template.response import TemplateResponse

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


def privilege_refused(request, *, target, attempted: list[str], message: str, back_url: str = "") -> TemplateResponse:
    """Refuse the whole request with a 403 page, recording the attempt when
    it would have changed something."""
    if request.method == "POST":
        privilege_refusal_record(actor=request.user, target=target, attempted=attempted, request=request)
    context = {"message": message, "back_url": back_url}
    return TemplateResponse(request, "accounts/refused.html", context, status=403)
