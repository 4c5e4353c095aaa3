from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .resources import Resource


class Subject(models.TextChoices):
    """主题分类 of 政府信息公开 (national subject classification)."""

    GENERAL = "综合政务", "综合政务"
    ECONOMY = "国民经济管理、国有资产监管", "国民经济管理、国有资产监管"
    FINANCE = "财政、金融、审计", "财政、金融、审计"
    LAND = "国土资源、能源", "国土资源、能源"
    AGRICULTURE = "农业、林业、水利", "农业、林业、水利"
    INDUSTRY = "工业、交通", "工业、交通"
    COMMERCE = "商贸、海关、旅游", "商贸、海关、旅游"
    MARKET = "市场监管、安全生产监管", "市场监管、安全生产监管"
    CONSTRUCTION = "城乡建设、环境保护", "城乡建设、环境保护"
    SCIENCE = "科技、教育", "科技、教育"
    CULTURE = "文化、广电、新闻出版", "文化、广电、新闻出版"
    HEALTH = "卫生、体育", "卫生、体育"
    POPULATION = "人口与计划生育、妇女儿童工作", "人口与计划生育、妇女儿童工作"
    LABOUR = "劳动、人事、监察", "劳动、人事、监察"
    SECURITY = "公安、安全、司法", "公安、安全、司法"
    CIVIL = "民政、扶贫、救灾", "民政、扶贫、救灾"
    ETHNIC = "民族、宗教", "民族、宗教"
    FOREIGN = "对外事务", "对外事务"
    HMT = "港澳台侨工作", "港澳台侨工作"
    DEFENCE = "国防", "国防"
    OTHER = "其他", "其他"


class Validity(models.TextChoices):
    """有效性 of a policy document."""

    VALID = "有效", "有效"
    EXPIRED = "失效", "失效"
    REPEALED = "废止", "废止"


class PolicyDocument(Resource):
    """政策文件 with its 政府信息公开 metadata. The 索引号 is generated when
    the document is entered, from the pattern of its unit's website."""

    index_number = models.CharField("索引号", max_length=80, unique=True, blank=True, editable=False)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    written_on = models.DateField("成文日期")
    subject = models.CharField("主题分类", max_length=40, choices=Subject.choices, default=Subject.GENERAL)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField("失效或废止日期", null=True, blank=True)
    body = RichTextField("正文")

    template = "library/policy_document.html"
    search_fields = Resource.search_fields + [
        index.SearchField("doc_number"),
        index.SearchField("index_number"),
        index.SearchField("body"),
        index.FilterField("subject"),
        index.FilterField("validity"),
    ]
    content_panels = Resource.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_number"), FieldPanel("written_on")]),
                FieldPanel("subject"),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_changed_on")]),
            ],
            heading="政府信息公开",
        ),
        FieldPanel("body"),
        InlinePanel("attachments", heading="附件", label="附件"),
    ]

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    exclude_fields_in_copy = [*Resource.exclude_fields_in_copy, "index_number"]

    def identity_assign(self) -> None:
        super().identity_assign()
        if not self.index_number:
            from ..services import index_number_assign

            index_number_assign(self)

    def clean(self):
        super().clean()
        published = timezone.localdate(self.first_published_at) if self.first_published_at else timezone.localdate()
        if self.written_on and self.written_on > published:
            raise ValidationError({"written_on": f"成文日期({self.written_on})不能晚于发布日期({published})。"})
        if self.validity != Validity.VALID and not self.validity_changed_on:
            raise ValidationError({"validity_changed_on": f"文件已{self.validity},请填写{self.validity}日期。"})


class PolicyInterpretation(Resource):
    """政策解读, linked to the documents it explains (第十一条(二)); each
    document's page lists its interpretations."""

    documents = ParentalManyToManyField(PolicyDocument, verbose_name="解读的文件", related_name="interpretations")
    body = RichTextField("正文")

    template = "library/interpretation.html"
    search_fields = Resource.search_fields + [index.SearchField("body")]
    content_panels = Resource.content_panels + [FieldPanel("documents"), FieldPanel("body")]

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"


class IndexNumberSequence(models.Model):
    """The last 索引号 serial a unit used in a year; rows are locked while a
    new number is taken so two editors never get the same one."""

    unit = models.ForeignKey("units.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_sequence_per_unit_year")]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.last_serial}"
