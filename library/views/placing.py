"""Using a resource in columns: 放置到栏目, 转载, and the actions on one placement."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.views.generic import BaseOperationView

from cluster.models import GuaranteeMode

from .. import permissions
from ..admin_selectors import column_trees, placement_trees, site_records, syndication_source
from ..forms import PlaceForm, SyndicateForm, add_service_error
from ..models import Placement
from ..services import placement_delete, placement_update, placements_create, syndicate
from .base import RefusalMixin, ResourceFormView, resource_edit_url


class ColumnTreeFormView(ResourceFormView):
    """A form whose columns are ticked in the column trees of websites."""

    template_name = "library/admin/choose_columns.html"
    header_icon = "folder-open-1"

    def placed_ids(self) -> set[int]:
        return set(self.resource.placements.values_list("column_id", flat=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["selected"] = {int(pk) for pk in form["columns"].value() or [] if str(pk).isdigit()}
        context["trees"] = self.trees
        return context


class PlaceView(ColumnTreeFormView):
    """放置到栏目: the trees of the websites the user may publish to; only
    the columns the user's unit is responsible for can be ticked."""

    form_class = PlaceForm
    page_title = "放置到栏目"
    submit_button_label = "放置"
    template_name = "library/admin/place.html"

    def check_permission(self):
        if not permissions.user_can_use_resource(self.request.user, self.resource):
            raise PermissionDenied(f"只能放置本单位的信息资源;这条信息属于{self.resource.unit.name}。")

    @cached_property
    def column_filter(self) -> str:
        """What the editor typed into 筛选栏目 (GET ``q``), so the tree can be
        cut down to the columns they are looking for."""
        return self.request.GET.get("q", "").strip()[:50]

    @cached_property
    def trees(self):
        return placement_trees(user=self.request.user, placed=self.placed_ids(), text=self.column_filter)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            column_filter=self.column_filter,
            grouped=any(tree.own for tree in self.trees),
            choosable=sum(option.selectable for tree in self.trees for option in tree.options),
        )
        return context

    def form_valid(self, form):
        try:
            created = placements_create(
                resource=self.resource, columns=form.cleaned_data["columns"], user=self.request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{self.resource.title}”已放置到 {len(created)} 个栏目。")
        return redirect(self.get_success_url())


class SyndicateView(ColumnTreeFormView):
    """转载 (集群联动): put a resource published on the portal into columns of
    all or some sub-sites in one action, crediting the portal as its source."""

    form_class = SyndicateForm
    page_title = "转载到子网站"
    submit_button_label = "转载"
    header_icon = "resubmit"
    template_name = "library/admin/syndicate.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.source = syndication_source(self.resource)

    def dispatch(self, request, *args, **kwargs):
        if self.source is None:
            messages.error(request, "只有已在市政府门户网站发布的信息才能转载到子网站。")
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self):
        site = self.source.site
        if not permissions.user_can_syndicate(self.request.user, site):
            raise PermissionDenied(f"转载须由{site.name}的开设、主办或承办单位操作。")

    @cached_property
    def trees(self):
        return column_trees(
            records=site_records().exclude(pk=self.source.site_id),
            selectable=lambda column: column.mode != GuaranteeMode.LINK,
            placed=self.placed_ids(),
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "trees": self.trees}

    def form_valid(self, form):
        targets = form.cleaned_data["targets"]
        try:
            created = syndicate(resource=self.resource, columns=targets, user=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        sites = len({placement.site_id for placement in created})
        if created:
            messages.success(self.request, f"“{self.resource.title}”已转载到 {sites} 个网站的 {len(created)} 个栏目。")
        else:
            messages.warning(self.request, "所选栏目中都已有这条信息,没有新的转载。")
        return redirect(self.get_success_url())


class PlacementOperationView(RefusalMixin, BaseOperationView):
    """A POST on one placement, from the 栏目使用 tab of the resource's edit
    view; it returns there."""

    model = Placement

    def get_base_object_queryset(self):
        return Placement.objects.select_related("column", "resource").prefetch_related("column__unit_links__unit")

    def get_success_url(self):
        return self.next_url or resource_edit_url(self.object.resource_id)


PLACEMENT_CHANGES = {
    "pin": ({"pinned": True}, "已在栏目“{column}”中置顶。"),
    "unpin": ({"pinned": False}, "已取消在栏目“{column}”中的置顶。"),
    "take_down": ({"live": False}, "已从栏目“{column}”撤下,可随时恢复。"),
    "put_back": ({"live": True}, "已在栏目“{column}”中恢复发布。"),
}


class PlacementUpdateView(PlacementOperationView):
    """置顶, 撤下 and their reverses; each URL fixes the change it makes
    (see PLACEMENT_CHANGES)."""

    changes: dict = {}
    success_message = ""

    def check_permission(self):
        if not permissions.user_can_manage_placement(self.request.user, self.object):
            raise PermissionDenied(f"您不能调整栏目“{self.object.column.title}”中的信息。")

    def perform_operation(self):
        placement_update(placement=self.object, user=self.request.user, **self.changes)

    def get_success_message(self):
        return self.success_message.format(column=self.object.column.title)


class PlacementDeleteView(PlacementOperationView):
    """移除: the resource leaves the column and stays in the library."""

    def perform_operation(self):
        placement_delete(placement=self.object, user=self.request.user)

    def get_success_message(self):
        return f"已从栏目“{self.object.column.title}”中移除。"
