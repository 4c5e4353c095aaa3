from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from .resources import Resource

GUIDE_ROWS = (
    ("basis", "设定依据"),
    ("conditions", "申请条件"),
    ("process", "办理流程"),
    ("time_limit", "办理时限"),
    ("fees", "收费标准"),
    ("notes", "注意事项"),
    ("office", "办理机构"),
    ("contact", "联系方式"),
)


class ServiceGuide(Resource):
    """办事指南 in table form (第十一条(四)), with the forms an applicant
    needs, each with its 填写说明 and 示范文本."""

    basis = models.TextField("设定依据")
    conditions = models.TextField("申请条件")
    process = models.TextField("办理流程")
    time_limit = models.CharField("办理时限", max_length=200)
    fees = models.CharField("收费标准", max_length=200)
    notes = models.TextField("注意事项", blank=True)
    office = models.CharField("办理机构", max_length=200)
    contact = models.CharField("联系方式", max_length=200)

    template = "library/service_guide.html"
    search_fields = Resource.search_fields + [
        index.SearchField("conditions"),
        index.SearchField("process"),
        index.SearchField("office"),
    ]
    content_panels = Resource.content_panels + [
        MultiFieldPanel([FieldPanel(name) for name, _ in GUIDE_ROWS], heading="办事指南"),
        InlinePanel("forms", heading="申请材料", label="表格"),
    ]

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    @property
    def table(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in GUIDE_ROWS if getattr(self, name)]


class GuideForm(Orderable):
    """A form (规范表格) of a service guide, with how to fill it in and a sample."""

    guide = ParentalKey(ServiceGuide, on_delete=models.CASCADE, related_name="forms")
    title = models.CharField("表格名称", max_length=200)
    blank_form = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="空白表格", on_delete=models.PROTECT, related_name="+"
    )
    instructions = models.TextField("填写说明")
    sample = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="示范文本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("blank_form"), FieldPanel("instructions"), FieldPanel("sample")]

    class Meta(Orderable.Meta):
        verbose_name = "申请表格"
