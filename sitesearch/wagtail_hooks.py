from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Recommendation, SynonymGroup
from .reports import QueryStatisticsView


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "同义词"
    list_display = ["__str__", "updated_at"]


class RecommendationViewSet(SnippetViewSet):
    model = Recommendation
    icon = "pick"
    menu_label = "推荐结果"
    list_display = ["queries", "resource", "site", "sort_order"]
    list_filter = ["site"]


class SiteSearchViewSetGroup(SnippetViewSetGroup):
    items = (SynonymGroupViewSet, RecommendationViewSet)
    menu_icon = "search"
    menu_label = "站内搜索"
    menu_name = "sitesearch"


register_snippet(SiteSearchViewSetGroup)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path("reports/search/", QueryStatisticsView.as_view(), name="sitesearch_statistics"),
        path(
            "reports/search/results/",
            QueryStatisticsView.as_view(results_only=True),
            name="sitesearch_statistics_results",
        ),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("sitesearch.view_querylog")


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem("搜索统计", reverse("sitesearch_statistics"), icon_name="search", order=1400)


@hooks.register("register_permissions")
def register_statistics_permission():
    return Permission.objects.filter(content_type__app_label="sitesearch", codename="view_querylog")
