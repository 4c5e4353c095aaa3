from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.home import default as admin_not_found
from wagtail.documents import urls as wagtaildocs_urls

from library.views import reports as library_reports

urlpatterns = [
    # Wagtail's admin keeps two developer probes any signed-in editor could
    # open: failwhale raises an error on purpose (a 500 and an error report
    # each time) and test404 shows the 404 page with 200. Neither exists here.
    re_path(r"^admin/(?:failwhale|test404)/$", admin_not_found),
    # Reports that show a unit only its own pages and submissions.
    path("admin/reports/", include(library_reports.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("sitesearch.urls")),
    path("api/", include("api.urls")),
    # Per-site feeds, sitemap.xml, robots.txt and the search box's JSON.
    path("", include("api.site_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
