"""The groups people are put in: Wagtail groups carrying Django model
permissions and Wagtail page and collection permissions, so that every part
of the admin asks the same permission machinery (least privilege, 第十三条(三)).

* 平台管理员 (市政数局) runs the cluster: sites, columns, units, accounts.
* For each unit, 编辑 enter resources on the unit's shelf of the library and
  submit them for review; 审核 also publish them and may override the
  sensitive-word check with a reason.
* 附件2 reviewers of 市政数局 approve content for the portal in three stages."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from units.models import OrgUnit

from .signals import unit_review_stage_ensured, unit_roles_ensured

PLATFORM_ADMINS = "平台管理员"
PORTAL_REVIEW_STAGES = ("附件2经办人", "附件2科室科长", "附件2分管领导")

_EDITOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "library.add_placement",
    "library.add_submission",
    "library.change_submission",
)
_REVIEWER_PERMISSIONS = _EDITOR_PERMISSIONS + ("library.change_placement", "library.override_vetting")
_PLATFORM_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "cluster.add_siterecord",
    "cluster.change_siterecord",
    "units.add_orgunit",
    "units.change_orgunit",
    "accounts.add_user",
    "accounts.change_user",
    "auth.add_group",
    "auth.change_group",
    "audit.view_auditevent",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "library.add_placement",
    "library.change_placement",
    "library.override_vetting",
    "review.add_sensitiveword",
    "review.change_sensitiveword",
    "review.delete_sensitiveword",
    "review.add_blockeddomain",
    "review.change_blockeddomain",
    "review.delete_blockeddomain",
)


def editors_group_name(unit: OrgUnit) -> str:
    return f"{unit.short_name}·编辑"


def reviewers_group_name(unit: OrgUnit) -> str:
    return f"{unit.short_name}·审核"


def _permissions(codenames) -> list[Permission]:
    found = []
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant_pages(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def _grant_collection(group: Group, collection: Collection, codenames: list[str]) -> None:
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )


def unit_collection(unit: OrgUnit) -> Collection:
    """The unit's folder for images and documents."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=unit.name).first()
    return existing or root.add_child(name=unit.name)


@transaction.atomic
def unit_roles_ensure(unit: OrgUnit) -> tuple[Group, Group]:
    """The unit's 编辑 and 审核 groups, with their permissions on the unit's
    shelf of the library (granted by the library on ``unit_roles_ensured``)
    and its collection of images and documents."""
    collection = unit_collection(unit)
    editors, _ = Group.objects.get_or_create(name=editors_group_name(unit))
    reviewers, _ = Group.objects.get_or_create(name=reviewers_group_name(unit))
    editors.permissions.add(*_permissions(_EDITOR_PERMISSIONS))
    reviewers.permissions.add(*_permissions(_REVIEWER_PERMISSIONS))
    unit_roles_ensured.send(sender=OrgUnit, unit=unit, editors=editors, reviewers=reviewers)
    media = [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ]
    for group in (editors, reviewers):
        _grant_collection(group, collection, media)
    return editors, reviewers


@transaction.atomic
def unit_review_stage_ensure(unit: OrgUnit, stage: str) -> Group:
    """A further stage of the unit's own review (such as 分管领导): its members
    sign in to the admin, open and preview what reaches them on the unit's
    shelf, and approve it (the library grants the shelf on
    ``unit_review_stage_ensured``)."""
    group, _ = Group.objects.get_or_create(name=f"{unit.short_name}·{stage}")
    group.permissions.add(*_permissions(("wagtailadmin.access_admin",)))
    unit_review_stage_ensured.send(sender=OrgUnit, unit=unit, stage=stage, group=group)
    return group


@transaction.atomic
def platform_roles_ensure() -> Group:
    admins, _ = Group.objects.get_or_create(name=PLATFORM_ADMINS)
    admins.permissions.add(*_permissions(_PLATFORM_PERMISSIONS))
    root = Page.get_first_root_node()
    grant_pages(admins, root, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"])
    for name in PORTAL_REVIEW_STAGES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(("wagtailadmin.access_admin",)))
    return admins
