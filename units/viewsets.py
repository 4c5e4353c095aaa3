"""The unit registry (网站群管理 › 单位名录) in the admin. Writes go through
``units.services``, which apply the registry's rules."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_views import ForbiddenViewSetMixin, ServiceSaveMixin

from . import services
from .forms import OrgUnitForm
from .models import OrgUnit


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.UNIT_FIELDS if name in form.cleaned_data}


class OrgUnitIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class OrgUnitCreateView(ServiceSaveMixin, generic.CreateView):
    log_action = "wagtail.create"

    def save_instance(self):
        return services.unit_create(**_fields(self.form))


class OrgUnitEditView(ServiceSaveMixin, generic.EditView):
    def save_instance(self):
        return services.unit_update(unit=self.form.instance, **_fields(self.form))


class OrgUnitViewSet(ForbiddenViewSetMixin, ModelViewSet):
    model = OrgUnit
    icon = "group"
    menu_label = "单位名录"
    add_to_admin_menu = False
    copy_view_enabled = False
    # The registry's order is the order of the registry file and of lists
    # shown to the public; it is edited as a number, not dragged.
    sort_order_field = None
    index_view_class = OrgUnitIndexView
    add_view_class = OrgUnitCreateView
    edit_view_class = OrgUnitEditView
    list_display = [
        "name",
        Column("short_name", label="规范简称", sort_key="short_name"),
        Column("kind", label="类别", accessor="get_kind_display", sort_key="kind"),
        Column("parent", label="上级单位", accessor="parent"),
        Column("credit_code", label="统一社会信用代码"),
    ]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "credit_code"]
    search_backend_name = None
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("credit_code"),
        FieldPanel("aliases"),
        FieldPanel("member_kinds"),
        FieldPanel("sort_order"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=OrgUnitForm).bind_to_model(OrgUnit)
