import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cluster.models import SiteRecord, SiteStatus
from cluster.services import column_create, site_set_status
from library.services import placement_create
from tests import factories

pytestmark = pytest.mark.django_db
PORTAL = "www.jdz.gov.cn"


def meta(html: str, name: str) -> str | None:
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return match.group(1) if match else None


def get(client, path, host=PORTAL):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_every_page_carries_the_site_metadata_and_chinese_language(client):
    factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="瓷都新闻")
    pages = ["/", "/zwzx/", "/zwzx/jrcd/", "/catalogue/"]
    for path in pages:
        html = get(client, path)
        assert '<html lang="zh-CN">' in html
        assert meta(html, "SiteName") == "景德镇市人民政府"
        assert meta(html, "SiteDomain") == "www.jdz.gov.cn"
        assert meta(html, "SiteIDCode") == "3602000001"


def test_column_pages_carry_the_column_metadata(client):
    html = get(client, "/zwgk/fdzdgknr/zcwj/gz/")
    assert meta(html, "ColumnName") == "规章"
    assert meta(html, "ColumnType") == "政策文件"
    assert meta(html, "ColumnDescription") and meta(html, "ColumnKeywords")
    assert meta(get(client, "/"), "ColumnType") == "首页"


def test_detail_pages_carry_the_article_metadata_and_show_the_publish_time(client):
    resource = factories.placed_article(
        PORTAL, "政务资讯/今日瓷都", title="景德镇召开全市数字政府建设推进会", source="景德镇日报"
    )
    html = get(client, f"/zwzx/jrcd/{resource.pk}/")
    pubdate = meta(html, "PubDate")
    assert meta(html, "ArticleTitle") == "景德镇召开全市数字政府建设推进会"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", pubdate)
    assert meta(html, "ContentSource") == "景德镇日报"
    assert "发布时间:<time" in html and pubdate in html


def test_listed_items_show_their_publish_date(client):
    resource = factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="列表中的新闻")
    html = get(client, "/zwzx/jrcd/")
    item = re.search(r"列表中的新闻</a>\s*<time[^>]*>([^<]+)</time>", html)
    assert item and item.group(1) == resource.first_published_at.astimezone().strftime("%Y-%m-%d")


def test_the_footer_comes_from_the_site_record(client):
    html = get(client, "/", host="czj.jdz.gov.cn")
    for text in (
        "景德镇市财政局",
        "景德镇市财政局办公室",
        "3602000012",
        "赣ICP备05003497号-12",
        "赣公网安备 36020202000112号",
    ):
        assert text in html
    assert 'href="https://beian.miit.gov.cn/"' in html
    assert "recordcode=36020202000112" in html
    assert "bszs.conac.cn/sitename?method=show&amp;id=0300000030020012" in html
    assert "site_code=3602000012" in html and "我为政府网站找错" in html


def test_navigation_and_breadcrumbs_follow_the_column_tree(client):
    html = get(client, "/zwgk/fdzdgknr/zcwj/gz/")
    nav = html[html.index('aria-label="主栏目"') : html.index("</nav>")]
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "首页",
        "政务资讯",
        "政务公开",
        "政民互动",
        "数据开放",
        "走进瓷都",
    ]
    crumbs = html[html.index('aria-label="当前位置"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs) == ["首页", "政务公开", "法定主动公开内容", "政策文件", "规章"]


def test_a_link_column_shows_its_link(client):
    html = get(client, "/zwgk/fdzdgknr/zdlyxxgk/ggzypz/gcjsxmzbtb/")
    assert 'href="https://ggzy.jdz.gov.cn/"' in html


def test_a_site_closed_for_good_stays_readable_as_an_archive(client):
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    assert "已归档" not in client.get("/", HTTP_HOST=county.domain).content.decode()
    site_set_status(record=county, status=SiteStatus.CLOSED)
    for path in ("/", "/search/?q=昌江"):
        page = client.get(path, HTTP_HOST=county.domain)
        assert page.status_code == 200
        assert "永久下线,页面内容作为归档保留(已归档)" in page.content.decode()
    assert "已归档" not in client.get("/", HTTP_HOST="www.jdz.gov.cn").content.decode()


def test_unknown_pages_and_unplaced_resources_are_404(client):
    resource = factories.article(title="未放置的资源")
    assert client.get(f"/zwzx/jrcd/{resource.pk}/", HTTP_HOST=PORTAL).status_code == 404
    assert client.get("/no-such-column/", HTTP_HOST=PORTAL).status_code == 404


def _queries(client, path, *, cold: bool, host=PORTAL) -> int:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, HTTP_HOST=host).status_code == 200
    return len(queries)


def _query_counts(client, pages) -> dict[str, tuple[int, int]]:
    """(queries with an empty cache, queries with a warm cache) per page."""
    counts = {}
    for name, path in pages.items():
        cold = _queries(client, path, cold=True)
        counts[name] = (cold, _queries(client, path, cold=False))
    return counts


def test_queries_per_page_do_not_grow_with_the_tree_or_the_items(client):
    first = factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="第一条")
    pages = {
        "home": "/",
        "parent column": "/zwzx/",
        "leaf column": "/zwzx/jrcd/",
        "detail": f"/zwzx/jrcd/{first.pk}/",
        "catalogue": "/catalogue/",
    }
    before = _query_counts(client, pages)

    news = factories.column(PORTAL, "政务资讯")
    for n in range(12):
        extra = column_create(parent=news, title=f"新增栏目{n}")
        column_create(parent=extra, title=f"新增子栏目{n}")
    column = factories.column(PORTAL, "政务资讯/今日瓷都")
    for n in range(45):
        placement_create(resource=factories.article(title=f"新闻{n}"), column=column)

    after = _query_counts(client, pages)
    assert after == before
    assert max(cold for cold, _ in after.values()) <= 20, after
    assert max(warm for _, warm in after.values()) <= 12, after
