"""/api/: the cluster's endpoints under /api/v2/, the OpenAPI schema at
/api/schema/ and its docs at /api/docs/. Every view, including a miss, passes
the guard."""

from django.http import Http404
from django.urls import path, re_path
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .endpoints import router
from .guard import guard
from .openapi import api_create

api = api_create(router)


def _unknown(request, rest):
    raise Http404


urlpatterns = decorate_urlpatterns(
    [
        path("", api.urls),
        # Without this, an unknown /api/ address would fall through to the
        # sites' page tree and get an HTML page.
        re_path(r"^(?P<rest>.*)$", _unknown),
    ],
    guard,
)
