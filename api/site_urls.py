"""Per-site addresses, answered for the site whose domain a request
reached: feeds, sitemap.xml and robots.txt, and the search box's JSON under
the API's guard (keys, rate limits, JSON errors)."""

from django.urls import path

from sitesearch import views as search_views

from . import feeds, sitemaps
from .conditional import conditional
from .guard import guard

urlpatterns = [
    path("feeds/rss.xml", conditional(feeds.SiteFeed()), name="site-feed-rss"),
    path("feeds/atom.xml", conditional(feeds.SiteAtomFeed()), name="site-feed-atom"),
    path("feeds/columns/<int:column_id>/rss.xml", conditional(feeds.ColumnFeed()), name="column-feed-rss"),
    path("feeds/columns/<int:column_id>/atom.xml", conditional(feeds.ColumnAtomFeed()), name="column-feed-atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="site-sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="site-sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="site-robots"),
    path("search/suggest/", guard(search_views.search_suggest), name="search-suggest"),
    # Old clients of the JSON search are sent on to /api/v2/search/.
    path("search/api/", guard(search_views.search_api), name="search-api"),
]
