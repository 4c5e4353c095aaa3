from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from core.forms import TextListField

from .models import UnitKind


class OrgUnitForm(WagtailAdminModelForm):
    aliases = TextListField(label="别名", required=False, help_text="单位的其他叫法,每行一个,如“市政府办”。")
    member_kinds = forms.TypedMultipleChoiceField(
        label="集合包含的单位类别",
        required=False,
        choices=[kind for kind in UnitKind.choices if kind[0] != UnitKind.COLLECTIVE],
        widget=forms.CheckboxSelectMultiple,
        help_text="仅用于单位集合,如“市直各部门”包含市直部门和市直其他机关。",
    )
