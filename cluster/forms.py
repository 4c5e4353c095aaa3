"""Forms of the site registry in the admin. They collect and shape input;
the rules of 第五条 are the record's own and are applied by the services."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from core.forms import TextListField
from units.models import OrgUnit, UnitKind

from .models import SiteKind, SiteRecord, SiteStatus


class SiteRecordForm(WagtailAdminModelForm):
    extra_domains = TextListField(
        label="其他域名", required=False, help_text="每行一个,如不带 www 的域名;访问这些域名同样打开本网站。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            portals = SiteRecord.objects.filter(kind__in=[SiteKind.PORTAL, SiteKind.COUNTY_PORTAL])
            self.fields["parent"].queryset = portals.select_related("unit").exclude(pk=self.instance.pk)
        for name in ("unit", "host_unit", "operator_unit"):
            if name in self.fields:
                self.fields[name].queryset = OrgUnit.objects.exclude(kind=UnitKind.COLLECTIVE)


class SiteStatusForm(forms.Form):
    status = forms.ChoiceField(label="新状态", choices=SiteStatus.choices, widget=forms.RadioSelect)

    def __init__(self, *args, record: SiteRecord, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in SiteStatus.choices if value != record.status
        ]
