from django.urls import path

from . import views

app_name = "sitesearch"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("suggest/", views.search_suggest, name="suggest"),
    path("api/", views.search_api, name="api"),
]
