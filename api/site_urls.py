"""Per-site push addresses, answered for the site whose domain a request
reached: feeds, sitemap.xml and robots.txt."""

from django.urls import path

from . import feeds, sitemaps
from .conditional import conditional

urlpatterns = [
    path("feeds/rss.xml", conditional(feeds.SiteFeed()), name="site-feed-rss"),
    path("feeds/atom.xml", conditional(feeds.SiteAtomFeed()), name="site-feed-atom"),
    path("feeds/columns/<int:column_id>/rss.xml", conditional(feeds.ColumnFeed()), name="column-feed-rss"),
    path("feeds/columns/<int:column_id>/atom.xml", conditional(feeds.ColumnAtomFeed()), name="column-feed-atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="site-sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="site-sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="site-robots"),
]
