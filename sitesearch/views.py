"""The public search page of every site and title suggestions while typing,
both calling selectors; the JSON search is the API's (/api/v2/search/)."""

import logging

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from cluster.selectors import column_tree, site_record_for_request
from core.json_errors import error_response

from . import services
from .forms import SearchForm
from .selectors import RESOURCE_TYPE_LABELS, SearchUnavailable, suggest

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


@never_cache
def search_api(request):
    """GET /search/api/?q=…: moved for good to the API's /api/v2/search/."""
    target = reverse("api:search")
    if query := request.META.get("QUERY_STRING", ""):
        target = f"{target}?{query}"
    return HttpResponsePermanentRedirect(target, preserve_request=True)


@never_cache
def search_suggest(request):
    """GET /search/suggest/?q=…: titles for the search box while typing."""
    record = _site_record(request)
    cluster = request.GET.get("scope") == "cluster"
    try:
        hits = suggest(query=request.GET.get("q", ""), site=record, cluster=cluster)
    except SearchUnavailable:
        logger.exception("search suggestions failed on %s", record.domain)
        return error_response(503, UNAVAILABLE)
    return JsonResponse(
        {"suggestions": [{"title": hit.entry.title, "title_html": hit.title_html, "url": hit.url} for hit in hits]},
        json_dumps_params={"ensure_ascii": False},
    )
