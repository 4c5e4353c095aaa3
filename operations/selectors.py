"""Reads behind the operator's dashboard (运维概览): the state of every website
and its columns, reviews waiting, what was published last, and the health of
search and the task queue. Each function issues a fixed number of queries
however many sites, columns and items the cluster holds."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageLogEntry, WorkflowState, WorkflowTask

from cluster.models import ColumnPage, ColumnSource, ColumnUnit, GuaranteeMode, SiteRecord
from cluster.models.pages import HOME_DEPTH
from library.models import Resource, Submission, SubmissionStatus
from library.selectors import placements_public
from review.workflows import PORTAL_REVIEW
from sitesearch.backends import search_backend, unavailable_errors
from sitesearch.models import SearchEntry

STEPLEN = Page.steplen


def user_runs_cluster(user) -> bool:
    """The platform operator: superusers and 平台管理员, who hold the
    registry's model permissions."""
    return user.is_superuser or user.has_perm("cluster.change_siterecord")


@dataclass(frozen=True)
class ColumnState:
    """How current one column is: its newest public item against its
    update requirement (更新要求, days between updates)."""

    id: int
    path: str
    title: str
    site_id: int
    interval_days: int | None
    latest: datetime.datetime | None
    overdue_since: datetime.datetime | None

    @property
    def empty(self) -> bool:
        return self.latest is None

    @property
    def overdue(self) -> bool:
        return self.overdue_since is not None


@dataclass
class SiteState:
    record: SiteRecord
    columns: list[ColumnState] = field(default_factory=list)

    @property
    def empty(self) -> list[ColumnState]:
        return [column for column in self.columns if column.empty]

    @property
    def overdue(self) -> list[ColumnState]:
        return [column for column in self.columns if column.overdue]


def column_states(
    *, now: datetime.datetime | None = None, site_id: int | None = None, unit_id: int | None = None
) -> list[SiteState]:
    """Every website (or the one of ``site_id``) with the state of each of
    its content columns, in four queries; with ``unit_id``, only the columns
    that unit is named for as 内容保障单位, on the sites that have any (a
    fifth query).

    A content column is a live column that holds items itself: a link
    column (网站链接) shows another site, and a column with sub-columns
    shows theirs, so neither can be empty or late. An aggregating column
    (栏目汇聚) counts its sources' items as its own, as its page does."""
    now = now or timezone.now()
    records = SiteRecord.objects.select_related("unit", "site__root_page").order_by("sort_order", "id")
    if site_id is not None:
        records = records.filter(pk=site_id)
    sites = {record.site.root_page.path: SiteState(record) for record in records}
    columns = ColumnPage.objects.live().filter(depth__gt=HOME_DEPTH).order_by("path")
    if site_id is not None:
        columns = columns.filter(path__startswith=next(iter(sites), "-"))
    columns = list(columns.values("id", "path", "title", "mode", "update_interval_days"))
    # Containers are told from every column, before any are left out.
    containers = {column["path"][:-STEPLEN] for column in columns}
    own = dict(
        placements_public()
        .order_by()
        .values("column_id")
        .annotate(latest=Max("resource__first_published_at"))
        .values_list("column_id", "latest")
    )
    latest = dict(own)
    for column_id, source_id in ColumnSource.objects.values_list("column_id", "source_id"):
        if (source_latest := own.get(source_id)) and (column_id not in latest or source_latest > latest[column_id]):
            latest[column_id] = source_latest
    if unit_id is not None:
        units_columns = set(ColumnUnit.objects.filter(unit_id=unit_id).values_list("column_id", flat=True))
        columns = [column for column in columns if column["id"] in units_columns]
    for column in columns:
        site = sites.get(column["path"][: HOME_DEPTH * STEPLEN])
        if site is None or column["mode"] == GuaranteeMode.LINK or column["path"] in containers:
            continue
        newest, interval = latest.get(column["id"]), column["update_interval_days"]
        due = newest + datetime.timedelta(days=interval) if newest and interval else None
        site.columns.append(
            ColumnState(
                id=column["id"],
                path=column["path"],
                title=column["title"],
                site_id=site.record.pk,
                interval_days=interval,
                latest=newest,
                overdue_since=due if due and due < now else None,
            )
        )
    return [site for site in sites.values() if site.columns or unit_id is None]


def _ancestry(path: str) -> range:
    """Ends of the tree paths from level 1 down to the column at ``path``."""
    return range((HOME_DEPTH + 1) * STEPLEN, len(path) + 1, STEPLEN)


def column_titles(paths) -> dict[str, str]:
    """Titles of the columns at ``paths`` and above them; one query."""
    wanted = {path[:end] for path in paths for end in _ancestry(path)}
    return dict(Page.objects.filter(path__in=wanted).values_list("path", "title"))


def column_trail(path: str, *, titles: dict[str, str]) -> str:
    """“政务公开 / 法定主动公开内容 / …”: the titles from level 1 down."""
    return " / ".join(titles.get(path[:end], "…") for end in _ancestry(path))


@dataclass(frozen=True)
class UnitColumn:
    site: str
    trail: str
    state: ColumnState


def unit_columns(*, unit_id: int, now: datetime.datetime | None = None) -> list[UnitColumn]:
    """The content columns a unit is named for as 内容保障单位, on every
    site, those needing attention (empty, then overdue) first; six queries.
    This is all a unit's own dashboard shows of the cluster."""
    sites = column_states(now=now, unit_id=unit_id)
    titles = column_titles(state.path for site in sites for state in site.columns)
    rows = [
        UnitColumn(site=site.record.name, trail=column_trail(state.path, titles=titles), state=state)
        for site in sites
        for state in site.columns
    ]
    return sorted(rows, key=lambda row: (not row.state.empty, not row.state.overdue))


