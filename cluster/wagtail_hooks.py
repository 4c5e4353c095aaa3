from wagtail.permissions import register_permission_policy

from core.admin_views import KeepRecordsPolicy

from .models import SiteRecord

register_permission_policy(SiteRecord, KeepRecordsPolicy(SiteRecord))
