"""The one vetting gate (发布前审查) every publish of a library resource
passes, whatever route publishes it: the page editor, bulk actions, workflow
approval, scheduled publishing, services and commands (第十三条(一), 第十五条).

An author clears content before it goes live or to review: 保密审查 confirmed,
no link to a blocked domain, and no sensitive word unless someone holding
``library.override_vetting`` lets it through with a reason. The clearance is
kept for that exact content; publishing then checks that the content being
published was cleared, so a draft no one confirmed cannot be published by a
bulk action, and an edit after the confirmation needs a new one."""

from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record
from library.exceptions import PublishingRefused

from . import vetting
from .models import Clearance


def vetting_problems(*, resource, user, override_reason: str = "") -> list[str]:
    """What stops ``user`` from clearing ``resource`` as it stands, in words
    an editor can act on; empty when it may be cleared."""
    problems = []
    if links := vetting.blocked_links(resource):
        problems.append(f"含有禁止链接的地址:{';'.join(map(str, links))}")
    if hits := vetting.sensitive_words(resource):
        may_override = user is not None and user.has_perm("library.override_vetting")
        if not (override_reason.strip() and may_override):
            message = f"含有敏感词,请修改后再发布:{';'.join(map(str, hits))}"
            if may_override:
                message += "。如确需发布,请填写越过检查的理由。"
            problems.append(message)
    return problems


@transaction.atomic
def clearance_record(*, resource, user, override_reason: str = "") -> Clearance:
    """Record that ``user`` confirmed the 保密审查 of ``resource`` as it
    stands, overriding its sensitive words with ``override_reason`` if any.
    Refuses with the problems when the content may not be cleared."""
    if problems := vetting_problems(resource=resource, user=user, override_reason=override_reason):
        raise PublishingRefused(problems)
    words = sorted({hit.word for hit in vetting.sensitive_words(resource)})
    clearance = Clearance.objects.create(
        fingerprint=vetting.fingerprint(resource),
        resource_id=resource.pk,
        confirmed_by=user if getattr(user, "pk", None) else None,
        overridden_words=words,
        override_reason=override_reason.strip() if words else "",
    )
    audit_record(
        action=AuditAction.VETTING,
        obj=resource if resource.pk else None,
        user=user,
        secrecy_confirmed=True,
        override_reason=clearance.override_reason,
        words=words,
        title=resource.title,
    )
    return clearance


def publication_problems(*, resource, user=None) -> list[str]:
    """Why ``resource`` (the content about to go live) may not be published
    now; empty when it may. A person publishing needs a clearance of this
    exact content; a publish nobody asked for now (scheduled publishing) runs
    on the clearance given when it was scheduled, and still never lets an
    unreviewed sensitive word or a blocked link through."""
    problems = []
    if links := vetting.blocked_links(resource):
        problems.append(f"含有禁止链接的地址:{';'.join(map(str, links))}")
    hits = vetting.sensitive_words(resource)
    clearance = Clearance.objects.filter(fingerprint=vetting.fingerprint(resource)).order_by("-pk").first()
    if hits:
        overridden = set(clearance.overridden_words) if clearance else set()
        if missing := [hit for hit in hits if hit.word not in overridden]:
            problems.append(f"含有未经审核放行的敏感词:{';'.join(map(str, missing))}")
    elif user is not None and clearance is None:
        problems.append("这一版内容尚未确认保密审查:请在编辑页勾选“保密审查”后发布或送审。")
    return problems


def publication_check(*, resource, user=None) -> None:
    """The gate itself, called as the resource is published."""
    if problems := publication_problems(resource=resource, user=user):
        raise PublishingRefused(problems)


@transaction.atomic
def resource_publish(*, resource, user, override_reason: str = ""):
    """Clear and publish the latest revision of ``resource`` on behalf of
    ``user`` — the service route to going live (commands, imports)."""
    revision = resource.latest_revision or resource.save_revision(user=user)
    clearance_record(resource=revision.as_object(), user=user, override_reason=override_reason)
    return revision.publish(user=user)
