from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .vetting import vetting

# Submit buttons of Wagtail's page editor that ask for the page to go live or
# towards going live; saving a draft is never blocked.
_PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class ResourceForm(WagtailAdminPageForm):
    """The editor form of every library resource: before it is published or
    sent for review it must pass the sensitive-word and link checks and carry
    the author's 保密审查 confirmation (第十三条(一), 第十五条). The checks
    are asked of the vetting that ``review`` registers (``library.vetting``)."""

    secrecy_confirmed = forms.BooleanField(
        label="保密审查", required=False, help_text="确认本信息已经保密审查,不涉及国家秘密、工作秘密和个人隐私。"
    )
    vetting_override_reason = forms.CharField(
        label="越过敏感词检查的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅审核人员可填写:说明命中的词为何可以发布。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new resource belongs to the unit of the shelf it is entered on;
        # its preview and checks need that before it is saved.
        if self.instance.unit_id is None and self.parent_page is not None:
            self.instance.unit_id = getattr(self.parent_page.specific, "unit_id", None)
        self._limit_resource_choices()

    def _limit_resource_choices(self):
        """A resource may refer to what is published and to its own unit's
        drafts; other units' drafts never reach the choices (第十三条(三))."""
        own_unit = Q(unit_id=self.instance.unit_id) if self.instance.unit_id else Q(pk__in=[])
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Page) and hasattr(queryset.model, "unit"):
                field.queryset = queryset.filter(Q(live=True) | own_unit)

    def is_publishing(self) -> bool:
        if self.data.get("workflow-action-name") == "reject":
            return False
        return any(key in self.data for key in _PUBLISHING_ACTIONS)

    def clean(self):
        cleaned = super().clean()
        if not self.is_publishing():
            return cleaned
        resource = self.instance
        for name, value in cleaned.items():
            if hasattr(resource, name) and name in {f.name for f in resource._meta.concrete_fields}:
                setattr(resource, name, value)
        if not cleaned.get("secrecy_confirmed"):
            # A reviewer approving exactly what the editor confirmed and sent
            # needs no second tick; anything else does.
            if vetting().publication_problems(resource=resource, user=self.for_user):
                self.add_error("secrecy_confirmed", "发布或送审前须确认已经保密审查。")
            return cleaned
        problems = vetting().vetting_problems(
            resource=resource, user=self.for_user, override_reason=cleaned.get("vetting_override_reason") or ""
        )
        for problem in problems:
            self.add_error(None, ValidationError(problem))
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=commit)
        if self.is_publishing() and self.cleaned_data.get("secrecy_confirmed"):
            vetting().clearance_record(
                resource=page, user=self.for_user, override_reason=self.cleaned_data.get("vetting_override_reason", "")
            )
        return page
