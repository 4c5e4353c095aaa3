"""sitemap.xml and robots.txt of each site, listing that site's own pages
only: its home page, its columns and the pages of the resources placed in
them. Addresses use the domain the request reached."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from cluster.models import ColumnPage, GuaranteeMode
from library.routing import placement_path

from . import selectors
from .conditional import conditional


class _SiteSitemap(Sitemap):
    def __init__(self, record):
        self.record = record
        self.home = record.site.root_page

    def _path(self, url_path: str) -> str:
        """A page's path on its own site, from its path in the page tree."""
        return "/" + url_path[len(self.home.url_path) :]


class ColumnSitemap(_SiteSitemap):
    def items(self):
        columns = (
            ColumnPage.objects.live()
            .descendant_of(self.home)
            .exclude(mode=GuaranteeMode.LINK)
            .order_by("path")
            .only("url_path", "last_published_at")
        )
        return [self.home, *columns]

    def location(self, page):
        return self._path(page.url_path)

    def lastmod(self, page):
        return page.last_published_at


class ResourceSitemap(_SiteSitemap):
    def items(self):
        return (
            selectors.placements_shown()
            .filter(site=self.record)
            .order_by("id")
            .values("resource_id", "column__url_path", "resource__last_published_at")
        )

    def location(self, placement):
        return placement_path(self._path(placement["column__url_path"]), placement["resource_id"])

    def lastmod(self, placement):
        return placement["resource__last_published_at"]


def _site(request):
    record = selectors.site_for_request(request)
    if record is None:
        raise Http404
    return record


def _sitemaps(record) -> dict:
    return {"columns": ColumnSitemap(record), "resources": ResourceSitemap(record)}


@require_GET
@conditional
def sitemap_index(request):
    return sitemap_views.index(request, _sitemaps(_site(request)), sitemap_url_name="site-sitemap-section")


@require_GET
@conditional
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, _sitemaps(_site(request)), section=section)


@require_GET
def robots_txt(request):
    if selectors.site_for_request(request) is None:
        # A site being set up or taken offline is not to be indexed.
        return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
    sitemap = request.build_absolute_uri(reverse("site-sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
