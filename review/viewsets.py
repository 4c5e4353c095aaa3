"""The lists checked before publishing (敏感词, 禁止链接的域名) in the admin,
kept by the platform operator. Wagtail's own history of each entry records
who added, changed or removed it, and when."""

from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_views import ForbiddenViewSetMixin

from .models import BlockedDomain, SensitiveWord


class SensitiveWordViewSet(ForbiddenViewSetMixin, ModelViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = "敏感词"
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["word", "category"]
    list_display = ["word", "category"]
    search_fields = ["word", "category"]
    search_backend_name = None


class BlockedDomainViewSet(ForbiddenViewSetMixin, ModelViewSet):
    model = BlockedDomain
    icon = "link"
    menu_label = "禁止链接的域名"
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["domain", "reason"]
    list_display = ["domain", "reason"]
    search_fields = ["domain", "reason"]
    search_backend_name = None
