"""Feeds, sitemap.xml and robots.txt of each site: each lists its own site's
pages, at the domain the request reached."""

import xml.etree.ElementTree as ET

import pytest

from cluster.models import ColumnPage, GuaranteeMode, SiteRecord, SiteStatus
from cluster.services import site_set_status
from library.selectors import placements_public
from tests import factories

pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
COUNTY = "www.cjq.gov.cn"
NEWS = "政务资讯/今日瓷都"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own server's output


def fetch(client, url, host=PORTAL, **extra):
    response = client.get(url, HTTP_HOST=host, **extra)
    assert response.status_code == 200, response.content[:300]
    return response


def test_site_rss_lists_the_newest_items_of_that_site(client):
    article = factories.placed_article(PORTAL, NEWS, title="最新消息", summary="摘要文字")
    response = fetch(client, "/feeds/rss.xml")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    assert channel.findtext("title") == "景德镇市人民政府"
    assert channel.findtext("link") == "http://www.jdz.gov.cn/"
    items = channel.findall("item")
    assert items[0].findtext("title") == "最新消息"
    assert items[0].findtext("link") == f"http://www.jdz.gov.cn/zwzx/jrcd/{article.pk}/"
    assert items[0].findtext("description") == "摘要文字"
    assert items[0].findtext("category") == "今日瓷都"
    portal = factories.portal()
    on_portal = set(placements_public().filter(site=portal).values_list("resource_id", flat=True))
    links = [item.findtext("link") for item in items]
    assert len(links) == len(set(links))
    assert all(int(link.rstrip("/").rsplit("/", 1)[1]) in on_portal for link in links)
    assert response["ETag"]


def test_site_atom_feed(client):
    factories.placed_article(COUNTY, "政务动态/本地要闻", title="区里的新闻", unit="昌江区")
    feed = parse(fetch(client, "/feeds/atom.xml", host=COUNTY).content)
    assert feed.findtext(f"{ATOM}title") == "昌江区人民政府"
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "区里的新闻"
    assert entry.find(f"{ATOM}link").get("href").startswith("http://www.cjq.gov.cn/")
    assert entry.findtext(f"{ATOM}updated")


def test_column_feeds(client):
    news = factories.column(PORTAL, NEWS)
    article = factories.placed_article(PORTAL, NEWS, title="栏目新闻")
    factories.placed_article(PORTAL, "政务资讯/公告公示", title="别的栏目")
    rss = parse(fetch(client, f"/feeds/columns/{news.pk}/rss.xml").content)
    titles = [item.findtext("title") for item in rss.find("channel").findall("item")]
    assert titles[0] == "栏目新闻"
    assert "别的栏目" not in titles
    assert rss.find("channel").findtext("title") == "景德镇市人民政府 - 今日瓷都"
    atom = parse(fetch(client, f"/feeds/columns/{news.pk}/atom.xml").content)
    assert atom.find(f"{ATOM}entry").find(f"{ATOM}link").get("href").endswith(f"/{article.pk}/")
    # A column is only served on its own site.
    assert client.get(f"/feeds/columns/{news.pk}/rss.xml", HTTP_HOST=COUNTY).status_code == 404
    assert client.get("/feeds/columns/999999/rss.xml", HTTP_HOST=PORTAL).status_code == 404


def test_pages_announce_their_feeds(client):
    """Feed readers find a site's feed on any page, and a column's on its page."""
    news = factories.column(PORTAL, NEWS)
    home = fetch(client, "/").content.decode()
    assert 'type="application/rss+xml" title="景德镇市人民政府" href="/feeds/rss.xml"' in home
    column = fetch(client, news.url).content.decode()
    assert f'href="/feeds/columns/{news.pk}/rss.xml"' in column
    assert f'href="/feeds/columns/{news.pk}/atom.xml"' in column
    for feed in (f"/feeds/columns/{news.pk}/rss.xml", f"/feeds/columns/{news.pk}/atom.xml"):
        fetch(client, feed)


def test_expired_items_are_marked_in_feeds(client):
    import datetime

    from django.utils import timezone

    factories.placed_article(
        PORTAL, NEWS, title="过期公示", valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    titles = [i.findtext("title") for i in parse(fetch(client, "/feeds/rss.xml").content).iter("item")]
    assert "过期公示(已失效)" in titles


def test_sitemap_lists_the_sites_own_pages_only(client):
    index = parse(fetch(client, "/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert sections == ["http://www.jdz.gov.cn/sitemap-columns.xml", "http://www.jdz.gov.cn/sitemap-resources.xml"]

    portal = factories.portal()
    columns = [loc.text for loc in parse(fetch(client, "/sitemap-columns.xml").content).iter(f"{SITEMAP}loc")]
    assert columns[0] == "http://www.jdz.gov.cn/"
    assert "http://www.jdz.gov.cn/zwzx/jrcd/" in columns
    live = ColumnPage.objects.live().descendant_of(portal.site.root_page)
    assert len(columns) == 1 + live.exclude(mode=GuaranteeMode.LINK).count()

    resources = [loc.text for loc in parse(fetch(client, "/sitemap-resources.xml").content).iter(f"{SITEMAP}loc")]
    expected = placements_public().filter(site=portal)
    assert len(resources) == expected.count()
    assert all(url.startswith("http://www.jdz.gov.cn/") for url in resources)
    placement = expected.select_related("column").first()
    assert (
        f"http://www.jdz.gov.cn{placement.column.url_path[len(portal.site.root_page.url_path) - 1 :]}{placement.resource_id}/"
        in resources
    )

    county = [
        loc.text for loc in parse(fetch(client, "/sitemap-resources.xml", host=COUNTY).content).iter(f"{SITEMAP}loc")
    ]
    assert county and all(url.startswith("http://www.cjq.gov.cn/") for url in county)


def test_robots_points_at_the_sites_own_sitemap(client):
    robots = fetch(client, "/robots.txt", host=COUNTY).content.decode()
    assert "Sitemap: http://www.cjq.gov.cn/sitemap.xml" in robots
    assert "Disallow: /admin/" in robots
    site_set_status(record=SiteRecord.objects.get(domain=COUNTY), status=SiteStatus.PREPARING)
    assert fetch(client, "/robots.txt", host=COUNTY).content.decode() == "User-agent: *\nDisallow: /\n"
    assert client.get("/sitemap.xml", HTTP_HOST=COUNTY).status_code == 404
    assert client.get("/feeds/rss.xml", HTTP_HOST=COUNTY).status_code == 404
