"""Reads of site search: the search itself (the public page, the JSON API
and the headless API all call ``search``), title suggestions while typing,
and the operator's query statistics."""

import datetime
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property

from cluster.models import ColumnPage, SiteKind, SiteRecord
from cluster.routing import canonical_root
from cluster.selectors import ColumnNode
from library.models import RESOURCE_TYPES
from units.models import OrgUnit

from .analysis import backend_needs_words, clean_query, query_words
from .backends import search_backend, unavailable_errors
from .highlight import highlight, pinyin_terms, snippet
from .models import QueryLog, Recommendation, SearchEntry
from .query import ParsedQuery, parse, to_search_query

PER_PAGE = 10
MAX_PER_PAGE = 50
SUGGEST_LIMIT = 8
SORTS = {"relevance": "按相关度", "date": "按时间"}
RESOURCE_TYPE_LABELS = {model._meta.model_name: str(model._meta.verbose_name) for model in RESOURCE_TYPES}


class SearchUnavailable(Exception):
    """The search engine cannot be reached; pages other than search still work."""


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search. ``cluster`` searches every public site
    (全站群, offered on the portal), or ``site`` alone among them; ``column``
    (a column page or a node of its tree) includes the columns below it."""

    cluster: bool = False
    site: SiteRecord | None = None
    column: ColumnPage | ColumnNode | None = None
    resource_type: str = ""
    unit: OrgUnit | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @property
    def narrowed(self) -> bool:
        return any((self.site, self.column, self.resource_type, self.unit, self.date_from, self.date_to))


@dataclass
class Hit:
    """One result as shown: marked-up title and snippet, and where it is."""

    entry: SearchEntry
    title_html: str
    snippet_html: str
    url: str

    @property
    def type_label(self) -> str:
        return RESOURCE_TYPE_LABELS.get(self.entry.resource_type, "")


@dataclass(frozen=True)
class Suggestion:
    """A query worth trying instead of one that found nothing: on this
    site, across all sites (``cluster``), or on the portal (``url``)."""

    query: str
    hits: int
    reason: str
    cluster: bool = False
    url: str = ""


@dataclass
class SearchResults:
    query: ParsedQuery
    page: Page
    facets: dict[str, int]
    # True when nothing matched every word, and these results match some.
    relaxed: bool = False
    recommendations: list[Hit] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def hits(self) -> list[Hit]:
        return self.page.object_list


def public_site_ids() -> list[int]:
    """Sites whose content is searched: running ones, and archives."""
    return list(SiteRecord.objects.public().values_list("pk", flat=True))


def _entries(*, site: SiteRecord, filters: SearchFilters, public_sites: list[int]):
    """Entries the public may find: on a public site in scope, and not a
    notice past its period whose submitter chose to hide it then."""
    entries = SearchEntry.objects.public()
    if filters.cluster and not filters.site:
        # Each resource once, on its own unit's website.
        site_ids = public_sites
        entries = entries.filter(canonical=True)
    else:
        site_ids = [(filters.site or site).pk]
    entries = (
        entries.filter(site_id__in=[pk for pk in site_ids if pk in public_sites])
        .filter(Q(hidden_from__isnull=True) | Q(hidden_from__gt=timezone.localdate()))
        .select_related("site__unit", "site__site", "unit")
    )
    if filters.column:
        entries = entries.filter(column_path__startswith=filters.column.path)
    if filters.unit:
        entries = entries.filter(unit_id=filters.unit.pk)
    if filters.date_from:
        entries = entries.filter(published_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(published_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search(backend, parsed: ParsedQuery, entries, *, sort: str = "relevance", relaxed: bool = False):
    query = to_search_query(parsed, words_needed=backend_needs_words(), relaxed=relaxed)
    if sort == "date":
        return backend.search(query, entries.order_by("-published_at"), order_by_relevance=False)
    return backend.search(query, entries)


def _absolute_url(entry: SearchEntry, site: SiteRecord) -> str:
    if entry.site_id == site.pk:
        return entry.url
    record = entry.site
    _, root_url = canonical_root(record.site_id, default=(record.site_id, record.site.root_url))
    return f"{root_url}{entry.url}"


def _hit(entry: SearchEntry, parsed: ParsedQuery, site: SiteRecord, *, with_snippet: bool = True) -> Hit:
    terms = parsed.terms
    return Hit(
        entry=entry,
        title_html=highlight(entry.title, terms + pinyin_terms(entry.title, terms)),
        snippet_html=snippet(entry.body, terms, fallback=entry.summary) if with_snippet else "",
        url=_absolute_url(entry, site),
    )


def _recommendations(parsed: ParsedQuery, entries, site: SiteRecord) -> list[Hit]:
    """推荐结果 for this query on ``site``, where they are shown in scope."""
    query = parsed.text.lower()
    picks = [pick for pick in Recommendation.objects.filter(site=site) if query in pick.query_list]
    if not picks:
        return []
    shown = {entry.resource_id: entry for entry in entries.filter(resource_id__in=[p.resource_id for p in picks])}
    return [_hit(shown[pick.resource_id], parsed, site) for pick in picks if pick.resource_id in shown]


def _suggestions(backend, parsed: ParsedQuery, *, site, filters, public_sites) -> list[Suggestion]:
    """For a query that found nothing: the same query without each of its
    words, without the filters, across every site, and the site's popular
    queries — each offered only if it finds something."""
    candidates = [(Suggestion(shorter, 0, "减少关键词"), parse(shorter), filters) for shorter in parsed.shorter()[:6]]
    if filters.narrowed:
        candidates.append((Suggestion(parsed.text, 0, "不限条件"), parsed, SearchFilters(cluster=filters.cluster)))
    if site.kind == SiteKind.PORTAL and not filters.cluster:
        candidates.append((Suggestion(parsed.text, 0, "搜索全站群", cluster=True), parsed, SearchFilters(cluster=True)))
    elif site.kind != SiteKind.PORTAL and (portal := SiteRecord.objects.filter(kind=SiteKind.PORTAL).first()):
        _, root_url = canonical_root(portal.site_id, default=(portal.site_id, portal.site.root_url))
        url = f"{root_url}/search/?{urlencode({'q': parsed.text, 'scope': 'cluster'})}"
        candidates.append(
            (Suggestion(parsed.text, 0, "在市政府门户网站搜索全站群", url=url), parsed, SearchFilters(cluster=True))
        )
    found = []
    for suggestion, query, scope in candidates:
        if query:
            hits = _search(backend, query, _entries(site=site, filters=scope, public_sites=public_sites)).count()
            if hits:
                found.append(replace(suggestion, hits=hits))
    found.sort(key=lambda s: -s.hits)
    popular = [
        Suggestion(row["query"], row["hits"], "热门搜索")
        for row in popular_queries(site=site, limit=5)
        if row["query"] != parsed.text.lower()
    ]
    return found[:5] + popular


def search(
    *,
    query: str,
    site: SiteRecord,
    filters: SearchFilters = SearchFilters(),
    sort: str = "relevance",
    page: int | str = 1,
    per_page: int = PER_PAGE,
    clamp_page: bool = True,
) -> SearchResults:
    """Search the entries of ``site`` (or of the cluster, see
    ``SearchFilters``) for ``query``: one page of highlighted hits, the count
    per resource type (before the type filter), and for a query that found
    nothing with all its words, the results with some of them (``relaxed``)
    and suggestions. A page past the end is the last page, unless
    ``clamp_page`` is false (then it is empty). Raises SearchUnavailable if
    the search engine cannot be reached."""
    parsed = parse(query)
    if not parsed:
        return SearchResults(query=parsed, page=Paginator([], per_page).page(1), facets={})
    backend = search_backend()
    public_sites = public_site_ids()
    entries = _entries(site=site, filters=filters, public_sites=public_sites)
    typed = entries.filter(resource_type=filters.resource_type) if filters.resource_type else entries
    try:
        # One count per type, before the type filter, gives the total too.
        facets = dict(_search(backend, parsed, entries).facet("resource_type"))
        relaxed = not facets and len(parsed.words) > 1
        if relaxed:
            facets = dict(_search(backend, parsed, entries, relaxed=True).facet("resource_type"))
        total = facets.get(filters.resource_type, 0) if filters.resource_type else sum(facets.values())
        paginator = CountedPaginator(_search(backend, parsed, typed, sort=sort, relaxed=relaxed), per_page, total)
        page_obj = paginator.get_page(page) if clamp_page else _page_or_empty(paginator, page)
        page_obj.object_list = [_hit(entry, parsed, site) for entry in page_obj.object_list]
        outcome = SearchResults(query=parsed, page=page_obj, facets=facets, relaxed=relaxed)
        if page_obj.number == 1:
            outcome.recommendations = _recommendations(parsed, entries, site)
        if relaxed or not paginator.count:
            outcome.suggestions = _suggestions(backend, parsed, site=site, filters=filters, public_sites=public_sites)
    except unavailable_errors() as exc:
        raise SearchUnavailable(str(exc)) from exc
    return outcome


class CountedPaginator(Paginator):
    """A paginator told the count, which the type counts already gave."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def _page_or_empty(paginator: Paginator, number) -> Page:
    try:
        return paginator.page(number)
    except EmptyPage:
        return Page([], int(number), paginator)


