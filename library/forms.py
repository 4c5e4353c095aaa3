"""Forms of the library admin. They check what a form can see for itself;
whether the user may publish somewhere is the services' decision, and a
refusal there answers 403."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError

from cluster.models import ColumnPage, GuaranteeMode, SiteRecord

from .models.submissions import DECLARATION


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names
    when the form has that field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ColumnsField(forms.ModelMultipleChoiceField):
    """Columns ticked in a column tree. Any existing column passes here, so
    that one the page never offered reaches the service and is refused there
    as a whole, rather than being quietly dropped."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=ColumnPage.objects.all(),
            error_messages={
                "required": "请至少选择一个栏目。",
                "invalid_choice": "编号为 %(value)s 的栏目不存在。",
                "invalid_pk_value": "“%(pk)s”不是有效的栏目编号。",
            },
            **kwargs,
        )


class PlaceForm(forms.Form):
    columns = ColumnsField(label="栏目")


class SyndicateForm(forms.Form):
    """转载: columns ticked one by one, and every column at the same path
    (同名栏目) on each chosen website."""

    sites = forms.ModelMultipleChoiceField(
        label="目标网站", queryset=SiteRecord.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    same_path = forms.MultipleChoiceField(
        label="同名栏目",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="在上面勾选的每个网站中,转载到路径相同的栏目,如各县(市、区)门户网站的“政务动态 / 上级文件”。",
    )
    columns = ColumnsField(label="逐个选择栏目", required=False)

    def __init__(self, *args, trees, **kwargs):
        super().__init__(*args, **kwargs)
        self.trees = trees
        sites = self.fields["sites"]
        sites.queryset = SiteRecord.objects.filter(pk__in=[tree.record.pk for tree in trees]).select_related("unit")
        sites.label_from_instance = lambda record: f"{record.name}({record.domain})"
        self.fields["same_path"].choices = same_path_choices(trees)

    def clean(self):
        cleaned = super().clean()
        sites = {record.pk for record in cleaned.get("sites") or []}
        paths = set(cleaned.get("same_path") or [])
        if paths and not sites:
            self.add_error("sites", "按同名栏目转载时,请勾选目标网站。")
            return cleaned
        targets = {column.pk: column for column in cleaned.get("columns") or []}
        for tree in self.trees:
            if tree.record.pk in sites:
                for option in tree.options:
                    if option.selectable and option.path in paths:
                        targets.setdefault(option.column.pk, option.column)
        if not targets and not self.errors:
            raise ValidationError("请选择转载的目标栏目:逐个勾选栏目,或勾选目标网站和同名栏目。")
        cleaned["targets"] = list(targets.values())
        return cleaned


def same_path_choices(trees) -> list[tuple[str, str]]:
    """Column paths found on two or more of the websites, 转载 columns first."""
    counts = Counter()
    syndication = set()
    for tree in trees:
        for option in tree.options:
            if option.selectable:
                counts[option.path] += 1
                if option.column.mode == GuaranteeMode.SYNDICATION:
                    syndication.add(option.path)
    shared = [path for path, count in counts.items() if count > 1]
    shared.sort(key=lambda path: (path not in syndication, -counts[path]))
    return [(path, f"{path}({counts[path]}个网站{' · 转载栏目' if path in syndication else ''})") for path in shared]


class SubmitForm(forms.Form):
    """报送 with the 景德镇市单位信息上网申请审核表 (附件2)."""

    column = forms.ModelChoiceField(
        label="计划放置的栏目",
        queryset=ColumnPage.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "请选择报送的栏目。", "invalid_choice": "请选择列出的信息报送栏目。"},
    )
    contact_name = forms.CharField(label="联系人", max_length=50, error_messages={"required": "请填写联系人。"})
    contact_phone = forms.RegexField(
        label="电话",
        regex=r"^[0-9-]{7,20}$",
        error_messages={"required": "请填写联系电话。", "invalid": "请填写正确的电话号码,如0798-8336122。"},
    )
    summary = forms.CharField(
        label="信息标题或摘要",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写信息标题或摘要。"},
    )
    declaration_accepted = forms.BooleanField(
        label="单位确认",
        help_text=DECLARATION,
        error_messages={"required": "报送前须确认单位声明。"},
    )
    remarks = forms.CharField(
        label="备注",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="填写特性需求,如公示期结束后,是否显示此公示已失效。",
    )

    def __init__(self, *args, columns, labels, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["column"]
        field.queryset = columns
        field.label_from_instance = lambda column: str(labels[column.pk])


class ReviewForm(forms.Form):
    """One reviewer's step on a submission: an opinion and approve, or a
    reason and send back."""

    opinion = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if "reject" in self.data and not cleaned.get("opinion", "").strip():
            self.add_error("opinion", "退回时须填写理由,报送单位会看到它。")
        return cleaned
