"""The operator's dashboard (运维概览): every website with its empty and
overdue columns, submissions waiting, the latest publishes and the health of
search and the task queue — in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.admin.site_summary import PagesSummaryItem

from accounts.models import User
from cluster.models import GuaranteeMode, SiteKind, SiteStatus
from cluster.services import column_create, column_set_sources, site_record_create
from library.models import Resource
from library.services import placement_create, submission_create
from operations import selectors
from operations.wagtail_hooks import ClusterSummaryItem
from sitesearch.models import SearchEntry
from tests.factories import article, column, portal, user_in
from units.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db


def _site(name: str, short_name: str, domain: str):
    unit = OrgUnit.objects.create(name=name, short_name=short_name, kind=UnitKind.MUNICIPAL_DEPARTMENT)
    return site_record_create(
        unit=unit,
        kind=SiteKind.DEPARTMENT,
        parent=portal(),
        host_unit=unit,
        operator_unit=unit,
        domain=domain,
        status=SiteStatus.PREPARING,
    )


def _placed(col, *, title: str, days_ago: int = 0) -> Resource:
    resource = article(unit="市财政局", title=title)
    placement_create(resource=resource, column=col)
    if days_ago:
        Resource.objects.filter(pk=resource.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return resource


@pytest.fixture
def new_site():
    """A website with one empty column, one overdue, one up to date, one
    aggregating the up-to-date one, a link column, and a column whose only
    items are in its sub-column."""
    record = _site("景德镇市交通运输局", "市交通局", "jtysj.jdz.gov.cn")
    home = record.site.root_page
    column_create(parent=home, title="空栏目", update_interval_days=30, lead_units=[record.unit])
    overdue = column_create(parent=home, title="超期栏目", update_interval_days=7, lead_units=[record.unit])
    current = column_create(parent=home, title="按时栏目", update_interval_days=7)
    aggregating = column_create(parent=home, title="汇聚栏目", mode=GuaranteeMode.AGGREGATION, update_interval_days=7)
    column_set_sources(column=aggregating, sources=[current])
    column_create(parent=home, title="链接栏目", mode=GuaranteeMode.LINK, link_url="https://ggzy.jdz.gov.cn/")
    section = column_create(parent=home, title="专题")
    child = column_create(parent=section, title="子栏目")
    _placed(overdue, title="上月的通知", days_ago=30)
    _placed(current, title="本周的动态", days_ago=2)
    _placed(child, title="专题文章")
    return record


@pytest.fixture
def operator(client):
    user = User.objects.get(username="pingtai")
    client.force_login(user)
    return user


def test_columns_are_counted_empty_or_overdue_against_their_update_requirement(new_site):
    [state] = selectors.column_states(site_id=new_site.pk)
    assert [c.title for c in state.columns] == ["空栏目", "超期栏目", "按时栏目", "汇聚栏目", "子栏目"]
    assert [c.title for c in state.empty] == ["空栏目"]
    assert [c.title for c in state.overdue] == ["超期栏目"]
    assert state.overdue[0].overdue_since.date() == (timezone.now() - datetime.timedelta(days=23)).date()


def test_the_operator_sees_every_site_and_follows_the_counts_to_the_columns(client, operator, new_site):
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "网站运行状况" in html and "景德镇市交通运输局" in html and "www.cjq.gov.cn" in html
    empty_url = reverse("operations_columns", args=[new_site.pk, "empty"])
    overdue_url = reverse("operations_columns", args=[new_site.pk, "overdue"])
    assert f'<a href="{empty_url}">1</a>' in html and f'<a href="{overdue_url}">1</a>' in html
    items = response.context["site_summary"].summary_items
    assert any(isinstance(item, ClusterSummaryItem) for item in items)
    assert not any(isinstance(item, PagesSummaryItem) for item in items)

    empty = client.get(empty_url).content.decode()
    assert "空栏目" in empty and "超期栏目" not in empty
    overdue = client.get(overdue_url).content.decode()
    assert "超期栏目" in overdue and "每 7 天" in overdue and "空栏目" not in overdue
    assert client.get(reverse("operations_columns", args=[new_site.pk, "stale"])).status_code == 404
    assert client.get(reverse("operations_columns", args=[999999, "empty"])).status_code == 404


def test_a_pending_submission_is_counted_by_unit_and_stage():
    before = selectors.pending_reviews()
    finance = user_in("市财政局")
    submission_create(
        resource=article(unit="市财政局", title="预算绩效管理工作会"),
        column=column("www.jdz.gov.cn", "政务资讯/部门动态"),
        user=finance,
        contact_name="冯雪",
        contact_phone="0798-8221202",
        declaration_accepted=True,
    )
    after = selectors.pending_reviews()
    assert after.stages[:3] == ["经办人审核", "科室科长审核", "分管领导审核"]
    assert after.total == before.total + 1
    rows = {unit: counts for unit, counts, _total in after.rows}
    old = {unit: counts for unit, counts, _total in before.rows}.get("市财政局", [0] * len(after.stages))
    assert rows["市财政局"][0] == old[0] + 1
    assert rows["市财政局"][1:] == old[1:]


def test_the_latest_publishes_say_who_published_what_and_where(new_site):
    _placed(column("jtysj.jdz.gov.cn", "专题/子栏目"), title="最新发布的文章")
    latest = selectors.latest_publishes()[0]
    assert latest.title == "最新发布的文章"
    assert latest.unit == "市财政局"
    assert latest.shown_in == ["景德镇市交通运输局 › 专题 / 子栏目"]
    assert len(selectors.latest_publishes()) == 10


def test_search_health_counts_entries_waiting_for_the_index(monkeypatch):
    pending = SearchEntry.objects.pending().count()
    health = selectors.search_health()
    assert (health.reachable, health.pending) == (True, pending)

    class Unreachable:
        def ping(self):
            raise ConnectionError("connection refused")

    class EngineBackend:
        es = Unreachable()

    monkeypatch.setattr(selectors, "search_backend", lambda: EngineBackend())
    assert selectors.search_health().reachable is False


def test_queue_health_counts_queued_and_failed_tasks():
    def task(status):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="sitesearch.tasks.entries_index_task",
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
        )

    task(TaskResultStatus.READY)
    task(TaskResultStatus.READY)
    task(TaskResultStatus.FAILED)
    task(TaskResultStatus.SUCCESSFUL)
    health = selectors.queue_health()
    assert (health.queued, health.running, health.failed) == (2, 0, 1)
    assert health.oldest_queued is not None


def test_a_units_columns_put_those_needing_attention_first(new_site):
    rows = selectors.unit_columns(unit_id=new_site.unit_id)
    assert [(row.site, row.trail, row.state.empty, row.state.overdue) for row in rows] == [
        ("景德镇市交通运输局", "空栏目", True, False),
        ("景德镇市交通运输局", "超期栏目", False, True),
    ]


def test_the_dashboard_takes_the_same_few_queries_however_large_the_cluster(new_site):
    with CaptureQueriesContext(connection) as small:
        selectors.cluster_dashboard()
    with CaptureQueriesContext(connection) as small_unit:
        selectors.unit_columns(unit_id=new_site.unit_id)
    other = _site("景德镇市水务局", "市水务局", "swj.jdz.gov.cn")
    for n in range(5):
        col = column_create(
            parent=other.site.root_page, title=f"栏目{n}", update_interval_days=1, lead_units=[new_site.unit]
        )
        _placed(col, title=f"文{n}")
    with CaptureQueriesContext(connection) as large:
        dashboard = selectors.cluster_dashboard()
    with CaptureQueriesContext(connection) as large_unit:
        rows = selectors.unit_columns(unit_id=new_site.unit_id)
    assert len(large) == len(small) <= 11
    assert len(large_unit) == len(small_unit) <= 6
    assert len(rows) == 7
    assert "景德镇市水务局" in [site.record.name for site in dashboard.sites]


def test_a_units_dashboard_shows_its_own_columns_and_nothing_of_other_units(client, new_site):
    client.force_login(user_in("市交通局"))
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "本单位负责的栏目" in html
    assert "景德镇市交通运输局 › 空栏目" in html and "景德镇市交通运输局 › 超期栏目" in html
    assert "按时栏目" not in html and "子栏目" not in html
    assert "网站运行状况" not in html and "www.cjq.gov.cn" not in html and "待审报送" not in html
    assert client.get(reverse("operations_columns", args=[new_site.pk, "empty"])).status_code == 403

    client.force_login(user_in("市财政局"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "本单位负责的栏目" in html and "景德镇市交通运输局" not in html
