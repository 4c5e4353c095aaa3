from wagtail.permissions import register_permission_policy

from core.admin_views import KeepRecordsPolicy

from .models import OrgUnit

register_permission_policy(OrgUnit, KeepRecordsPolicy(OrgUnit))
