"""资源库: the listing of library resources."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import MultipleContentTypeFilter, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, StatusTagColumn
from wagtail.admin.views import generic

from cluster.models import ColumnPage, SiteKind, SiteRecord
from units.models import OrgUnit

from .. import permissions
from ..admin_selectors import column_labels, resource_listing, resources_for_user
from ..models import RESOURCE_TYPES, Placement, Resource, UnitLibrary
from ..services import library_root
from .base import resource_edit_url
from .buttons import resource_buttons

PUBLISHED, DRAFT, EXPIRED = "published", "draft", "expired"
STATUS_LABELS = {PUBLISHED: "已发布", DRAFT: "草稿", EXPIRED: "已失效"}


def resource_status(resource) -> str:
    if not resource.live:
        return DRAFT
    return EXPIRED if resource.is_expired else PUBLISHED


def _expired() -> Q:
    return Q(valid_until__lt=timezone.localdate())


def _placed(**lookup):
    return Placement.objects.filter(**lookup).values("resource_id")


def _column_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """Columns holding any of the user's resources, grouped by website."""
    used = Placement.objects.filter(resource__in=resources_for_user(user)).values("column_id")
    columns = ColumnPage.objects.filter(pk__in=used)
    labels = column_labels(columns.only("id", "path").order_by("path"))
    groups: dict[str, list[tuple[str, str]]] = {}
    for column_id, label in labels.items():
        groups.setdefault(label.site, []).append((str(column_id), label.path))
    return list(groups.items())


class ResourceFilterSet(WagtailFilterSet):
    content_type = MultipleContentTypeFilter(
        label="类型",
        queryset=lambda request: ContentType.objects.filter(
            pk__in=[ct.pk for ct in ContentType.objects.get_for_models(*RESOURCE_TYPES).values()]
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    unit = django_filters.ModelChoiceFilter(
        label="单位",
        queryset=lambda request: OrgUnit.objects.filter(pk__in=Resource.objects.values("unit_id")),
        empty_label="全部单位",
    )
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=list(STATUS_LABELS.items()),
        method="filter_status",
        empty_label="全部",
        widget=forms.RadioSelect,
    )
    site = django_filters.ModelChoiceFilter(
        label="网站",
        queryset=lambda request: SiteRecord.objects.select_related("unit"),
        method="filter_site",
        empty_label="全部网站",
        help_text="放置在该网站任一栏目中的信息。",
    )
    column = django_filters.ChoiceFilter(
        label="栏目", method="filter_column", empty_label="全部栏目", help_text="放置在该栏目中的信息。"
    )

    class Meta:
        model = Resource
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if not request.user.is_superuser:
            # A unit's editors see only their own unit's resources.
            del self.filters["unit"]
        self.filters["column"].extra["choices"] = _column_choices(request.user)

    def filter_status(self, queryset, name, value):
        if value == PUBLISHED:
            return queryset.filter(live=True).exclude(_expired())
        if value == DRAFT:
            return queryset.filter(live=False)
        return queryset.filter(_expired())

    def filter_site(self, queryset, name, value):
        return queryset.filter(pk__in=_placed(site=value)) if value else queryset

    def filter_column(self, queryset, name, value):
        return queryset.filter(pk__in=_placed(column_id=value)) if value else queryset


class ResourceIndexView(generic.IndexView):
    """资源库: every resource the user works with, whatever its type, in a
    fixed number of queries (the type comes from the cached content type,
    the placement count from an annotation)."""

    model = Resource
    # Access follows the library's own rule (a unit sees its own shelf), not
    # Wagtail's page permissions; see resources_for_user.
    permission_policy = None
    any_permission_required = None
    page_title = "资源库"
    header_icon = "folder-open-inverse"
    index_url_name = "library:index"
    index_results_url_name = "library:index_results"
    filterset_class = ResourceFilterSet
    search_fields = ["title"]
    # A substring match suits Chinese titles better than word search.
    search_backend_name = None
    default_ordering = "-first_published_at"
    paginate_by = 30
    add_item_label = "录入信息资源"

    @cached_property
    def list_display(self):
        return [
            "title",
            Column("type", label="类型", accessor="page_type_display_name", width="9%"),
            Column("unit", label="单位", accessor="unit.short_name", sort_key="unit__sort_order", width="12%"),
            StatusTagColumn(
                "status",
                label="状态",
                accessor=lambda resource: STATUS_LABELS[resource_status(resource)],
                primary=lambda resource: resource_status(resource) == PUBLISHED,
                width="8%",
            ),
            DateColumn("first_published_at", label="发布时间", sort_key="first_published_at", width="12%"),
            NumberColumn("placement_count", label="使用栏目数", sort_key="placement_count", width="9%"),
        ]

    def get_base_queryset(self):
        return resource_listing(self.request.user)

    def order_queryset(self, queryset):
        # Drafts have no publish time: keep them after published items either
        # way, as SQLite and PostgreSQL would otherwise disagree.
        field = self.ordering.lstrip("-")
        descending = self.ordering.startswith("-")
        expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        return queryset.order_by(expression, "-pk")

    def get_edit_url(self, instance):
        return resource_edit_url(instance.pk)

    def get_add_url(self):
        # Whoever may enter for several units (the operator) first chooses the
        # unit's shelf, which decides whose resource it is.
        user = self.request.user
        if user.is_superuser:
            return reverse("wagtailadmin_explore", args=[library_root().pk])
        shelf = UnitLibrary.objects.filter(unit_id=user.unit_id).first()
        if shelf:
            return reverse("wagtailadmin_pages:add_subpage", args=[shelf.pk])

    @cached_property
    def portal(self):
        return SiteRecord.objects.filter(kind=SiteKind.PORTAL).first()

    def get_list_more_buttons(self, instance):
        can_syndicate = (
            instance.on_portal
            and self.portal is not None
            and permissions.user_can_syndicate(self.request.user, self.portal)
        )
        return super().get_list_more_buttons(instance) + resource_buttons(
            instance, self.request.user, next_url=self.index_url, can_syndicate=can_syndicate
        )
