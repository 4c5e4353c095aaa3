import logging
import socket

import pytest
from django.test import Client

from sitesearch.models import QueryLog

PORTAL = "www.jdz.gov.cn"
COUNTY = "www.cjq.gov.cn"


def get(path: str, host: str = PORTAL, **params):
    return Client(HTTP_HOST=host).get(path, params)


def test_the_search_page_shows_highlighted_results_in_the_sites_own_pages(search_backend):
    response = get("/search/", q="公积金")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'class="site-name" href="/">景德镇市人民政府</a>' in html  # header
    assert 'aria-label="主栏目"' in html and "site-footer" in html  # navigation and footer
    assert "住房<mark>公积金</mark>" in html or "<mark>住房公积金</mark>" in html
    assert "新闻动态" in html and "政务公开" in html  # type and column
    assert '<time datetime="2026-' in html
    assert 'name="scope" value="cluster"' in html  # 全站群 on the portal


def test_sub_sites_search_their_own_content_only(search_backend):
    html = get("/search/", host=COUNTY, q="景德镇").content.decode()
    assert 'name="scope" value="cluster"' not in html
    assert "昌江区人民政府" in html


def test_cluster_results_name_their_site(search_backend):
    html = get("/search/", q="预算", scope="cluster").content.decode()
    assert '<span class="hit-site">景德镇市财政局</span>' in html


def test_results_matching_only_some_words_say_so(search_backend):
    html = get("/search/", q="公积金 瓷博会").content.decode()
    assert "以下结果包含其中部分关键词" in html
    assert "以下结果包含其中部分关键词" not in get("/search/", q="公积金").content.decode()


def test_filters_and_type_counts_link_to_narrower_searches(search_backend):
    html = get("/search/", q="景德镇", scope="cluster").content.decode()
    assert "type=policydocument" in html
    narrowed = get("/search/", q="景德镇", scope="cluster", type="policydocument").content.decode()
    assert narrowed.count('class="hit-type">政策文件<') == narrowed.count('class="search-hit"')


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {},
        {"q": "公" * 2000},
        {"q": '"公积金'},
        {"q": "公积金 AND OR NOT -养老 +服务 ~* ? (a:b) [x TO y] {z} \\ / ^2"},
        {"q": "<script>alert(1)</script>"},
        {"q": "政府", "page": "9999"},
        {"q": "政府", "page": "-1"},
        {"q": "政府", "page": "abc"},
        {"q": "政府", "type": "virus", "unit": "x", "column": "99999999", "site": "0", "sort": "random"},
        {"q": "政府", "date_from": "2026-13-45", "date_to": "yesterday"},
        {"q": "政府", "date_from": "2026-06-01", "date_to": "2026-01-01"},
        {"q": "\x00\x1f公积金\u200b"},
        {"q": "政府", "scope": "cluster", "site": "99999"},
    ],
)
def test_bad_input_renders_a_page_never_an_error(search_backend, params):
    response = get("/search/", **params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    if "<script>" in params.get("q", ""):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_input_to_the_api_is_a_json_400(search_backend):
    for params in (
        {},
        {"q": ""},
        {"q": "政府", "page": "abc"},
        {"q": "政府", "type": "virus"},
        {"q": "政府", "per_page": "500"},
    ):
        response = get("/search/api/", **params)
        assert response.status_code == 400, params
        assert response.json()["error"]
    assert "type" in get("/search/api/", q="政府", type="virus").json()["fields"]


def test_the_api_answers_in_json(search_backend):
    data = get("/search/api/", q="公积金").json()
    assert data["total"] >= 1 and data["page"] == 1
    first = data["results"][0]
    assert first["title"] == "我市调整2026年度住房公积金缴存基数和缴存比例"
    assert "<mark>" in first["title_html"]
    assert first["url"].startswith("/") and first["site"]["domain"] == PORTAL
    assert first["type"] == "article" and first["column"] and first["published_at"].startswith("2026-")
    assert data["facets"]["type"]["article"] >= 1
    past_the_end = get("/search/api/", q="公积金", page="99").json()
    assert past_the_end["results"] == [] and past_the_end["num_pages"] == 1
    odd = get("/search/api/", q='<script>"公积金 AND').json()
    assert odd["query"] == '<script>"公积金 AND'


def test_suggestions_while_typing(search_backend):
    titles = [s["title"] for s in get("/search/suggest/", q="gongji").json()["suggestions"]]
    assert titles == ["我市调整2026年度住房公积金缴存基数和缴存比例"]
    assert get("/search/suggest/", q="").json() == {"suggestions": []}
    assert get("/search/suggest/", q="<script>" * 300).status_code == 200


def test_searches_are_logged_per_site_once_per_query(search_backend):
    get("/search/", q="公积金")
    get("/search/", q="公积金", page="2")
    get("/search/", q="飞船火箭")
    get("/search/api/", q="公积金", host=COUNTY)
    assert {(log.site.domain, log.query, log.searches, log.zero_hit_searches) for log in QueryLog.objects.all()} == {
        (PORTAL, "公积金", 1, 0),
        (PORTAL, "飞船火箭", 1, 1),
        (COUNTY, "公积金", 1, 1),
    }


@pytest.fixture
def engine_down(settings):
    """An engine that refuses connections: a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "sitesearch.backends.engine", "URLS": [f"http://127.0.0.1:{port}"], "TIMEOUT": 2}
    }


def test_with_the_engine_down_search_says_so_and_other_pages_still_work(db, engine_down, caplog):
    with caplog.at_level(logging.ERROR, logger="sitesearch.views"):
        response = get("/search/", q="公积金")
    assert response.status_code == 503
    assert "搜索服务暂时不可用" in response.content.decode()
    assert "search failed on www.jdz.gov.cn" in caplog.text
    api = get("/search/api/", q="公积金")
    assert api.status_code == 503 and "搜索服务暂时不可用" in api.json()["error"]
    assert get("/search/suggest/", q="公积金").status_code == 503
    assert get("/search/").status_code == 200  # nothing asked of the engine
    assert get("/").status_code == 200
    assert get("/zwzx/jrcd/").status_code == 200
