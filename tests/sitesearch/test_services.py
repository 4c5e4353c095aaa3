import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from cluster.models import ColumnPage
from library.models import Notice, Placement, Resource
from library.selectors import placements_public
from library.services import placement_delete, placement_update, resource_create, syndicate
from sitesearch import services
from sitesearch.models import QueryLog, SearchEntry
from tests.factories import column, placed_article, portal
from units.models import OrgUnit

pytestmark = pytest.mark.django_db


def entry_of(resource, domain="www.jdz.gov.cn"):
    return SearchEntry.objects.filter(resource=resource, site__domain=domain).first()


def test_the_demo_has_one_entry_per_resource_and_site_it_is_shown_on():
    shown = set(placements_public().filter(column__live=True).values_list("resource_id", "site_id"))
    entries = set(SearchEntry.objects.public().values_list("resource_id", "site_id"))
    assert entries == shown
    assert not SearchEntry.objects.pending().exists()


def test_an_entry_holds_everything_a_result_shows():
    resource = Resource.objects.get(slug="portal-gjj-jishu")
    entry = entry_of(resource)
    placement = Placement.objects.filter(resource=resource, site=entry.site).order_by("id").first()
    assert entry.title == resource.title
    assert entry.url == f"/{placement.column.url_path.split('/', 2)[2]}{resource.pk}/"
    assert entry.column_titles[-1] == placement.column.title
    assert entry.column_path == placement.column.path
    assert entry.resource_type == "article"
    assert entry.unit_id == resource.unit_id
    assert entry.published_at == resource.first_published_at
    assert "缴存基数" in entry.body
    assert "gongjijin" in entry.title_pinyin.split()


def test_a_syndicated_resource_has_an_entry_per_site_and_one_canonical_on_its_own_unit_site():
    counts = SearchEntry.objects.values("resource_id").annotate(n=Count("pk")).filter(n__gt=1)
    assert counts.exists()
    for row in counts:
        canonical = SearchEntry.objects.filter(resource_id=row["resource_id"], canonical=True)
        assert canonical.count() == 1
        entry = canonical.get()
        own = SearchEntry.objects.filter(resource_id=row["resource_id"], site__unit_id=entry.unit_id)
        assert not own.exists() or own.get() == entry


def test_publishing_a_change_updates_the_entry_after_commit(committed):
    resource = Resource.objects.get(slug="portal-gjj-jishu").specific
    resource.title = "我市调整住房公积金缴存比例(修订)"
    with committed():
        resource.save_revision().publish()
        assert entry_of(resource).title != resource.title  # not inside the editor's transaction
    entry = entry_of(resource)
    assert entry.title == resource.title
    assert not entry.needs_indexing


def test_new_placements_create_entries_and_taking_them_down_withdraws_them(committed):
    with committed():
        article = placed_article("www.jdz.gov.cn", "政务资讯/今日瓷都", title="瓷都新闻")
    assert entry_of(article).url.endswith(f"/{article.pk}/")
    placement = Placement.objects.get(resource=article)
    with committed():
        placement_update(placement=placement, live=False)
    assert not SearchEntry.objects.filter(resource=article).exists()
    with committed():
        placement_update(placement=placement, live=True)
    assert entry_of(article)
    with committed():
        placement_delete(placement=placement)
    assert not SearchEntry.objects.filter(resource=article).exists()


def test_syndication_adds_an_entry_on_the_other_site(committed):
    with committed():
        article = placed_article("www.jdz.gov.cn", "政务资讯/今日瓷都", title="转载测试")
        syndicate(resource=article, columns=[column("www.cjq.gov.cn", "政务动态/本地要闻")])
    entries = SearchEntry.objects.filter(resource=article)
    assert {e.site.domain for e in entries} == {"www.jdz.gov.cn", "www.cjq.gov.cn"}
    assert entries.filter(canonical=True).count() == 1


