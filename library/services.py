"""Writes to the unified resource library: entering resources and using them
in columns. Admin views, the API, commands and tests all call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page

from cluster.models import ColumnPage, GuaranteeMode
from cluster.selectors import site_record_for_page
from units.models import OrgUnit

from .models import LibraryRoot, Placement, PlacementOrigin, Resource, UnitLibrary

LIBRARY_TITLE = "统一信息资源库"


def library_root() -> LibraryRoot:
    root = LibraryRoot.objects.first()
    if root is None:
        root = Page.get_first_root_node().add_child(instance=LibraryRoot(title=LIBRARY_TITLE, slug="library"))
    return root


def unit_library(unit: OrgUnit) -> UnitLibrary:
    """The unit's shelf in the library, created on first use."""
    shelf = UnitLibrary.objects.filter(unit=unit).first()
    if shelf is None:
        shelf = library_root().add_child(instance=UnitLibrary(title=unit.name, slug=f"unit-{unit.pk}", unit=unit))
    return shelf


@transaction.atomic
def resource_create(*, resource: Resource, user=None, publish: bool = True) -> Resource:
    """Enter a resource into its unit's shelf (先入库), optionally publishing it."""
    resource.owner = user
    unit_library(resource.unit).add_child(instance=resource)
    revision = resource.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        resource.refresh_from_db()
    return resource


@transaction.atomic
def placement_create(
    *,
    resource: Resource,
    column: ColumnPage,
    user=None,
    origin: str = PlacementOrigin.DIRECT,
    syndicated_from=None,
    pinned: bool = False,
    weight: int = 0,
) -> Placement:
    """Use a library resource in a column (后使用): one row, no copy."""
    if column.mode == GuaranteeMode.LINK:
        raise ValidationError(f"“{column.title}”是网站链接栏目,不能放置信息。")
    placement, _ = Placement.objects.get_or_create(
        resource=resource,
        column=column,
        defaults={
            "site": site_record_for_page(column),
            "created_by": user,
            "origin": origin,
            "syndicated_from": syndicated_from,
            "pinned": pinned,
            "weight": weight,
        },
    )
    return placement