OUTSIDE_WORKFLOW = "未送审"


@dataclass(frozen=True)
class PendingReviews:
    """Submissions (信息报送) waiting, counted by unit and by 附件2 stage."""

    stages: list[str]
    rows: list[tuple[str, list[int], int]]  # unit, count per stage, total
    totals: list[int]
    total: int


def pending_reviews() -> PendingReviews:
    """Pending submissions by submitting unit and by the stage of the review
    workflow each waits at (a pending submission outside any workflow is
    未送审); two queries. Every stage of 附件2 is shown, waiting or not."""
    in_progress = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Submission),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    counts = (
        Submission.objects.filter(status=SubmissionStatus.PENDING)
        .annotate(stage=Subquery(in_progress.values("current_task_state__task__name")[:1]))
        .order_by()
        .values_list("unit__short_name", "stage")
        .annotate(n=Count("pk"))
    )
    by_unit: dict[str, Counter] = defaultdict(Counter)
    for unit, stage, n in counts:
        by_unit[unit][stage or OUTSIDE_WORKFLOW] += n
    stages = list(
        WorkflowTask.objects.filter(workflow__name=PORTAL_REVIEW)
        .order_by("sort_order")
        .values_list("task__name", flat=True)
    )
    seen = {stage for counter in by_unit.values() for stage in counter}
    stages += sorted(seen - set(stages) - {OUTSIDE_WORKFLOW}) + ([OUTSIDE_WORKFLOW] if OUTSIDE_WORKFLOW in seen else [])
    rows = [(unit, [counter[s] for s in stages], sum(counter.values())) for unit, counter in sorted(by_unit.items())]
    totals = [sum(row[1][i] for row in rows) for i in range(len(stages))]
    return PendingReviews(stages=stages, rows=rows, totals=totals, total=sum(totals))


@dataclass(frozen=True)
class Publish:
    """One publish of a library resource: what, by whom, when, and where it shows."""

    title: str
    unit: str
    user: str
    at: datetime.datetime
    resource_id: int
    shown_in: list[str]


def latest_publishes(*, limit: int = 10) -> list[Publish]:
    """The latest publishes of resources across the cluster, from Wagtail's
    own log (谁发布), each with the sites and columns it shows in; three
    queries."""
    entries = list(
        PageLogEntry.objects.filter(action="wagtail.publish", page__in=Resource.objects.values("pk"))
        .select_related("user", "page__resource__unit")
        .order_by("-timestamp", "-pk")[:limit]
    )
    resource_ids = {entry.page_id for entry in entries}
    placements = list(
        placements_public()
        .filter(resource_id__in=resource_ids)
        .select_related("site__unit")
        .order_by("site__sort_order", "column__path")
    )
    titles = column_titles(placement.column.path for placement in placements)
    shown: dict[int, list[str]] = defaultdict(list)
    for placement in placements:
        shown[placement.resource_id].append(
            f"{placement.site.name} › {column_trail(placement.column.path, titles=titles)}"
        )
    return [
        Publish(
            title=entry.label or entry.page.title,
            unit=entry.page.resource.unit.short_name,
            user=(entry.user.get_full_name() or entry.user.get_username()) if entry.user else "系统",
            at=entry.timestamp,
            resource_id=entry.page_id,
            shown_in=shown.get(entry.page_id, []),
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class SearchHealth:
    engine: str
    reachable: bool
    pending: int


ENGINE_CHECK_KEY = "operations:search-engine-reachable"


def _engine_reachable(backend) -> bool:
    """Whether the search engine answers; asked at most once a minute, so a
    dashboard never waits on an engine that is down more than that often."""
    reachable = cache.get(ENGINE_CHECK_KEY)
    if reachable is None:
        try:
            reachable = bool(backend.es.ping())
        except (*unavailable_errors(), ConnectionError, TimeoutError):
            reachable = False
        cache.set(ENGINE_CHECK_KEY, reachable, 60)
    return reachable


def search_health() -> SearchHealth:
    """The search backend, whether it answers, and how many search entries
    wait to reach its index (``needs_indexing``); one query."""
    backend = search_backend()
    if hasattr(backend, "es"):
        engine, reachable = "OpenSearch/Elasticsearch", _engine_reachable(backend)
    else:
        # The database backend is the database itself.
        engine, reachable = "数据库全文检索", True
    return SearchHealth(engine=engine, reachable=reachable, pending=SearchEntry.objects.pending().count())


@dataclass(frozen=True)
class QueueHealth:
    uses_queue: bool
    queued: int
    running: int
    failed: int
    oldest_queued: datetime.datetime | None


def queue_health() -> QueueHealth:
    """Background tasks (search indexing, webhooks) in the database task
    queue run by ``manage.py db_worker``; one query."""
    counts = DBTaskResult.objects.aggregate(
        queued=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        oldest_queued=Min("enqueued_at", filter=Q(status=TaskResultStatus.READY)),
    )
    uses_queue = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")
    return QueueHealth(uses_queue=uses_queue, **counts)


@dataclass(frozen=True)
class Dashboard:
    sites: list[SiteState]
    reviews: PendingReviews
    publishes: list[Publish]
    search: SearchHealth
    queue: QueueHealth

    @property
    def empty_columns(self) -> int:
        return sum(len(site.empty) for site in self.sites)

    @property
    def overdue_columns(self) -> int:
        return sum(len(site.overdue) for site in self.sites)


def cluster_dashboard(*, now: datetime.datetime | None = None) -> Dashboard:
    """Everything the operator's dashboard shows; eleven queries."""
    return Dashboard(
        sites=column_states(now=now),
        reviews=pending_reviews(),
        publishes=latest_publishes(),
        search=search_health(),
        queue=queue_health(),
    )
