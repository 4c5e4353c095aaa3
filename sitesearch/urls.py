from django.urls import path

from api.guard import guard

from . import views

app_name = "sitesearch"
urlpatterns = [
    path("", views.search_page, name="search"),
    # JSON for the search box's script and a redirect for old API clients:
    # both under the API's keys, rate limits and JSON errors.
    path("suggest/", guard(views.search_suggest), name="suggest"),
    path("api/", guard(views.search_api), name="api"),
]
