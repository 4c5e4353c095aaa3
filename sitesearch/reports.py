"""The operator's search statistics (搜索统计) in the Wagtail admin: top
queries and zero-result queries per site over a period."""

from django_filters import BooleanFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from cluster.models import SiteRecord

from .models import QueryLog
from .selectors import query_statistics


class QueryLogFilterSet(WagtailFilterSet):
    site = ModelChoiceFilter(label="网站", queryset=SiteRecord.objects.select_related("unit"))
    date = DateFromToRangeFilter(label="日期", widget=DateRangePickerWidget)
    zero_hits = BooleanFilter(label="只看无结果的搜索词", method="filter_zero_hits")

    class Meta:
        model = QueryLog
        fields = []

    def filter_zero_hits(self, queryset, name, value):
        return queryset.filter(zero_hit_searches__gt=0) if value else queryset


class QueryStatisticsView(ReportView):
    page_title = "搜索统计"
    header_icon = "search"
    filterset_class = QueryLogFilterSet
    index_url_name = "sitesearch_statistics"
    index_results_url_name = "sitesearch_statistics_results"
    default_ordering = "-searches_total"
    columns = [
        Column("query", label="搜索词", sort_key="query"),
        Column("site__unit__name", label="网站"),
        NumberColumn("searches_total", label="搜索次数", sort_key="searches_total"),
        NumberColumn("zero_hits_total", label="无结果次数", sort_key="zero_hits_total"),
    ]
    list_export = ["query", "site__unit__name", "searches_total", "zero_hits_total"]
    export_headings = {
        "query": "搜索词",
        "site__unit__name": "网站",
        "searches_total": "搜索次数",
        "zero_hits_total": "无结果次数",
    }
    permission_policy = ModelPermissionPolicy(QueryLog)
    permission_required = "view"

    def get_queryset(self):
        return self.order_queryset(query_statistics(self.filter_queryset(QueryLog.objects.all())))

    def get_filtered_queryset(self):
        return self.get_queryset()
