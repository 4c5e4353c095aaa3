"""Writes of site search: the search entries derived from the library, the
search index kept in step with them, and the query log.

``entries_refresh`` is the one function that decides what the public can
find: background tasks call it for whatever a signal reported changed.
Indexing a changed entry clears its ``needs_indexing`` mark only once the
backend took it, so nothing changed while a search engine was down is lost:
``entries_index_pending`` (a task, and ``manage.py search_index``) retries."""

import datetime
import itertools
import logging
from collections import defaultdict

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

from cluster.models import ColumnPage, SiteRecord
from library.models import AfterExpiry, Placement, Resource
from library.routing import placement_path
from library.selectors import placements_public

from .analysis import clean_query, pinyin_words
from .backends import search_backend, unavailable_errors
from .models import QueryLog, SearchEntry

logger = logging.getLogger(__name__)

BATCH = 500
# Fields that say where and how an entry is shown; a change to any of them
# must reach the index.
ENTRY_FIELDS = (
    "column_id",
    "unit_id",
    "resource_type",
    "title",
    "title_pinyin",
    "title_initials",
    "summary",
    "body",
    "column_path",
    "column_titles",
    "url",
    "published_at",
    "valid_until",
    "hidden_from",
    "canonical",
)


def _resources_under(column_ids) -> set[int]:
    paths = ColumnPage.objects.filter(pk__in=column_ids).values_list("path", flat=True)
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(column__path__startswith=path)
    return set(Placement.objects.filter(under).values_list("resource_id", flat=True))


def _resource_text(resource: Resource) -> str:
    """Every searchable field of the resource's own type but its title and
    summary, as plain text: the library's models say what is searchable."""
    parts = []
    for field in type(resource).get_searchable_search_fields():
        if field.field_name in ("title", "summary"):
            continue
        value = field.get_value(resource)
        parts += value if isinstance(value, list) else [value]
    return "\n".join(str(part).strip() for part in parts if part)


def _column_titles(columns) -> dict[str, str]:
    """Title of each column above or at ``columns``, by tree path."""
    paths = {
        column.path[:end]
        for column in columns
        for end in range(3 * column.steplen, len(column.path) + 1, column.steplen)
    }
    return dict(ColumnPage.objects.filter(path__in=paths).values_list("path", "title"))


def _entry_values(placement: Placement, resource: Resource, record: SiteRecord, titles: dict[str, str]) -> dict:
    column = placement.column
    home_url_path = record.site.root_page.url_path
    full_pinyin, initials = pinyin_words(resource.title)
    hides = resource.after_expiry == AfterExpiry.HIDE and resource.valid_until is not None
    return {
        "column_id": column.pk,
        "unit_id": resource.unit_id,
        "resource_type": resource._meta.model_name,
        "title": resource.title,
        "title_pinyin": full_pinyin,
        "title_initials": initials,
        "summary": resource.summary,
        "body": _resource_text(resource),
        "column_path": column.path,
        "column_titles": [
            titles[column.path[:end]]
            for end in range(3 * column.steplen, len(column.path) + 1, column.steplen)
            if column.path[:end] in titles
        ],
        "url": placement_path(column.url_path[len(home_url_path) - 1 :], resource.pk),
        "published_at": resource.first_published_at,
        "valid_until": resource.valid_until,
        "hidden_from": resource.valid_until + datetime.timedelta(days=1) if hides else None,
    }


@transaction.atomic
def _refresh(resource_ids: list[int]) -> None:
    # The first placement of a resource on a site is the one its result links to.
    best: dict[tuple[int, int], Placement] = {}
    for placement in placements_public().filter(resource_id__in=resource_ids, column__live=True).order_by("id"):
        best.setdefault((placement.resource_id, placement.site_id), placement)
    resources = {r.pk: r for r in Resource.objects.filter(pk__in={resource_id for resource_id, _ in best}).specific()}
    records = SiteRecord.objects.select_related("site__root_page").in_bulk({site_id for _, site_id in best})
    titles = _column_titles(placement.column for placement in best.values())
    wanted = {
        key: _entry_values(placement, resources[key[0]], records[key[1]], titles)
        for key, placement in best.items()
        if key[0] in resources
    }
    canonical = {}
    for resource_id, site_id in wanted:
        own_site = records[site_id].unit_id == resources[resource_id].unit_id
        if resource_id not in canonical or (own_site and not canonical[resource_id][1]):
            canonical[resource_id] = (site_id, own_site)
    for (resource_id, site_id), values in wanted.items():
        values["canonical"] = canonical[resource_id][0] == site_id
    existing = {(e.resource_id, e.site_id): e for e in SearchEntry.objects.filter(resource_id__in=resource_ids)}
    created, changed = [], []
    for (resource_id, site_id), values in wanted.items():
        entry = existing.get((resource_id, site_id))
        if entry is None:
            created.append(SearchEntry(resource_id=resource_id, site_id=site_id, **values))
        elif not entry.public or any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            changed.append(entry)
    for key, entry in existing.items():
        if key not in wanted and entry.public:
            entry.public = False
            changed.append(entry)
    for entry in changed:
        entry.public = (entry.resource_id, entry.site_id) in wanted
        entry.needs_indexing = True
        entry.version += 1
    SearchEntry.objects.bulk_create(created)
    SearchEntry.objects.bulk_update(changed, [*ENTRY_FIELDS, "public", "needs_indexing", "version"])


