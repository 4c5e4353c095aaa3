from django import forms
from django.db.models import Exists, OuterRef

from cluster.models import SiteKind, SiteRecord
from cluster.selectors import column_tree
from units.models import OrgUnit

from .models import SearchEntry
from .selectors import RESOURCE_TYPE_LABELS, SORTS, SearchFilters, SearchResults, search

# Columns offered as a filter: the first two levels of the site's tree.
COLUMN_FILTER_LEVELS = 2


class SearchForm(forms.Form):
    """The search page's and the JSON API's parameters, checked: anything
    unknown is an error on its field, never an exception."""

    q = forms.CharField(label="搜索词", required=False, strip=True)
    scope = forms.ChoiceField(label="搜索范围", required=False, widget=forms.RadioSelect)
    site = forms.TypedChoiceField(label="网站", coerce=int, required=False, empty_value=None)
    column = forms.TypedChoiceField(label="栏目", coerce=int, required=False, empty_value=None)
    type = forms.ChoiceField(label="类型", required=False)
    unit = forms.TypedChoiceField(label="发布机构", coerce=int, required=False, empty_value=None)
    date_from = forms.DateField(label="发布日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="发布日期至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORTS.items()))
    page = forms.IntegerField(label="页码", required=False, min_value=1)

    def __init__(self, data, *, record: SiteRecord):
        data = data.copy()
        data.setdefault("scope", "site")
        data.setdefault("sort", "relevance")
        super().__init__(data)
        self.record = record
        self.sites = {site.pk: site for site in SiteRecord.objects.public().select_related("unit", "site__root_page")}
        scopes = [("site", "本站")]
        if record.kind == SiteKind.PORTAL:
            scopes.append(("cluster", "全站群"))
        self.fields["scope"].choices = scopes
        self.fields["site"].choices = [("", "全部网站"), *((pk, site.name) for pk, site in self.sites.items())]
        self.fields["type"].choices = [("", "全部类型"), *RESOURCE_TYPE_LABELS.items()]
        home = self._column_site().site.root_page
        self.columns = {node.id: node for node in column_tree(home).nodes if not node.external}
        self.fields["column"].choices = [
            ("", "全部栏目"),
            *(
                (node.id, "　" * (node.depth - home.depth - 1) + node.title)
                for node in self.columns.values()
                if node.depth - home.depth <= COLUMN_FILTER_LEVELS
            ),
        ]
        self.fields["unit"].choices = [("", "全部机构"), *self._units()]

    def _raw(self, name):
        return self.data.get(name)

    @property
    def cluster(self) -> bool:
        return self._raw("scope") == "cluster" and self.record.kind == SiteKind.PORTAL

    def _column_site(self) -> SiteRecord:
        """Whose columns the column filter offers: the site searched."""
        chosen = self._raw("site")
        if self.cluster and chosen and chosen.isdigit() and int(chosen) in self.sites:
            return self.sites[int(chosen)]
        return self.record

    def _units(self):
        entries = SearchEntry.objects.public().filter(unit_id=OuterRef("pk"))
        entries = entries.filter(canonical=True) if self.cluster else entries.filter(site=self.record)
        return OrgUnit.objects.filter(Exists(entries)).values_list("pk", "name")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> SearchFilters:
        """The valid filters; invalid ones are left out (and reported)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        cluster = data.get("scope") == "cluster"
        column = self.columns.get(data.get("column"))
        unit = OrgUnit.objects.filter(pk=data["unit"]).first() if data.get("unit") else None
        return SearchFilters(
            cluster=cluster,
            site=self.sites.get(data.get("site")) if cluster else None,
            column=column,
            resource_type=data.get("type") or "",
            unit=unit,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def search(self, **options) -> SearchResults:
        """The search these parameters ask for on the form's site; ``options``
        go to ``selectors.search`` (page, per_page, clamp_page)."""
        return search(
            query=self.cleaned_data["q"],
            site=self.record,
            filters=self.filters(),
            sort=self.cleaned_data.get("sort") or "relevance",
            **options,
        )
