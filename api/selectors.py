"""What the API may show, built on the library's and the cluster's own
definitions of public content (数据同源: the same rows the sites show).

Live sites are the cluster's public ones (``SiteRecord.objects.public``):
running, or closed for good and kept as an archive (已归档); sites being set
up or temporarily offline show nothing."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from wagtail.models import Site

from cluster.domains import DomainRuleError, to_ascii
from cluster.models import ColumnPage, SiteRecord
from cluster.routing import NAMESPACE as CLUSTER_NAMESPACE
from core import cache as generational
from library import models as library
from library.models import AfterExpiry, Placement, Resource
from library.selectors import placements_public
from units.models import OrgUnit

# Stable names of the resource types, as the API's ``type`` field spells them.
TYPES: dict[str, type[Resource]] = {
    "article": library.Article,
    "notice": library.Notice,
    "policy_document": library.PolicyDocument,
    "policy_interpretation": library.PolicyInterpretation,
    "service_guide": library.ServiceGuide,
    "link": library.LinkResource,
    "overview": library.Overview,
    "org_functions": library.OrgFunctions,
    "leader_profile": library.LeaderProfile,
    "special_topic": library.SpecialTopic,
}
TYPE_NAMES: dict[type[Resource], str] = {model: name for name, model in TYPES.items()}

ORDERINGS = {
    "published_at": "first_published_at",
    "updated_at": "last_published_at",
    "title": "title",
    "id": "id",
}

# Ids are 32-bit in Wagtail's page table; larger numbers cannot name anything.
MAX_ID = 2**31 - 1


def sites_public() -> QuerySet[SiteRecord]:
    return SiteRecord.objects.public().select_related("site", "unit", "host_unit", "operator_unit")


def _registry() -> dict:
    """The site records: every one by id, and the live ones under their id
    and each of their hostnames. Built into the registry's cache (bumped by
    any change to sites or their records) and kept unpickled in the process
    for as long as that cache entry is current."""
    key = generational.key(CLUSTER_NAMESPACE, "api-public-sites")
    if _unpickled.get("key") == key:
        return _unpickled["sites"]
    sites = cache.get(key)
    if sites is None:
        every = list(SiteRecord.objects.select_related("site__root_page", "unit", "host_unit", "operator_unit"))
        records = [record for record in every if record.is_public]
        by_root = {record.site.root_page_id: record for record in records}
        sites = {
            "ids": [record.pk for record in records],
            "by_key": {str(r.pk): r for r in records},
            "every": {r.pk: r for r in every},
        }
        for site in Site.objects.filter(root_page_id__in=by_root):
            sites["by_key"][site.hostname] = by_root[site.root_page_id]
        cache.set(key, sites, 3600)
    _unpickled.update(key=key, sites=sites)
    return sites


_unpickled: dict = {}


def public_site_ids() -> list[int]:
    return _registry()["ids"]


def site_find(value: str) -> SiteRecord | None:
    """A live site by its id or any of its domains (English, Chinese, extra)."""
    value = value.strip()
    if not value.isdigit():
        try:
            value = to_ascii(value)
        except DomainRuleError:
            return None
    return _registry()["by_key"].get(value)


def site_for_request(request) -> SiteRecord | None:
    """The live site whose hostname a request reached."""
    site = Site.find_for_request(request)
    return _registry()["by_key"].get(site.hostname) if site else None


def columns_of(site: SiteRecord) -> list[ColumnPage]:
    """The site's live columns in tree order, with their units."""
    return list(
        ColumnPage.objects.live()
        .descendant_of(site.site.root_page)
        .order_by("path")
        .prefetch_related("unit_links__unit")
    )


def placements_shown(*, drafts: bool = False) -> QuerySet[Placement]:
    """Placements on live sites; with ``drafts``, also of resources not (yet)
    published."""
    base = Placement.objects.filter(live=True) if drafts else placements_public()
    return base.filter(site_id__in=public_site_ids())


def column_find(column_id: int) -> ColumnPage | None:
    return ColumnPage.objects.filter(pk=column_id).first() if column_id <= MAX_ID else None


def unit_exists(*, unit_id: int) -> bool:
    return unit_id <= MAX_ID and OrgUnit.objects.filter(pk=unit_id).exists()


def _column_scope(column: ColumnPage) -> Q:
    """Placements a column shows: its own and, for 栏目汇聚, its sources'."""
    sources = column.aggregation_sources.values("source_id")
    return Q(column=column) | Q(column_id__in=sources)


