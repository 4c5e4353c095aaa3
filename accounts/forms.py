from django import forms
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

REAL_NAME_FIELDS = ("real_name", "mobile", "unit")


class _RealNameMixin(forms.ModelForm):
    """Every account is registered with a real name, a mobile number and a
    unit (实名登记, 附件3)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REAL_NAME_FIELDS:
            self.fields[name].required = True


class UserCreationForm(_RealNameMixin, WagtailUserCreationForm):
    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | set(REAL_NAME_FIELDS)


class UserEditForm(_RealNameMixin, WagtailUserEditForm):
    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | set(REAL_NAME_FIELDS)
