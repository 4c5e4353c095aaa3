"""Reads of the library for public pages, the API and search, and which
columns a unit may propose content for."""

from django.core.paginator import Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber, Substr

from cluster.models import ColumnPage, GuaranteeMode, SiteKind, SiteRecord
from units.models import OrgUnit, UnitKind

from .models import Placement
from .models.resources import expired_before

PER_PAGE = 20


def placements_public():
    """Placements the public sees: placed live, resource live, and not a
    notice whose period ended with “hide” chosen."""
    return (
        Placement.objects.public()
        .exclude(expired_before())
        .select_related("resource", "resource__unit", "column", "syndicated_from")
    )


def column_placements(column):
    """A column's items: its own placements, plus for an aggregating column
    (栏目汇聚) those of its source columns that it does not hold itself."""
    source_ids = list(column.aggregation_sources.values_list("source_id", flat=True))
    placements = placements_public()
    if not source_ids:
        return placements.filter(column=column)
    own = Placement.objects.filter(column=column).values("resource_id")
    return placements.filter(Q(column=column) | (Q(column_id__in=source_ids) & ~Q(resource_id__in=own)))


def column_listing(*, column, page_number, per_page: int = PER_PAGE):
    """One page of a column's items: pinned first, then newest.

    The ordering runs over placement ids alone and only the page's rows are
    then loaded whole: sorting ten thousand narrow rows is cheap, sorting
    them with every joined column is not."""
    ordered_ids = column_placements(column).listing_order().values_list("id", flat=True)
    page = Paginator(ordered_ids, per_page).get_page(page_number)
    rows = placements_public().in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


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


def resource_for_page(resource):
    """The resource as its own type, with what its page shows: its unit,
    attachments and, for a service guide, its forms — a query for each."""
    model = resource.specific_class
    prefetch = ["attachments__document"]
    if hasattr(model, "forms"):
        prefetch += ["forms__blank_form", "forms__sample"]
    return model.objects.select_related("unit").prefetch_related(*prefetch).get(pk=resource.pk)


def placement_links(*, resources, site) -> list[tuple]:
    """(resource, placement to link to) for each resource that is shown
    somewhere, preferring a placement on ``site``; one query."""
    resources = list(resources)
    best: dict[int, Placement] = {}
    for placement in placements_public().filter(resource__in=resources).order_by("id"):
        current = best.get(placement.resource_id)
        if current is None or (placement.site_id == site.pk and current.site_id != site.pk):
            best[placement.resource_id] = placement
    return [(resource, best[resource.pk]) for resource in resources if resource.pk in best]


def website_of_unit(*, unit: OrgUnit) -> SiteRecord:
    """The website whose rules apply to a unit (its 索引号 pattern, where its
    drafts are previewed): its own, its parent unit's, else the portal."""
    current = unit
    while current is not None:
        record = SiteRecord.objects.filter(unit=current).first()
        if record:
            return record
        current = current.parent
    return SiteRecord.objects.get(kind=SiteKind.PORTAL)


def submission_columns(*, unit: OrgUnit):
    """The live 信息报送 columns ``unit`` may submit to: those whose 内容保障单位
    (附件1) name the unit, directly or through a collective such as
    市直各部门 — so a city department reports to 部门动态 and a county to
    县区动态, never the other way round. The 报送 form offers these and
    ``submission_create`` refuses any other."""
    units = [unit.pk] + [
        collective.pk for collective in OrgUnit.objects.filter(kind=UnitKind.COLLECTIVE) if collective.covers(unit)
    ]
    responsible = ColumnPage.objects.filter(unit_links__unit__in=units).values("pk")
    return ColumnPage.objects.live().filter(mode=GuaranteeMode.SUBMISSION, pk__in=responsible).order_by("path")