def suggest(*, query: str, site: SiteRecord, cluster: bool = False, limit: int = SUGGEST_LIMIT) -> list[Hit]:
    """Titles that start words with what is being typed (autocomplete),
    in Chinese or pinyin: 景德 → 景德镇…, jdz → 景德镇… Runs on every
    keystroke, so the text of the entries is neither loaded nor cut into a
    snippet."""
    text = clean_query(query)
    words = query_words(text)
    if not words:
        return []
    backend = search_backend()
    entries = _entries(site=site, filters=SearchFilters(cluster=cluster), public_sites=public_site_ids())
    entries = entries.defer("body", "summary")
    fields = None if backend_needs_words() else ["title", "title_pinyin", "title_initials"]
    try:
        found = list(backend.autocomplete(" ".join(words), entries, fields=fields, operator="and")[: limit * 2])
    except unavailable_errors() as exc:
        raise SearchUnavailable(str(exc)) from exc
    parsed = ParsedQuery(text=text, concepts=tuple((word,) for word in words))
    seen, hits = set(), []
    for entry in found:
        if entry.resource_id not in seen:
            seen.add(entry.resource_id)
            hits.append(_hit(entry, parsed, site, with_snippet=False))
    return hits[:limit]


def popular_queries(*, site: SiteRecord, days: int = 30, limit: int = 10) -> list[dict]:
    """The site's most searched queries that found something lately."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        QueryLog.objects.filter(site=site, date__gte=since, hits__gt=0)
        .values("query")
        .annotate(count=Sum("searches"), hits=Max("hits"))
        .order_by("-count", "query")[:limit]
    )


def query_statistics(logs):
    """Queries per site, with how often they were searched and how often
    they found nothing, most searched first (热门搜索词 / 无结果搜索词), over
    ``logs`` (a QueryLog queryset already narrowed to a site or period)."""
    return (
        logs.values("site", "site__unit__name", "query")
        .annotate(searches_total=Sum("searches"), zero_hits_total=Sum("zero_hit_searches"))
        .order_by("-searches_total", "query")
    )
