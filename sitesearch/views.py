"""The public search page of every site, title suggestions while typing,
and a JSON search API; all three call selectors."""

import logging

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from cluster.selectors import column_tree, site_record_for_request

from . import services
from .forms import SearchForm
from .selectors import MAX_PER_PAGE, PER_PAGE, RESOURCE_TYPE_LABELS, SearchUnavailable, suggest

logger = logging.getLogger(__name__)

UNAVAILABLE = "搜索服务暂时不可用,请稍后再试。"


def _site_record(request):
    record = site_record_for_request(request)
    if record is None:
        raise Http404("没有这个网站。")
    return record


def _querystring(request, **changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            params.pop(name, None)
        else:
            params[name] = value
    return params.urlencode()


@never_cache
def search_page(request):
    record = _site_record(request)
    form = SearchForm(request.GET, record=record)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    context = {
        "site_record": record,
        "column_tree": column_tree(record.site.root_page),
        "form": form,
        "query": query,
        "cluster": form.cluster,
    }
    status = 200
    if query:
        try:
            results = form.search(page=request.GET.get("page") or 1)
        except SearchUnavailable:
            logger.exception("search failed on %s", record.domain)
            context["unavailable"] = UNAVAILABLE
            status = 503
        else:
            if request.GET.get("page", "1") in ("", "1"):
                services.query_log_record(site=record, query=query, hits=results.total)
            services.retry_pending_soon()
            active_type = form.cleaned_data.get("type") or ""
            context.update(
                results=results,
                facets=[
                    {
                        "label": RESOURCE_TYPE_LABELS[name],
                        "count": count,
                        "url": "?" + _querystring(request, type=name),
                        "active": name == active_type,
                    }
                    for name, count in sorted(results.facets.items(), key=lambda item: -item[1])
                    if name in RESOURCE_TYPE_LABELS
                ],
                all_types_url="?" + _querystring(request, type=None),
                facet_total=sum(results.facets.values()),
                pagination_query=_querystring(request),
            )
    return render(request, "sitesearch/search_page.html", context, status=status)


def _error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _hit_json(hit) -> dict:
    entry = hit.entry
    return {
        "id": entry.resource_id,
        "title": entry.title,
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
        "url": hit.url,
        "site": {"id": entry.site_id, "name": entry.site.name, "domain": entry.site.domain},
        "column": entry.column_titles,
        "type": entry.resource_type,
        "type_label": hit.type_label,
        "unit": entry.unit.name if entry.unit_id else "",
        "published_at": timezone.localtime(entry.published_at).isoformat() if entry.published_at else None,
        "expired": entry.is_expired,
        "archived": entry.is_archived,
    }


@never_cache
def search_api(request):
    """GET /search/api/?q=…: the search page's results as JSON."""
    record = _site_record(request)
    form = SearchForm(request.GET, record=record)
    if not form.is_valid():
        return _error("参数无效。", 400, fields=form.errors.get_json_data())
    query = form.cleaned_data["q"]
    if not query:
        return _error("请输入搜索词。", 400)
    per_page = request.GET.get("per_page") or str(PER_PAGE)
    if not per_page.isdigit() or not 1 <= int(per_page) <= MAX_PER_PAGE:
        return _error(f"per_page 须为 1 到 {MAX_PER_PAGE} 的整数。", 400)
    try:
        results = form.search(page=form.cleaned_data.get("page") or 1, per_page=int(per_page), clamp_page=False)
    except SearchUnavailable:
        logger.exception("search API failed on %s", record.domain)
        return _error(UNAVAILABLE, 503)
    if results.page.number == 1:
        services.query_log_record(site=record, query=query, hits=results.total)
    return JsonResponse(
        {
            "query": results.query.text,
            "total": results.total,
            "page": results.page.number,
            "num_pages": results.page.paginator.num_pages,
            "results": [_hit_json(hit) for hit in results.hits],
            "facets": {"type": results.facets},
            "relaxed": results.relaxed,
            "recommendations": [_hit_json(hit) for hit in results.recommendations],
            "suggestions": [
                {"query": s.query, "hits": s.hits, "reason": s.reason, "cluster": s.cluster, "url": s.url}
                for s in results.suggestions
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
def search_suggest(request):
    """GET /search/suggest/?q=…: titles for the search box while typing."""
    record = _site_record(request)
    cluster = request.GET.get("scope") == "cluster"
    try:
        hits = suggest(query=request.GET.get("q", ""), site=record, cluster=cluster)
    except SearchUnavailable:
        logger.exception("search suggestions failed on %s", record.domain)
        return _error(UNAVAILABLE, 503)
    return JsonResponse(
        {"suggestions": [{"title": hit.entry.title, "title_html": hit.title_html, "url": hit.url} for hit in hits]},
        json_dumps_params={"ensure_ascii": False},
    )
