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


def test_the_old_json_search_moved_for_good_to_the_api(db):
    response = get("/search/api/", q="公积金", type="article")
    assert response.status_code == 308
    assert response["Location"] == "/api/v2/search/?q=%E5%85%AC%E7%A7%AF%E9%87%91&type=article"
    assert get("/search/api/")["Location"] == "/api/v2/search/"


def test_the_old_json_search_redirect_passes_the_apis_guard(db, settings):
    assert Client(HTTP_HOST=PORTAL).get("/search/api/?q=x", HTTP_X_API_KEY="wrong").status_code == 401
    settings.API_RATE_LIMITS = {"anonymous": "1/minute", "key": "1/minute"}
    assert get("/search/api/", q="x").status_code == 308
    limited = get("/search/api/", q="x")
    assert limited.status_code == 429 and limited.json()["detail"]


def test_the_redirect_lands_on_the_apis_search(search_backend):
    response = Client(HTTP_HOST=PORTAL).get("/search/api/", {"q": "公积金"}, follow=True)
    assert response.redirect_chain == [("/api/v2/search/?q=%E5%85%AC%E7%A7%AF%E9%87%91", 308)]
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "我市调整2026年度住房公积金缴存基数和缴存比例"


def test_suggestions_while_typing(search_backend):
    titles = [s["title"] for s in get("/search/suggest/", q="gongji").json()["suggestions"]]
    assert titles == ["我市调整2026年度住房公积金缴存基数和缴存比例"]
    assert get("/search/suggest/", q="").json() == {"suggestions": []}
    assert get("/search/suggest/", q="<script>" * 300).status_code == 200


def test_suggestions_pass_the_apis_guard(db, settings):
    assert Client(HTTP_HOST=PORTAL).get("/search/suggest/?q=gongji", HTTP_X_API_KEY="wrong").status_code == 401
    settings.API_RATE_LIMITS = {"anonymous": "1/minute", "key": "1/minute"}
    get("/search/suggest/", q="")
    limited = get("/search/suggest/", q="")
    assert limited.status_code == 429 and limited["Retry-After"]


def test_searches_are_logged_per_site_once_per_query(search_backend):
    get("/search/", q="公积金")
    get("/search/", q="公积金", page="2")
    get("/search/", q="飞船火箭")
    get("/api/v2/search/", q="公积金", host=COUNTY)
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
    api = get("/api/v2/search/", q="公积金")
    assert api.status_code == 503 and "搜索服务暂时不可用" in api.json()["detail"]
    assert get("/search/suggest/", q="公积金").status_code == 503
    assert get("/search/").status_code == 200  # nothing asked of the engine
    assert get("/").status_code == 200
    assert get("/zwzx/jrcd/").status_code == 200
