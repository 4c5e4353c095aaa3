from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models import Resource


def resource_edit_url(resource_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[resource_id])


class RefusalMixin:
    """Answer a refusal with 403 and its reason. Wagtail's admin would turn
    a PermissionDenied into a redirect to the dashboard, which tells neither
    the browser nor an API client that the request was refused; the services
    refuse a request as a whole, so nothing has been written by then."""

    def check_permission(self) -> None:
        """Raise PermissionDenied when the user may not use this view at all."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.check_permission()
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return render(
                request,
                "core/admin/forbidden.html",
                {
                    "reason": str(refusal) or "您没有权限执行此操作。",
                    "back_url": reverse("library:index"),
                    "back_label": "返回资源库",
                },
                status=403,
            )


class ResourceFormView(RefusalMixin, WagtailAdminTemplateMixin, FormView):
    """A form acting on one resource, reached from its edit view or from
    the 资源库 listing; afterwards it returns to where it came from."""

    template_name = "wagtailadmin/generic/form.html"
    submit_button_label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.resource = get_object_or_404(Resource.objects.select_related("unit"), pk=kwargs["pk"])
        self.next_url = get_valid_next_url_from_request(request)

    def get_page_subtitle(self):
        return self.resource.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("library:index"), "label": "资源库"},
            {"url": resource_edit_url(self.resource.pk), "label": self.resource.get_admin_display_title()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_success_url(self):
        return self.next_url or resource_edit_url(self.resource.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            resource=self.resource,
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
            media=context["form"].media,
        )
        return context
