from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from audit.models import AuditAction
from audit.services import audit_record

from . import vetting

# Submit buttons of Wagtail's page editor that ask for the page to go live or
# towards going live; saving a draft is never blocked.
_PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class ResourceForm(WagtailAdminPageForm):
    """The editor form of every library resource: before it is published or
    sent for review it must pass the sensitive-word and link checks and carry
    the author's 保密审查 confirmation (第十三条(一), 第十五条)."""

    secrecy_confirmed = forms.BooleanField(
        label="保密审查", required=False, help_text="确认本信息已经保密审查,不涉及国家秘密、工作秘密和个人隐私。"
    )
    vetting_override_reason = forms.CharField(
        label="越过敏感词检查的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="仅审核人员可填写:说明命中的词为何可以发布。",
    )

    word_hits: list = []

    def is_publishing(self) -> bool:
        return any(key in self.data for key in _PUBLISHING_ACTIONS)

    def clean(self):
        cleaned = super().clean()
        if not self.is_publishing():
            return cleaned
        if not cleaned.get("secrecy_confirmed"):
            self.add_error("secrecy_confirmed", "发布或送审前须确认已经保密审查。")
        resource = self.instance
        for name, value in cleaned.items():
            if hasattr(resource, name) and name in {f.name for f in resource._meta.concrete_fields}:
                setattr(resource, name, value)
        if links := vetting.blocked_links(resource):
            self.add_error(None, ValidationError(f"含有禁止链接的地址:{';'.join(map(str, links))}"))
        self.word_hits = vetting.sensitive_words(resource)
        if self.word_hits:
            reason = (cleaned.get("vetting_override_reason") or "").strip()
            may_override = self.for_user is not None and self.for_user.has_perm("library.override_vetting")
            if not (reason and may_override):
                message = f"含有敏感词,请修改后再发布:{';'.join(map(str, self.word_hits))}"
                if may_override:
                    message += "。如确需发布,请填写越过检查的理由。"
                self.add_error(None, ValidationError(message))
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=commit)
        if self.is_publishing():
            audit_record(
                action=AuditAction.VETTING,
                obj=page,
                user=self.for_user,
                secrecy_confirmed=True,
                override_reason=self.cleaned_data.get("vetting_override_reason", ""),
                words=[str(hit) for hit in self.word_hits],
            )
        return page