def test_unpublishing_or_deleting_a_resource_withdraws_its_entries(committed):
    resource = Resource.objects.get(slug="portal-gjj-jishu").specific
    with committed():
        resource.unpublish()
    assert not SearchEntry.objects.filter(resource=resource).exists()
    other = Resource.objects.get(slug="portal-news-yanglao")
    with committed():
        other.delete()
    assert not SearchEntry.objects.filter(resource_id=other.pk).exists()


def test_a_column_taken_down_withdraws_the_entries_below_it(committed):
    news = column("www.jdz.gov.cn", "政务资讯/今日瓷都")
    placed = set(Placement.objects.filter(column=news).values_list("resource_id", flat=True))
    with committed():
        news.unpublish()
    assert not SearchEntry.objects.filter(column_id=news.pk).exists()
    assert placed


def test_a_renamed_column_renames_its_results(committed):
    news = column("www.jdz.gov.cn", "政务资讯/今日瓷都").specific
    news.title = "瓷都要闻"
    with committed():
        news.save_revision().publish()
    entry = SearchEntry.objects.filter(column_id=news.pk).first()
    assert entry.column_titles[-1] == "瓷都要闻"


def test_a_notice_hidden_after_expiry_is_dated_for_hiding_and_one_marked_is_not(committed):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    unit = OrgUnit.objects.get(short_name="市政数局")
    notices = {}
    with committed():
        for after in ("hide", "mark"):
            notice = resource_create(
                resource=Notice(
                    title=f"公示期满{after}", unit=unit, body="<p>公示</p>", valid_until=yesterday, after_expiry=after
                )
            )
            from library.services import placement_create

            placement_create(resource=notice, column=column("www.jdz.gov.cn", "政务资讯/公告公示"))
            notices[after] = notice
    # Hidden ones leave placements_public() at midnight without an event:
    # the entry carries the date and searches filter on it.
    assert entry_of(notices["mark"]).hidden_from is None
    assert entry_of(notices["mark"]).is_expired


def test_entries_refresh_is_deferred_to_a_background_task(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    resource = Resource.objects.get(slug="portal-gjj-jishu").specific
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision().publish()
    ours = [result for result in default_task_backend.results if result.task.name == "entries_refresh_task"]
    assert len(ours) == 1
    assert resource.pk in ours[0].kwargs["resource_ids"]


def test_marks_of_entries_changed_while_indexing_are_kept():
    entry = SearchEntry.objects.public().first()
    read = SearchEntry.objects.get(pk=entry.pk)
    SearchEntry.objects.filter(pk=entry.pk).update(needs_indexing=True, version=entry.version + 1)
    services._mark_indexed([read])
    assert SearchEntry.objects.get(pk=entry.pk).needs_indexing


def test_pending_entries_are_indexed_and_withdrawn_ones_forgotten():
    shown, withdrawn = SearchEntry.objects.public()[:2]
    SearchEntry.objects.filter(pk=shown.pk).update(needs_indexing=True)
    SearchEntry.objects.filter(pk=withdrawn.pk).update(needs_indexing=True, public=False)
    assert services.entries_index_pending() == 2
    assert not SearchEntry.objects.pending().exists()
    assert not SearchEntry.objects.filter(pk=withdrawn.pk).exists()


def test_the_query_log_counts_searches_and_zero_hit_searches_per_site_and_day():
    site = portal()
    services.query_log_record(site=site, query="  公积金 ", hits=2)
    services.query_log_record(site=site, query="公积金", hits=0)
    services.query_log_record(site=site, query="", hits=0)
    log = QueryLog.objects.get(site=site, query="公积金", date=timezone.localdate())
    assert (log.searches, log.zero_hit_searches, log.hits) == (2, 1, 0)
    assert QueryLog.objects.count() == 1


def test_refresh_all_derives_every_entry_again():
    SearchEntry.objects.all().delete()
    services.entries_refresh_all()
    shown = set(placements_public().filter(column__live=True).values_list("resource_id", "site_id"))
    assert set(SearchEntry.objects.values_list("resource_id", "site_id")) == shown
    assert ColumnPage.objects.exists()