def entries_refresh(*, resource_ids=(), column_ids=()) -> None:
    """Bring the search entries of these resources, and of every resource
    placed in these columns or below them, in line with where the public
    sees them (``placements_public``, in a published column), then index
    what changed."""
    resource_ids = sorted(set(resource_ids) | _resources_under(column_ids))
    _refresh_in_batches(resource_ids)
    entries_index_pending(resource_ids=resource_ids)


def _refresh_in_batches(resource_ids: list[int]) -> None:
    for start in range(0, len(resource_ids), BATCH):
        _refresh(resource_ids[start : start + BATCH])


def entries_refresh_all() -> None:
    """Derive every entry again from the library: after an import, or when
    the rules of ``entries_refresh`` changed. Everything pending is then
    indexed, without a list of every id in the query."""
    _refresh_in_batches(
        sorted(
            set(Resource.objects.values_list("pk", flat=True))
            | set(SearchEntry.objects.values_list("resource_id", flat=True))
        )
    )
    entries_index_pending()


def _mark_indexed(entries) -> None:
    """Clear the marks of entries the index now holds as they were read;
    an entry changed meanwhile keeps its mark for the next round."""
    by_version = defaultdict(list)
    for entry in entries:
        by_version[entry.version].append(entry.pk)
    with transaction.atomic():
        for version, pks in by_version.items():
            same = SearchEntry.objects.filter(pk__in=pks, version=version)
            same.filter(public=True).update(needs_indexing=False)
            same.filter(public=False).delete()


def _engine_index_missing(backend) -> bool:
    return isinstance(backend, ElasticsearchBaseSearchBackend) and not backend.get_index_for_model(SearchEntry).exists()


def entries_index_pending(*, resource_ids=None) -> int:
    """Send entries marked ``needs_indexing`` (only those of ``resource_ids``
    if given) to the search backend. If the engine cannot be reached, the
    failure is logged and the marks stay for a later retry; if it came back
    without its index, the index is built again from every entry. Returns
    how many entries were brought up to date."""
    backend = search_backend()
    pending = SearchEntry.objects.pending().order_by("pk")
    if resource_ids is not None:
        pending = pending.filter(resource_id__in=resource_ids)
    done, last_pk = 0, 0
    try:
        if _engine_index_missing(backend):
            logger.warning("the search index is missing; building it again from every search entry")
            return index_rebuild(backend)
        while batch := list(pending.filter(pk__gt=last_pk)[:BATCH]):
            last_pk = batch[-1].pk
            shown = [entry for entry in batch if entry.public]
            if shown:
                backend.add_bulk(SearchEntry, shown)
            for entry in batch:
                if not entry.public:
                    backend.delete(entry)
            _mark_indexed(batch)
            done += len(batch)
    except unavailable_errors():
        logger.exception("search index unavailable; changes stay marked for indexing")
    return done


def index_rebuild(backend=None) -> int:
    """Build the search entries' index from scratch. On OpenSearch and
    Elasticsearch the new index is filled beside the old one and the alias
    is switched when it is complete, so searches never see it half built."""
    backend = backend or search_backend()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(SearchEntry))
    index = rebuilder.start()
    index.add_model(SearchEntry)
    pending = list(SearchEntry.objects.pending().only("pk", "version"))
    count = 0
    entries = SearchEntry.get_indexed_objects().order_by("pk").iterator(BATCH)
    while chunk := list(itertools.islice(entries, BATCH)):
        index.add_items(SearchEntry, chunk)
        count += len(chunk)
    rebuilder.finish()
    _mark_indexed(pending)
    return count


RETRY_KEY = "sitesearch:retry"


def retry_pending_soon() -> None:
    """After a search worked, index what an earlier outage left pending, at
    most once a minute (``manage.py search_index`` does the same by cron)."""
    from .tasks import entries_index_task  # tasks import this module

    if cache.add(RETRY_KEY, True, 60) and SearchEntry.objects.pending().exists():
        entries_index_task.enqueue()


def query_log_record(*, site: SiteRecord, query: str, hits: int) -> None:
    """Count a search in the query log of ``site`` (搜索日志)."""
    query = clean_query(query).lower()
    if not query:
        return
    log, _ = QueryLog.objects.get_or_create(site=site, query=query, date=timezone.localdate())
    QueryLog.objects.filter(pk=log.pk).update(
        searches=F("searches") + 1, zero_hit_searches=F("zero_hit_searches") + (0 if hits else 1), hits=hits
    )
