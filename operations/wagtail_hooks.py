from django.urls import path
from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem, SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup

from cluster.models import SiteStatus
from cluster.viewsets import SiteRecordViewSet
from core.admin_views import forbidden_as_403
from review.viewsets import BlockedDomainViewSet, SensitiveWordViewSet
from units.viewsets import OrgUnitViewSet

from .selectors import Dashboard, cluster_dashboard, unit_columns, user_runs_cluster
from .views import ColumnProblemsView


class ClusterAdminViewSetGroup(ViewSetGroup):
    """网站群管理: the registries the platform operator keeps."""

    menu_label = "网站群管理"
    menu_icon = "site"
    menu_name = "cluster-admin"
    # After 信息资源库 (150), before images and documents.
    menu_order = 160
    items = (SiteRecordViewSet, OrgUnitViewSet, SensitiveWordViewSet, BlockedDomainViewSet)


@hooks.register("register_admin_viewset")
def register_cluster_admin():
    return ClusterAdminViewSetGroup()


@hooks.register("register_admin_urls")
def register_column_problem_urls():
    return [
        path(
            "operations/columns/<int:site_id>/<str:problem>/",
            forbidden_as_403(ColumnProblemsView.as_view()),
            name="operations_columns",
        )
    ]


def _dashboard(request) -> Dashboard:
    """The dashboard's figures, read once for the panel and the summary."""
    if not hasattr(request, "_cluster_dashboard"):
        request._cluster_dashboard = cluster_dashboard()
    return request._cluster_dashboard


class ClusterPanel(Component):
    name = "cluster_dashboard"
    template_name = "operations/admin/dashboard_panel.html"
    # Before Wagtail's own panels (workflow tasks at 100 and up).
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {"dashboard": _dashboard(self.request), "online": SiteStatus.ONLINE, "request": self.request}


class ClusterSummaryItem(SummaryItem):
    """Sites, columns needing attention and reviews waiting, in place of
    Wagtail's count of pages, which says nothing about a cluster."""

    order = 100
    template_name = "operations/admin/summary_item.html"

    def get_context_data(self, parent_context):
        dashboard = _dashboard(self.request)
        return {
            "sites": len(dashboard.sites),
            "online": sum(site.record.status == SiteStatus.ONLINE for site in dashboard.sites),
            "empty": dashboard.empty_columns,
            "overdue": dashboard.overdue_columns,
            "reviews": dashboard.reviews.total,
        }


class UnitColumnsPanel(Component):
    """For a unit's own accounts: the columns the unit keeps, and which of
    them are empty or overdue; nothing of other units."""

    name = "unit_columns"
    template_name = "operations/admin/unit_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {"rows": unit_columns(unit_id=self.request.user.unit_id), "unit": self.request.user.unit}


@hooks.register("construct_homepage_panels")
def add_cluster_panel(request, panels):
    if user_runs_cluster(request.user):
        panels.append(ClusterPanel(request))
    elif request.user.unit_id:
        panels.append(UnitColumnsPanel(request))


# After Wagtail's own hook, which adds the count of pages.
@hooks.register("construct_homepage_summary_items", order=10)
def replace_pages_summary(request, items):
    if user_runs_cluster(request.user):
        items[:] = [item for item in items if not isinstance(item, PagesSummaryItem)]
        items.insert(0, ClusterSummaryItem(request))
