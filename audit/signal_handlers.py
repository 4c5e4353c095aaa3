"""Audit entries for what happens through Django and Wagtail machinery:
logins, accounts created, superuser flags and passwords set, group and
permission changes, publishing and workflow steps. Apps above this one
record their own changes with ``audit_record`` (the library its placements,
in ``library.audit_handlers``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail import signals as wagtail_signals
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from .context import current_request, request_user_and_ip
from .models import AuditAction
from .services import audit_record

_M2M_ACTIONS = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}


def _logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, obj=user, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(action=AuditAction.LOGIN_FAILED, request=request, username=credentials.get("username", ""))


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, obj=user, user=user, request=request)


def _account_before_save(sender, instance, update_fields=None, **kwargs):
    # Saves that name their fields (last login, password hash upgrades) cannot
    # change the flag unless they name it; others are compared with the row.
    if instance.pk is None or (update_fields is not None and "is_superuser" not in update_fields):
        instance._audit_was_superuser = None
        return
    instance._audit_was_superuser = sender.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()


def _password_changed(instance) -> None:
    request = current_request()
    actor, _ip = request_user_and_ip(request)
    if request is None:
        by, actor = "命令行", None
    elif actor is None:
        # Signed out: the one-time link of 找回密码, used by the account's owner.
        by, actor = "本人通过找回密码重置", instance
    else:
        by = "本人修改" if actor.pk == instance.pk else "管理员重置"
    audit_record(action=AuditAction.PASSWORD_CHANGED, obj=instance, user=actor, request=request, by=by)


def _account_saved(sender, instance, created, **kwargs):
    if created:
        audit_record(action=AuditAction.ACCOUNT_CREATED, obj=instance, unit=str(instance.unit or ""))
    was_superuser = False if created else getattr(instance, "_audit_was_superuser", None)
    if was_superuser is not None and was_superuser != instance.is_superuser:
        audit_record(
            action=AuditAction.SUPERUSER_CHANGED, obj=instance, change="granted" if instance.is_superuser else "revoked"
        )
    # Django keeps the new raw password on the instance until this save is
    # done, and only when set_password() was called for it: hash upgrades at
    # sign-in clear it first, so they are not taken for a change. A new
    # account's first password is part of its creation.
    if not created and getattr(instance, "_password", None) is not None:
        _password_changed(instance)


def _m2m(audit_action):
    def handler(sender, instance, action: str, pk_set, model, **kwargs):
        if action in _M2M_ACTIONS:
            audit_record(
                action=audit_action,
                obj=instance,
                change=_M2M_ACTIONS[action],
                related=model._meta.label,
                ids=sorted(pk_set or []),
                # Names as they were then: a group may later be renamed or deleted.
                names=sorted(str(related) for related in model.objects.filter(pk__in=pk_set or [])),
            )

    return handler


def _group_permission_saved(sender, instance, created, **kwargs):
    audit_record(
        action=AuditAction.PERMISSIONS_CHANGED,
        obj=instance.group,
        change="added" if created else "changed",
        permission=str(instance.permission),
        on=str(getattr(instance, "page", None) or getattr(instance, "collection", "")),
    )


def _group_permission_deleted(sender, instance, **kwargs):
    audit_record(
        action=AuditAction.PERMISSIONS_CHANGED,
        obj=instance.group,
        change="removed",
        permission=str(instance.permission),
        on=str(getattr(instance, "page", None) or getattr(instance, "collection", "")),
    )


def _published(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None) if revision is not None else None
    audit_record(action=AuditAction.PUBLISH, obj=instance, user=user, revision=getattr(revision, "pk", None))


def _unpublished(sender, instance, **kwargs):
    audit_record(action=AuditAction.UNPUBLISH, obj=instance)


def _published_model(sender, instance, **kwargs):
    # Pages send page_published as well; only other models are recorded here.
    if not isinstance(instance, Page):
        _published(sender, instance, **kwargs)


def _unpublished_model(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        _unpublished(sender, instance, **kwargs)


def _workflow_step(step):
    def handler(sender, instance, user=None, **kwargs):
        target = getattr(instance, "content_object", None) or getattr(
            getattr(instance, "workflow_state", None), "content_object", None
        )
        audit_record(
            action=AuditAction.WORKFLOW,
            obj=target,
            user=user,
            step=step,
            task=str(getattr(instance, "task", "")),
            comment=getattr(instance, "comment", ""),
        )

    return handler


def register():
    User = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    pre_save.connect(_account_before_save, sender=User, dispatch_uid="audit-account-before-save")
    post_save.connect(_account_saved, sender=User, dispatch_uid="audit-account-saved")
    # Handlers made by a factory are only referenced here: keep them alive.
    m2m_changed.connect(
        _m2m(AuditAction.GROUPS_CHANGED), sender=User.groups.through, weak=False, dispatch_uid="audit-groups"
    )
    for through in (User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            _m2m(AuditAction.PERMISSIONS_CHANGED),
            sender=through,
            weak=False,
            dispatch_uid=f"audit-perms-{through.__name__}",
        )
    for model in (GroupPagePermission, GroupCollectionPermission):
        post_save.connect(_group_permission_saved, sender=model, dispatch_uid=f"audit-save-{model.__name__}")
        post_delete.connect(_group_permission_deleted, sender=model, dispatch_uid=f"audit-delete-{model.__name__}")
    wagtail_signals.page_published.connect(_published, dispatch_uid="audit-page-published")
    wagtail_signals.page_unpublished.connect(_unpublished, dispatch_uid="audit-page-unpublished")
    wagtail_signals.published.connect(_published_model, dispatch_uid="audit-published")
    wagtail_signals.unpublished.connect(_unpublished_model, dispatch_uid="audit-unpublished")
    for step, signal in (
        ("workflow_submitted", wagtail_signals.workflow_submitted),
        ("workflow_approved", wagtail_signals.workflow_approved),
        ("workflow_rejected", wagtail_signals.workflow_rejected),
        ("workflow_cancelled", wagtail_signals.workflow_cancelled),
        ("task_approved", wagtail_signals.task_approved),
        ("task_rejected", wagtail_signals.task_rejected),
    ):
        signal.connect(_workflow_step(step), weak=False, dispatch_uid=f"audit-{step}")
