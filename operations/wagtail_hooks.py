from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from cluster.viewsets import SiteRecordViewSet
from review.viewsets import BlockedDomainViewSet, SensitiveWordViewSet
from units.viewsets import OrgUnitViewSet


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