def _resources_public() -> QuerySet[Resource]:
    """The resource side of ``placements_public()``: live, and not a notice
    hidden once its period ended. Kept apart from the placement side so the
    database can start from whichever is more selective."""
    return Resource.objects.filter(live=True).exclude(
        after_expiry=AfterExpiry.HIDE, valid_until__lt=timezone.localdate()
    )


def resources_shown(
    *,
    drafts: bool = False,
    site: SiteRecord | None = None,
    column: ColumnPage | None = None,
    model: type[Resource] | None = None,
    unit_id: int | None = None,
    published_after: datetime.datetime | None = None,
    updated_since: datetime.datetime | None = None,
    search: str = "",
    ordering: str = "-published_at",
) -> QuerySet[Resource]:
    """Resources with at least one placement matching the filters, each once."""
    placements = Placement.objects.filter(live=True)
    placements = placements.filter(site=site) if site else placements.filter(site_id__in=public_site_ids())
    if column is not None:
        placements = placements.filter(_column_scope(column))
    resources = Resource.objects.all() if drafts else _resources_public()
    resources = resources.filter(Exists(placements.filter(resource=OuterRef("pk"))))
    if model is not None:
        resources = resources.type(model)
    if unit_id is not None:
        resources = resources.filter(unit_id=unit_id)
    if published_after is not None:
        resources = resources.filter(first_published_at__gte=published_after)
    if updated_since is not None:
        resources = resources.filter(last_published_at__gte=updated_since)
    if search:
        resources = resources.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    field = ORDERINGS[ordering.lstrip("-")]
    if drafts:
        # Drafts never published have no publish times: they go last.
        descending, ascending = F(field).desc(nulls_last=True), F(field).asc(nulls_first=True)
    else:
        # Plain order, so the indexes on the publish times serve it.
        descending, ascending = F(field).desc(), F(field).asc()
    order = [descending, F("id").desc()] if ordering.startswith("-") else [ascending, F("id").asc()]
    related = ["unit", "latest_revision"] if drafts else ["unit"]
    return resources.select_related(*related).order_by(*order)


def resource_shown(resource_id: int, *, drafts: bool = False) -> Resource | None:
    """A resource as its own type, if it is shown anywhere (or, with
    ``drafts``, whatever its state)."""
    if drafts:
        resources = Resource.objects.filter(pk=resource_id)
    else:
        placed = Placement.objects.filter(live=True, site_id__in=public_site_ids(), resource=OuterRef("pk"))
        resources = _resources_public().filter(Exists(placed), pk=resource_id)
    content_type_id = resources.values_list("content_type_id", flat=True).first()
    if content_type_id is None:
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    related = [name for name in ("unit", "cover", "photo", "lead_unit") if _has_field(model, name)]
    if drafts:
        related.append("latest_revision")
    return model.objects.select_related(*related).get(pk=resource_id)


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


@dataclass(frozen=True)
class Shown:
    """A placement as the API shows it: where a resource is, with its site
    records from the registry's cache rather than from joins."""

    resource_id: int
    column_id: int
    column_title: str
    column_url_path: str
    site: SiteRecord
    syndicated_from: SiteRecord | None
    origin: str
    pinned: bool


def placements_of(resources) -> dict[int, list[Shown]]:
    """The live placements on live sites of ``resources`` (already known to
    be shown), oldest first; one query."""
    sites = _registry()["every"]
    rows = (
        Placement.objects.filter(live=True, site_id__in=public_site_ids(), resource__in=[r.pk for r in resources])
        .order_by("id")
        .values_list(
            "resource_id",
            "column_id",
            "column__title",
            "column__url_path",
            "site_id",
            "syndicated_from_id",
            "origin",
            "pinned",
        )
    )
    grouped: dict[int, list[Shown]] = {}
    for resource_id, column_id, title, url_path, site_id, source_id, origin, pinned in rows:
        shown = Shown(resource_id, column_id, title, url_path, sites[site_id], sites.get(source_id), origin, pinned)
        grouped.setdefault(resource_id, []).append(shown)
    return grouped


def resources_related(resources: QuerySet[Resource], *, drafts: bool = False) -> list[Resource]:
    """Those of ``resources`` that the caller may see, newest first."""
    if not drafts:
        resources = resources.filter(live=True).filter(Exists(placements_shown().filter(resource=OuterRef("pk"))))
    return list(resources.order_by("-first_published_at", "-id"))
