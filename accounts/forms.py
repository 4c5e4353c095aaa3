from django import forms
from django.contrib.auth.models import Group
from wagtail.users.forms import GroupForm as WagtailGroupForm
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from . import selectors

REAL_NAME_FIELDS = ("real_name", "mobile", "unit")
# Errors with this code are refusals of a power the acting user may not give.
PRIVILEGE = "privilege"


class _RealNameMixin(forms.ModelForm):
    """Every account is registered with a real name, a mobile number and a
    unit (实名登记, 附件3)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REAL_NAME_FIELDS:
            self.fields[name].required = True


class _GrantsMixin(forms.ModelForm):
    """Refuses, field by field, the powers the acting user may not give:
    the superuser flag and the groups that manage accounts or groups."""

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        cleaned = super().clean()
        if self.actor is None:
            return cleaned
        target = self.instance
        refusals = selectors.user_grant_refusals(
            actor=self.actor,
            target=target,
            is_superuser=cleaned.get("is_superuser", target.is_superuser),
            groups_before=list(target.groups.all()) if target.pk else [],
            groups_after=list(cleaned.get("groups") or Group.objects.none()),
        )
        for field, message in refusals.items():
            self.add_error(field, forms.ValidationError(message, code=PRIVILEGE))
        return cleaned


class UserCreationForm(_GrantsMixin, _RealNameMixin, WagtailUserCreationForm):
    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | set(REAL_NAME_FIELDS)


class UserEditForm(_GrantsMixin, _RealNameMixin, WagtailUserEditForm):
    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | set(REAL_NAME_FIELDS)


class GroupForm(WagtailGroupForm):
    """Only superusers give or take the permissions that manage accounts
    and groups."""

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        cleaned = super().clean()
        if self.actor is not None and "permissions" in cleaned:
            # Only those the form shows: it keeps the others as they are.
            before = self.instance.permissions.filter(pk__in=self.registered_permissions) if self.instance.pk else []
            refusals = selectors.group_grant_refusals(
                actor=self.actor, permissions_before=before, permissions_after=cleaned["permissions"]
            )
            for field, message in refusals.items():
                self.add_error(field, forms.ValidationError(message, code=PRIVILEGE))
        return cleaned


def privilege_refusals(form) -> dict[str, list[str]]:
    """The fields of ``form`` refused as powers the acting user may not
    give, with the reasons."""
    refusals = {}
    for field, errors in form.errors.as_data().items():
        reasons = [message for error in errors if error.code == PRIVILEGE for message in error.messages]
        if reasons:
            refusals[field] = reasons
    return refusals
