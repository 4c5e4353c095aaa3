"""Reads of the library for public pages, the API and search."""

from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr

from .models import Placement

PER_PAGE = 20


def placements_public():
    return Placement.objects.public().select_related("resource", "resource__unit", "column")


def column_listing(*, column, page_number, per_page: int = PER_PAGE):
    """One page of a column's items: pinned first, then newest."""
    placements = placements_public().filter(column=column).listing_order()
    return Paginator(placements, per_page).get_page(page_number)


def section_previews(*, parent, per_section: int = 6) -> dict[str, list[Placement]]:
    """The newest items under each child column of ``parent`` (a home page or
    a column), keyed by the child's tree path; one query whatever the size of
    the tree."""
    prefix_length = len(parent.path) + parent.steplen
    section = Substr("column__path", 1, prefix_length)
    placements = (
        placements_public()
        .filter(column__path__startswith=parent.path, column__depth__gt=parent.depth)
        .annotate(
            section=section,
            rank=Window(
                RowNumber(),
                partition_by=[section],
                order_by=[F("pinned").desc(), F("resource__first_published_at").desc(), F("id").desc()],
            ),
        )
        .filter(rank__lte=per_section)
        .order_by("section", "rank")
    )
    previews: dict[str, list[Placement]] = {}
    for placement in placements:
        previews.setdefault(placement.section, []).append(placement)
    return previews


def placement_for_page(*, column, resource_id: int) -> Placement | None:
    return placements_public().filter(column=column, resource_id=resource_id).first()
