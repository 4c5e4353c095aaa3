"""Wagtail's reports, showing a unit only its own pages and submissions and
the people who worked on them.

Wagtail limits these reports by page permissions, but lets anyone who may
edit submissions at all see every unit's, and lists in its filters everyone
who ever requested a review or left a log entry. Superusers and 平台管理员
see everything, as in Wagtail."""

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports import audit_logging, page_types_usage, workflows
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .. import admin_selectors


def _requesters(request):
    if admin_selectors.user_sees_all_activity(request.user):
        return workflows.get_requested_by_queryset(request)
    states = admin_selectors.workflow_states_visible_to(request.user)
    return get_user_model().objects.filter(pk__in=states.values("requested_by")).order_by("username")


class WorkflowReportFilterSet(workflows.WorkflowReportFilterSet):
    requested_by = django_filters.ModelChoiceFilter(field_name="requested_by", queryset=_requesters)


class WorkflowView(workflows.WorkflowView):
    filterset_class = WorkflowReportFilterSet

    def get_queryset(self):
        states = super().get_queryset()
        if admin_selectors.user_sees_all_activity(self.request.user):
            return states
        return states.filter(pk__in=admin_selectors.workflow_states_visible_to(self.request.user).values("pk"))


class WorkflowTasksView(workflows.WorkflowTasksView):
    def get_queryset(self):
        task_states = super().get_queryset()
        if admin_selectors.user_sees_all_activity(self.request.user):
            return task_states
        visible = admin_selectors.workflow_states_visible_to(self.request.user)
        return task_states.filter(workflow_state__in=visible.values("pk"))


def _visible_entries(user, entries):
    if entries.model is PageLogEntry:
        return admin_selectors.page_log_entries_visible_to(user, entries)
    if entries.model is ModelLogEntry:
        return admin_selectors.model_log_entries_visible_to(user, entries)
    return entries


class SiteHistoryReportFilterSet(audit_logging.SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        user = self.request.user
        if admin_selectors.user_sees_all_activity(user):
            return super().get_users_queryset()
        pages = admin_selectors.page_log_entries_visible_to(user, PageLogEntry.objects.viewable_by_user(user))
        models = admin_selectors.model_log_entries_visible_to(user, ModelLogEntry.objects.viewable_by_user(user))
        ids = {*pages.get_user_ids(), *models.get_user_ids()}
        return get_user_model().objects.filter(pk__in=ids).order_by("username")


class LogEntriesView(audit_logging.LogEntriesView):
    filterset_class = SiteHistoryReportFilterSet

    def filter_queryset(self, queryset):
        # Called once for each kind of log entry, before they are combined.
        queryset = super().filter_queryset(queryset)
        if admin_selectors.user_sees_all_activity(self.request.user):
            return queryset
        return _visible_entries(self.request.user, queryset)


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    """Counts every page of the cluster and names the last edited of each
    type, whoever's it is: a report for those who run the cluster."""

    def dispatch(self, request, *args, **kwargs):
        if not admin_selectors.user_sees_all_activity(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _report(view_class, route: str) -> list:
    # Unnamed: links are reversed by Wagtail's names, to these same addresses.
    return [
        path(route, view_class.as_view()),
        path(f"{route}results/", view_class.as_view(results_only=True)),
    ]


# Served at Wagtail's own addresses of these reports, ahead of Wagtail's
# views (config/urls.py), so every link to them reaches these.
urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            *_report(WorkflowView, "workflow/"),
            *_report(WorkflowTasksView, "workflow_tasks/"),
            *_report(LogEntriesView, "site-history/"),
            *_report(PageTypesUsageReportView, "page-types-usage/"),
        ],
        require_admin_access,
    ),
    never_cache,
)
