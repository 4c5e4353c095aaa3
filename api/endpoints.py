"""The cluster's own read endpoints under /api/v2/: sites, columns and the
resources of the unified library. Each view reads through ``selectors`` and
presents through ``representation``; keys, rate limits and conditional GET
are the guard's (see urls)."""

import logging

from django.core.cache import cache
from django.http import Http404
from ninja import Path, Query, Router, Status

from cluster.models import SiteRecord
from library.models import Resource
from sitesearch.selectors import SearchFilters, SearchUnavailable
from sitesearch.services import query_log_record

from . import representation, schemas, selectors
from .conditional import request_content_state
from .errors import UnknownFilter
from .representation import Links
from .schemas import MAX_ID, Error
from .search import search_window

logger = logging.getLogger(__name__)
router = Router()
# Any change makes a new key; this only bounds how long dead ones linger.
COUNT_CACHE_SECONDS = 3600


def _page(items, query: schemas.Paging, present, *, count: int | None = None) -> dict:
    """One page of ``items`` (a queryset or list) with the total count."""
    if count is None:
        count = len(items) if isinstance(items, list) else items.count()
    page = items[query.offset : query.offset + query.limit]
    return {"count": count, "limit": query.limit, "offset": query.offset, "results": present(page)}


def _site(value: str) -> SiteRecord:
    """The live site a ``site`` filter names; an unknown one is a 400."""
    record = selectors.site_find(value)
    if record is None:
        raise UnknownFilter(parameter="site", value=value, label="网站")
    return record


def _count(request, resources, query: schemas.ResourceQuery) -> int:
    """The total of a filtered list, cached under the content state the
    request was checked against: exact, and counted once however far a
    client pages through it."""
    filters = sorted(query.dict(exclude={"limit", "offset"}).items())
    key = "api-count:" + request_content_state(request).etag(str(request.api_drafts), str(filters))
    count = cache.get(key)
    if count is None:
        count = resources.count()
        cache.set(key, count, COUNT_CACHE_SECONDS)
    return count


@router.get("sites/", response={200: schemas.SiteList, 400: Error}, url_name="sites", summary="网站列表")
def site_list(request, query: Query[schemas.Paging]):
    """集约化平台上运行中与已归档(永久下线)的政府网站及其备案信息。"""
    return _page(selectors.sites_public(), query, lambda page: [representation.site(r) for r in page])


@router.get(
    "sites/{site_id}/", response={200: schemas.Site, 400: Error, 404: Error}, url_name="site", summary="网站详情"
)
def site_detail(request, site_id: int = Path(..., ge=1, le=MAX_ID)):
    record = selectors.sites_public().filter(pk=site_id).first()
    if record is None:
        raise Http404
    return representation.site(record)


@router.get("columns/", response={200: schemas.ColumnList, 400: Error}, url_name="columns", summary="栏目树")
def column_list(request, query: Query[schemas.ColumnQuery]):
    """一个网站的栏目树,按树的顺序平铺,每个栏目给出上级栏目、内容保障单位与保障方式。"""
    record = _site(query.site)
    rows = representation.columns(record, selectors.columns_of(record), Links(request))
    return _page(rows, query, list)


@router.get("resources/", response={200: schemas.ResourceList, 400: Error}, url_name="resources", summary="信息列表")
def resource_list(request, query: Query[schemas.ResourceQuery]):
    """统一信息资源库中已在网站上发布的信息,可按网站、栏目、类型、发布机构、时间筛选。"""
    drafts = request.api_drafts
    site = _site(query.site) if query.site else None
    column = selectors.column_find(query.column) if query.column else None
    if query.column and column is None:
        raise UnknownFilter(parameter="column", value=query.column, label="栏目")
    if query.unit and not selectors.unit_exists(unit_id=query.unit):
        raise UnknownFilter(parameter="unit", value=query.unit, label="单位")
    resources = selectors.resources_shown(
        drafts=drafts,
        site=site,
        column=column,
        model=selectors.TYPES[query.type] if query.type else None,
        unit_id=query.unit,
        published_after=query.published_after,
        updated_since=query.updated_since,
        search=query.search or "",
        ordering=query.ordering,
    )
    links = Links(request)

    def present(page):
        page = list(page)
        placements = selectors.placements_of(page)
        return [
            representation.resource_summary(r, placements.get(r.pk, []), links, site=site, drafts=drafts) for r in page
        ]

    return _page(resources, query, present, count=_count(request, resources, query))


@router.get(
    "resources/{resource_id}/",
    response={200: schemas.ResourceDetail, 400: Error, 404: Error},
    url_name="resource",
    summary="信息详情",
)
def resource_detail(request, query: Query[schemas.ResourceDetailQuery], resource_id: int = Path(..., ge=1, le=MAX_ID)):
    """一条信息的全部内容:按类型的字段(政府信息公开要素、办事指南表格、附件下载地址、图片)以及它发布在哪些网站的哪些栏目。"""
    drafts = request.api_drafts
    resource = selectors.resource_shown(resource_id, drafts=drafts)
    if resource is None:
        raise Http404
    placements = selectors.placements_of([resource]).get(resource.pk, [])
    if drafts:
        resource = resource.get_latest_revision_as_object()
    links = Links(request)
    related = {
        name: selectors.resources_related(
            Resource.objects.filter(pk__in=[r.pk for r in getattr(resource, name).all()]), drafts=drafts
        )
        for name in ("interpretations", "documents", "items")
        if hasattr(resource, name)
    }
    return {
        **representation.resource_summary(resource, placements, links, drafts=drafts),
        **representation.typed_fields(resource, links, related),
        "placements": [representation.placement(p, links) for p in placements],
    }


@router.get(
    "search/",
    response={200: schemas.SearchList, 400: Error, 503: Error},
    url_name="search",
    summary="站内搜索",
)
def site_search(request, query: Query[schemas.SearchQuery]):
    """与网站搜索框相同的搜索:按相关度排序,标出命中词;可限定网站、信息类型,或在全站群中搜索。"""
    site = _site(query.site) if query.site else selectors.site_for_request(request)
    if site is None:
        return {"count": 0, "limit": query.limit, "offset": query.offset, "results": [], "facets": {}}
    try:
        found = search_window(
            query=query.q,
            site=site,
            filters=SearchFilters(
                cluster=query.cluster and not query.site,
                site=site if query.site else None,
                resource_type=selectors.TYPES[query.type]._meta.model_name if query.type else "",
            ),
            limit=query.limit,
            offset=query.offset,
        )
    except SearchUnavailable:
        logger.exception("search failed for the API")
        return Status(503, {"detail": "搜索服务暂时不可用,请稍后再试。"})
    # Counted once per search, as the search page counts its first page:
    # what people look for through the apps belongs in the statistics too.
    if query.offset == 0:
        query_log_record(site=site, query=query.q, hits=found.total)
    links = Links(request)
    return {
        "count": found.total,
        "limit": query.limit,
        "offset": query.offset,
        "results": [representation.search_hit(hit, links) for hit in found.hits],
        "facets": representation.type_facets(found.facets),
    }
