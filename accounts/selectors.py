"""Who holds the powers that hand out powers: the rule that only superusers
make superusers or platform administrators, grant the groups that manage
accounts, or set such an account's password (least privilege, 第十三条(三))."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

from .roles import PLATFORM_ADMINS

# Whoever holds one of these can create accounts or give groups their rights.
_MANAGEMENT_CODENAMES = {
    "accounts": ("add_user", "change_user", "delete_user"),
    "auth": ("add_group", "change_group", "delete_group", "add_permission", "change_permission", "delete_permission"),
}


def management_permissions() -> QuerySet[Permission]:
    query = Q()
    for app_label, codenames in _MANAGEMENT_CODENAMES.items():
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return Permission.objects.filter(query)


def privileged_groups() -> QuerySet[Group]:
    """平台管理员, and any group that may manage accounts or groups."""
    return Group.objects.filter(Q(name=PLATFORM_ADMINS) | Q(permissions__in=management_permissions())).distinct()


def user_is_privileged(user) -> bool:
    """A superuser, or a member of a privileged group."""
    return user.is_superuser or (
        user.pk is not None and user.groups.filter(pk__in=privileged_groups().values("pk")).exists()
    )


def user_grant_refusals(*, actor, target, is_superuser: bool, groups_before, groups_after) -> dict[str, str]:
    """What in a change to ``target``'s account ``actor`` may not do, as
    {form field: reason}; empty when all of it is allowed."""
    if actor.is_superuser:
        return {}
    refusals = {}
    if is_superuser != bool(target.is_superuser):
        refusals["is_superuser"] = "只有超级管理员可以设置或取消超级管理员。"
    privileged = set(privileged_groups().values_list("pk", flat=True))
    changed = {group.pk for group in groups_before} ^ {group.pk for group in groups_after}
    if changed & privileged:
        refusals["groups"] = f"只有超级管理员可以授予或收回“{PLATFORM_ADMINS}”等可以管理账号或用户组的用户组。"
    return refusals


def user_can_edit_account(*, actor, target) -> bool:
    """Editing a superuser's or platform administrator's account — setting
    its password, or its e-mail address that can reset the password, or the
    groups that are its powers — is for superusers. One's own account stays
    open: what it may not grant itself is refused field by field."""
    return actor.is_superuser or actor.pk == target.pk or not user_is_privileged(target)


def group_grant_refusals(*, actor, permissions_before, permissions_after) -> dict[str, str]:
    """What in a change to a group's permissions ``actor`` may not do."""
    if actor.is_superuser:
        return {}
    before = {permission.pk for permission in permissions_before}
    after = {permission.pk for permission in permissions_after}
    managing = set(management_permissions().values_list("pk", flat=True))
    if (before ^ after) & managing:
        return {"permissions": "只有超级管理员可以授予或收回管理账号和用户组的权限。"}
    return {}


def user_can_edit_group(*, actor, group: Group) -> bool:
    return actor.is_superuser or group.pk is None or not privileged_groups().filter(pk=group.pk).exists()
