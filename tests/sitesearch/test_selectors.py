import datetime

import pytest
from django.utils import timezone

from cluster.models import SiteRecord, SiteStatus
from cluster.services import site_set_status
from library.models import Notice, Resource
from library.services import placement_create, resource_create
from sitesearch.models import Recommendation, SearchEntry
from sitesearch.selectors import SearchFilters, search, suggest
from sitesearch.services import query_log_record
from tests.factories import column, portal
from units.models import OrgUnit

CLUSTER = SearchFilters(cluster=True)


def slugs(results) -> list[str]:
    ids = [hit.entry.resource_id for hit in results.hits]
    by_id = dict(Resource.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [by_id[pk] for pk in ids]


def site(domain: str) -> SiteRecord:
    return SiteRecord.objects.get(domain=domain)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 住房公积金 in the title and text, 公积金 in running text
        ("公积金", {"portal-gjj-jishu", "portal-news-jingpiao"}),
        # “加大政府采购支持中小企业力度”
        ("政府采购", {"czj-pol-zfcg"}),
    ],
)
def test_words_are_found_inside_longer_runs_of_chinese_text(search_backend, query, expected):
    results = search(query=query, site=portal(), filters=CLUSTER)
    assert expected <= set(slugs(results))
    assert results.hits[0].title_html.count("<mark>") or results.hits[0].snippet_html.count("<mark>")


@pytest.mark.parametrize("query", ["jingdezhen", "jdz", "JDZ"])
def test_pinyin_and_initials_find_chinese_titles(search_backend, query):
    results = search(query=query, site=portal(), filters=CLUSTER)
    assert results.total > 5
    assert all("<mark>景德镇</mark>" in hit.title_html for hit in results.hits)


def test_synonyms_find_the_official_term(search_backend):
    results = search(query="低保", site=portal(), filters=CLUSTER)
    assert "cjq-guide-dibao" in slugs(results)
    assert "<mark>最低生活保障</mark>" in results.hits[slugs(results).index("cjq-guide-dibao")].title_html


def test_titles_rank_above_passing_mentions(search_backend):
    results = search(query="养老服务", site=portal(), filters=CLUSTER)
    assert set(slugs(results)[:3]) <= {
        "portal-news-yanglao",
        "portal-notice-ylsf",
        "portal-pol-yanglao",
        "portal-interp-yanglao",
    }


def test_a_site_searches_its_own_content_and_the_portal_all_sites(search_backend):
    county = site("www.cjq.gov.cn")
    own = search(query="昌江区", site=county)
    assert own.total and all(hit.entry.site_id == county.pk for hit in own.hits)
    assert all(hit.url.startswith("/") for hit in own.hits)
    everywhere = search(query="景德镇", site=portal(), filters=CLUSTER, per_page=50)
    resource_ids = [hit.entry.resource_id for hit in everywhere.hits]
    assert len(resource_ids) == len(set(resource_ids)), "each resource once across the cluster"
    assert len({hit.entry.site_id for hit in everywhere.hits}) > 1
    assert any(hit.url.startswith("http://") for hit in everywhere.hits), "other sites' results link to their site"


def test_cluster_search_can_be_narrowed_to_one_site(search_backend):
    finance = site("czj.jdz.gov.cn")
    results = search(query="景德镇", site=portal(), filters=SearchFilters(cluster=True, site=finance))
    assert results.total and {hit.entry.site_id for hit in results.hits} == {finance.pk}


def test_filters_by_column_type_unit_and_publication_date(search_backend):
    results = search(query="景德镇", site=portal(), filters=SearchFilters(column=column("www.jdz.gov.cn", "政务公开")))
    assert results.total and all(hit.entry.column_titles[0] == "政务公开" for hit in results.hits)

    results = search(query="景德镇", site=portal(), filters=SearchFilters(resource_type="policydocument"))
    assert results.total and {hit.entry.resource_type for hit in results.hits} == {"policydocument"}
    assert results.facets["article"] > 0, "type counts ignore the type filter"

    unit = OrgUnit.objects.get(short_name="市政府办公室")
    results = search(query="景德镇", site=portal(), filters=SearchFilters(unit=unit))
    assert results.total and {hit.entry.unit_id for hit in results.hits} == {unit.pk}

    day = datetime.date(2026, 5, 1)
    results = search(query="景德镇", site=portal(), filters=SearchFilters(date_from=day), per_page=50)
    assert results.total and all(timezone.localdate(hit.entry.published_at) >= day for hit in results.hits)
    results = search(query="景德镇", site=portal(), filters=SearchFilters(date_to=day), per_page=50)
    assert results.total and all(timezone.localdate(hit.entry.published_at) <= day for hit in results.hits)


def test_sort_by_date_puts_the_newest_first(search_backend):
    results = search(query="景德镇", site=portal(), filters=CLUSTER, sort="date", per_page=50)
    assert results.total > 10
    dates = [hit.entry.published_at for hit in results.hits]
    assert dates == sorted(dates, reverse=True)


