"""The site registry (网站群管理 › 政府网站) in the admin: the operator lists,
opens and edits websites and changes their status. Every write goes through
``cluster.services``, so the rules of 第五条 apply here as everywhere."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton

from core.admin_views import ForbiddenViewSetMixin, ServiceSaveMixin, add_service_errors

from . import services
from .forms import SiteRecordForm, SiteStatusForm
from .models import SiteRecord, SiteStatus


def _registry_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.REGISTRY_FIELDS if name in form.cleaned_data}


def _filings(record: SiteRecord) -> str:
    missing = record.missing_filings()
    return f"缺{len(missing)}项:{'、'.join(missing)}" if missing else "齐全"


_REGISTRY_PANELS = [
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
            FieldRowPanel([FieldPanel("host_unit"), FieldPanel("operator_unit")]),
        ],
        heading="主办与承办",
    ),
    MultiFieldPanel(
        [FieldPanel("domain"), FieldPanel("chinese_domain"), FieldPanel("extra_domains")],
        heading="域名(第五条(四))",
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("icp_number"), FieldPanel("police_filing_number")]),
            FieldRowPanel([FieldPanel("mlps_level"), FieldPanel("mlps_filing_number")]),
            FieldRowPanel([FieldPanel("site_code"), FieldPanel("conac_mark_id")]),
        ],
        heading="管理备案(第五条(三),未齐全的网站不得上线)",
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("supervisor_name"), FieldPanel("supervisor_phone")]),
            FieldRowPanel([FieldPanel("responsible_name"), FieldPanel("responsible_phone")]),
            FieldRowPanel([FieldPanel("liaison_name"), FieldPanel("liaison_phone")]),
        ],
        heading="网站负责人(第十四条)",
    ),
    MultiFieldPanel([FieldPanel("index_number_pattern"), FieldPanel("sort_order")], heading="其他"),
]


class SiteRecordIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        # The site's name is its unit's, a property without a label of its own.
        title, *rest = super().columns
        title.label = "网站名称"
        return [title, *rest]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit", "parent__unit")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                ListingButton(
                    "变更状态", url=reverse("siterecord:status", args=[instance.pk]), icon_name="cogs", priority=15
                )
            )
        return buttons


class SiteRecordCreateView(ServiceSaveMixin, generic.CreateView):
    log_action = "wagtail.create"

    def save_instance(self):
        return services.site_record_create(unit=self.form.cleaned_data["unit"], **_registry_fields(self.form))

    def get_success_message(self, instance):
        return f"已开设网站“{instance.name}”({instance.domain}),状态为筹建中;管理备案齐全后可在“变更状态”中上线运行。"


class SiteRecordEditView(ServiceSaveMixin, generic.EditView):
    def save_instance(self):
        return services.site_record_update(record=self.form.instance, **_registry_fields(self.form))

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton("变更状态", url=reverse("siterecord:status", args=[self.object.pk]), icon_name="cogs"),
        ]


class SiteStatusView(generic.PermissionCheckedMixin, generic.WagtailAdminTemplateMixin, FormView):
    """Switch a website's status (上线运行, 临时下线, 永久下线 …) through
    ``services.site_set_status``, which refuses going online while a filing
    is missing and records the change in the audit log."""

    model = SiteRecord
    permission_required = "change"
    form_class = SiteStatusForm
    template_name = "cluster/admin/site_status.html"
    page_title = "变更网站状态"
    header_icon = "cogs"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.record = get_object_or_404(SiteRecord.objects.select_related("unit"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.record.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("siterecord:index"), "label": "政府网站"},
            {"url": reverse("siterecord:edit", args=[self.record.pk]), "label": self.record.name},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "record": self.record}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.record,
            missing_filings=self.record.missing_filings(),
            action_url=self.request.get_full_path(),
            submit_button_label="变更状态",
            submit_button_active_label="正在变更…",
            **kwargs,
        )

    def form_valid(self, form):
        previous = self.record.get_status_display()
        try:
            services.site_set_status(record=self.record, status=form.cleaned_data["status"], user=self.request.user)
        except ValidationError as error:
            # The record object took the refused status before validation.
            self.record.refresh_from_db()
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"网站“{self.record.name}”已由{previous}变更为{self.record.get_status_display()}。"
        )
        return redirect("siterecord:index")


class SiteRecordViewSet(ForbiddenViewSetMixin, ModelViewSet):
    model = SiteRecord
    icon = "site"
    menu_label = "政府网站"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = SiteRecordIndexView
    add_view_class = SiteRecordCreateView
    edit_view_class = SiteRecordEditView
    list_display = [
        "name",
        Column("domain", label="英文域名", sort_key="domain"),
        Column("kind", label="网站类型", accessor="get_kind_display", sort_key="kind"),
        StatusTagColumn(
            "status",
            label="状态",
            accessor="get_status_display",
            sort_key="status",
            primary=lambda record: record.status == SiteStatus.ONLINE,
        ),
        Column("filings", label="管理备案", accessor=_filings),
    ]
    list_filter = ["kind", "status"]
    search_fields = ["domain", "chinese_domain", "unit__name", "unit__short_name"]
    search_backend_name = None

    def _panel(self, *, for_update: bool):
        # The opening unit is chosen once: the site's name is the unit's name.
        unit = FieldPanel("unit", read_only=for_update, heading="开设单位(网站名称即单位名称)")
        return ObjectList([unit, *_REGISTRY_PANELS], base_form_class=SiteRecordForm).bind_to_model(SiteRecord)

    def get_form_class(self, for_update=False):
        return self._panel(for_update=for_update).get_form_class()

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=self._panel(for_update=False), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(panel=self._panel(for_update=True), **kwargs)

    def get_extra_urlpatterns(self):
        return [path("status/<int:pk>/", SiteStatusView.as_view(), name="status")]
