"""The operator's list of a website's empty or overdue columns, reached from
the counts on the dashboard."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .selectors import column_states, column_titles, column_trail, user_runs_cluster

PROBLEMS = {"empty": "空栏目(没有公开的信息)", "overdue": "超期未更新的栏目"}


class ColumnProblemsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "operations/admin/columns.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not user_runs_cluster(request.user):
            raise PermissionDenied
        if kwargs["problem"] not in PROBLEMS:
            raise Http404
        sites = column_states(site_id=kwargs["site_id"])
        if not sites:
            raise Http404
        self.site = sites[0]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return PROBLEMS[self.kwargs["problem"]]

    def get_page_subtitle(self):
        return self.site.record.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_home"), "label": "运维概览"},
            {"url": "", "label": f"{self.site.record.name} › {self.get_page_title()}"},
        ]

    def get_context_data(self, **kwargs):
        columns = getattr(self.site, self.kwargs["problem"])
        titles = column_titles(column.path for column in columns)
        context = super().get_context_data(**kwargs)
        context.update(site=self.site, rows=[(column, column_trail(column.path, titles=titles)) for column in columns])
        return context