def test_pages_and_type_counts(search_backend):
    first = search(query="景德镇", site=portal(), filters=CLUSTER, per_page=5)
    second = search(query="景德镇", site=portal(), filters=CLUSTER, per_page=5, page=2)
    assert first.total == sum(first.facets.values()) > 10
    assert not {h.entry.pk for h in first.hits} & {h.entry.pk for h in second.hits}
    last = first.page.paginator.num_pages
    assert search(query="景德镇", site=portal(), filters=CLUSTER, per_page=5, page=999).page.number == last
    assert search(query="景德镇", site=portal(), filters=CLUSTER, per_page=5, page=999, clamp_page=False).hits == []


def test_a_query_without_results_gets_suggestions(search_backend):
    query_log_record(site=portal(), query="公积金", hits=2)
    results = search(query="瓷博会 飞船", site=portal())
    assert results.relaxed, "what matches some of the words is shown"
    assert any(s.query == "瓷博会" and s.hits for s in results.suggestions)
    results = search(query="飞船火箭", site=portal())
    assert results.total == 0
    assert [s.query for s in results.suggestions] == ["公积金"]


def test_the_portal_suggests_searching_every_site(search_backend):
    results = search(query="众埠镇晚稻", site=portal())
    assert results.total == 0
    assert any(s.cluster and s.hits for s in results.suggestions)


def test_a_sub_site_suggests_searching_all_sites_on_the_portal(search_backend):
    results = search(query="瓷博会", site=site("www.cjq.gov.cn"))
    assert results.total == 0
    (suggestion,) = [s for s in results.suggestions if s.url]
    assert suggestion.hits >= 4
    assert suggestion.url.startswith("http://www.jdz.gov.cn") and "scope=cluster" in suggestion.url


def test_synonyms_are_highlighted_whole(search_backend):
    results = search(query="公积金 青年人才", site=portal())
    assert "<mark>住房</mark>" not in results.hits[0].snippet_html


def test_recommendations_come_first_for_their_queries(search_backend):
    pick = Resource.objects.get(slug="portal-ov-sqjj")
    Recommendation.objects.create(site=portal(), queries="景德镇、瓷都", resource=pick)
    results = search(query="瓷都", site=portal())
    assert [hit.entry.resource_id for hit in results.recommendations] == [pick.pk]
    assert not search(query="瓷都", site=site("www.cjq.gov.cn")).recommendations


def test_sites_being_set_up_or_offline_are_not_searched(search_backend):
    county = site("www.cjq.gov.cn")
    assert search(query="昌江区", site=portal(), filters=CLUSTER).total
    SiteRecord.objects.filter(pk=county.pk).update(status=SiteStatus.OFFLINE)
    results = search(query="昌江区", site=portal(), filters=CLUSTER, per_page=50)
    assert county.pk not in {hit.entry.site_id for hit in results.hits}


def test_a_site_closed_for_good_is_searched_as_an_archive(search_backend, client):
    county = site("www.cjq.gov.cn")
    site_set_status(record=county, status=SiteStatus.CLOSED)
    results = search(query="昌江区", site=portal(), filters=SearchFilters(cluster=True, site=county))
    assert results.total
    assert all(hit.entry.is_archived for hit in results.hits)
    assert not any(hit.entry.is_archived for hit in search(query="瓷博会", site=portal(), filters=CLUSTER).hits)
    page = client.get("/search/", {"q": "昌江区", "scope": "cluster", "site": county.pk}, HTTP_HOST="www.jdz.gov.cn")
    assert page.status_code == 200
    assert page.content.decode().count('<span class="archived">已归档</span>') == len(results.hits)


def test_autocomplete_completes_titles_in_chinese_and_pinyin(search_backend):
    titles = [hit.entry.title for hit in suggest(query="瓷博", site=portal(), cluster=True)]
    assert titles and all("瓷博会" in title or "陶瓷博览会" in title for title in titles)
    assert any("公积金" in hit.entry.title for hit in suggest(query="gongji", site=portal()))
    assert all("景德镇" in hit.entry.title for hit in suggest(query="jdz", site=portal()))
    assert suggest(query="  ", site=portal()) == []


def test_notices_past_their_period_are_hidden_or_marked(fresh_search_backend, committed):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    unit = OrgUnit.objects.get(short_name="市政数局")
    with committed():
        for after in ("hide", "mark"):
            notice = resource_create(
                resource=Notice(
                    title=f"景德镇市测试公示期满{after}",
                    unit=unit,
                    body="<p>公示</p>",
                    valid_until=yesterday,
                    after_expiry=after,
                )
            )
            placement_create(resource=notice, column=column("www.jdz.gov.cn", "政务资讯/公告公示"))
    results = search(query="测试公示期满", site=portal())
    assert [hit.entry.title for hit in results.hits] == ["景德镇市测试公示期满mark"]
    assert results.hits[0].entry.is_expired


def test_changes_reach_the_index(fresh_search_backend, committed):
    resource = Resource.objects.get(slug="portal-gjj-jishu").specific
    resource.title = "我市调整住房公积金缴存基数和比例 青花玲珑瓷"
    with committed():
        resource.save_revision().publish()
    assert slugs(search(query="青花玲珑瓷", site=portal())) == ["portal-gjj-jishu"]
    with committed():
        resource.unpublish()
    assert "portal-gjj-jishu" not in slugs(search(query="青花玲珑瓷", site=portal()))
    assert not SearchEntry.objects.pending().exists()
