"""/api/v2/search/ is the sites' own search (sitesearch), as JSON."""

import pytest

from sitesearch import selectors as sitesearch
from sitesearch.models import QueryLog
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PORTAL = "www.jdz.gov.cn"


def search(client, query, host=PORTAL):
    response = client.get(f"/api/v2/search/?{query}", HTTP_HOST=host)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_same_hits_as_the_search_box(client):
    body = search(client, "q=瓷博会&limit=50")
    expected = sitesearch.search(query="瓷博会", site=factories.portal(), per_page=50)
    assert body["count"] == expected.total > 1
    assert [hit["id"] for hit in body["results"]] == [hit.entry.resource_id for hit in expected.hits]
    first = body["results"][0]
    assert "<mark>" in first["title_html"] + first["snippet_html"]
    assert first["url"].startswith("http://www.jdz.gov.cn/")
    assert first["detail_url"] == f"http://www.jdz.gov.cn/api/v2/resources/{first['id']}/"
    assert sum(body["facets"].values()) == body["count"]


def test_searches_count_in_the_site_statistics_once_each(client):
    search(client, "q=瓷博会&limit=2")
    search(client, "q=瓷博会&limit=2&offset=2")
    search(client, "q=飞船火箭&site=www.cjq.gov.cn")
    portal_log = QueryLog.objects.get(site=factories.portal(), query="瓷博会")
    assert (portal_log.searches, portal_log.zero_hit_searches) == (1, 0)
    county_log = QueryLog.objects.get(site__domain="www.cjq.gov.cn", query="飞船火箭")
    assert (county_log.searches, county_log.zero_hit_searches) == (1, 1)


def test_paging_through_hits(client):
    every = [hit["id"] for hit in search(client, "q=瓷博会&limit=50")["results"]]
    assert [hit["id"] for hit in search(client, "q=瓷博会&limit=2&offset=1")["results"]] == every[1:3]
    assert [hit["id"] for hit in search(client, "q=瓷博会&limit=3&offset=3")["results"]] == every[3:6]
    assert search(client, "q=瓷博会&limit=5&offset=500")["results"] == []


def test_site_type_and_cluster(client):
    county = search(client, "q=低保&site=www.cjq.gov.cn")
    assert county["count"] and {hit["site"]["domain"] for hit in county["results"]} == {"www.cjq.gov.cn"}
    assert search(client, "q=低保", host="www.cjq.gov.cn")["count"] == county["count"]
    guides = search(client, "q=低保&site=www.cjq.gov.cn&type=service_guide")["results"]
    assert guides and {hit["type"] for hit in guides} == {"service_guide"}
    cluster = search(client, "q=低保&cluster=true")
    assert cluster["count"] >= county["count"]


def test_an_unknown_site_or_type_is_a_400_naming_it(client):
    unknown = client.get("/api/v2/search/?q=低保&site=no.such.site", HTTP_HOST=PORTAL)
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "未知的网站:no.such.site", "errors": {"site": ["未知的网站:no.such.site"]}}
    typo = client.get("/api/v2/search/?q=低保&type=no_such_type", HTTP_HOST=PORTAL)
    assert typo.status_code == 400
    assert typo.json()["errors"] == {"type": ["未知的信息类型:no_such_type"]}


def test_a_missing_query_is_a_400_and_an_engine_outage_a_503(client, monkeypatch):
    missing = client.get("/api/v2/search/", HTTP_HOST=PORTAL)
    assert missing.status_code == 400
    assert "q" in missing.json()["errors"]

    def down(**kwargs):
        raise sitesearch.SearchUnavailable("connection refused")

    monkeypatch.setattr("api.search.search", down)
    outage = client.get("/api/v2/search/?q=瓷博会", HTTP_HOST=PORTAL)
    assert outage.status_code == 503
    assert outage.json()["detail"]


def test_queries_do_not_grow_with_the_page(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    search(client, "q=瓷博会&limit=1")
    with CaptureQueriesContext(connection) as one:
        search(client, "q=瓷博会&limit=1")
    with CaptureQueriesContext(connection) as many:
        search(client, "q=瓷博会&limit=5")
    assert len(one) == len(many)
