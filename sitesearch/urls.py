from django.urls import path

from . import views

app_name = "sitesearch"
# The search box's suggestions (/search/suggest/) and the old JSON search
# (/search/api/) are JSON under the API's keys, rate limits and errors, so
# the API serves them: see api/site_urls.py.
urlpatterns = [
    path("", views.search_page, name="search"),
]
