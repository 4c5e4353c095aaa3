import datetime

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from core.sanitize import sanitize_rich_text_fields

from .. import routing, signals
from ..resource_form import ResourceForm


class AfterExpiry(models.TextChoices):
    """What a notice shows once its publicity period is over (附件2 备注)."""

    MARK = "mark", "显示“已失效”"
    HIDE = "hide", "不再显示"


class Resource(Page):
    """An information resource (信息资源) of the unified library (第九条(二)):
    stored once, shown wherever a placement puts it. Every type of content
    derives from this model; the public publish time is
    ``first_published_at``, and responsibility for it (采编、录入、审核、发布)
    is the drafter below plus Wagtail's own log of who entered, approved and
    published it."""

    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="发布机构", on_delete=models.PROTECT, related_name="resources"
    )
    source = models.CharField("来源", max_length=100, blank=True)
    drafter = models.CharField("采编人", max_length=50, blank=True)
    summary = models.TextField("摘要", blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="公示期或有效期的最后一天。")
    after_expiry = models.CharField(
        "期满后", max_length=10, choices=AfterExpiry.choices, default=AfterExpiry.MARK, blank=True
    )

    parent_page_types = ["library.UnitLibrary"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("unit"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("source"), FieldPanel("drafter"), FieldPanel("summary")], heading="来源与责任"),
    ]
    settings_panels = [FieldPanel("first_published_at"), *Page.settings_panels]
    base_form_class = ResourceForm
    # A copy is a new entry: it is dated, numbered and vetted when it is published.
    exclude_fields_in_copy = ["first_published_at", "last_published_at"]

    class Meta:
        verbose_name = "信息资源"
        verbose_name_plural = "信息资源"
        permissions = [("override_vetting", "说明理由后越过发布前的敏感词检查")]

    def save(self, *args, **kwargs):
        if self._state.adding or self.unit_id is None:
            self.identity_assign()
        sanitize_rich_text_fields(self)
        super().save(*args, **kwargs)

    def identity_assign(self) -> None:
        """On entering the library: the resource belongs to the unit whose
        shelf holds it, whoever entered it (an operator, a copy)."""
        from .folders import UnitLibrary

        shelf_unit = UnitLibrary.objects.filter(path=self.path[: -self.steplen]).values_list("unit_id", flat=True)
        self.unit_id = shelf_unit.first() or self.unit_id

    def serve_preview(self, request, mode_name):
        from ..views.public import preview_render

        return preview_render(request, resource=self)

    def publish(self, revision, user=None, **kwargs):
        # Every route to going live ends here: the admin, bulk actions,
        # workflow approval, scheduled publishing and services.
        signals.resource_publishing.send(sender=type(self), resource=revision.as_object(), user=user)
        return super().publish(revision, user=user, **kwargs)

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's tabs, plus 栏目使用 (the resource's placements) for every type."""
        # Admin code, imported when the admin asks rather than with the models.
        from ..panels import resource_edit_handler

        return resource_edit_handler(cls)

    @property
    def content_source(self) -> str:
        """ContentSource: the named source, else the publishing unit."""
        return self.source or self.unit.name

    @property
    def is_expired(self) -> bool:
        """已失效: the publicity period has ended."""
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def get_url_parts(self, request=None):
        """A resource's own URL is its page at its origin placement."""
        return routing.origin_url_parts(self, request)


class ResourceAttachment(Orderable):
    """A document attached to a resource (附件), downloadable from its page."""

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("附件名称", max_length=200)

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"


class Article(Resource):
    """新闻/工作动态: news and work updates."""

    author = models.CharField("作者", max_length=50, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField("正文")

    template = "library/article.html"
    search_fields = Resource.search_fields + [index.SearchField("body")]
    content_panels = Resource.content_panels + [FieldPanel("author"), FieldPanel("cover"), FieldPanel("body")]

    class Meta:
        verbose_name = "新闻动态"
        verbose_name_plural = "新闻动态"


class Notice(Resource):
    """公告公示: a public notice, optionally with a publicity period after
    which it shows “已失效” or disappears, as its submitter chose."""

    body = RichTextField("正文")

    template = "library/notice.html"
    search_fields = Resource.search_fields + [index.SearchField("body")]
    content_panels = Resource.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("valid_until"), FieldPanel("after_expiry")], heading="公示期"),
        InlinePanel("attachments", heading="附件", label="附件"),
    ]

    class Meta:
        verbose_name = "公告公示"
        verbose_name_plural = "公告公示"


class LinkResource(Resource):
    """链接: an external or internal address placed as an item."""

    url = models.URLField("链接地址")

    template = "library/link.html"
    content_panels = Resource.content_panels + [FieldPanel("url")]

    class Meta:
        verbose_name = "链接"
        verbose_name_plural = "链接"


class Overview(Resource):
    """概况信息: standing overview text (市情简介、历史沿革 …), kept current
    in one place for every site that shows it (第十一条(一))."""

    body = RichTextField("正文")

    template = "library/overview.html"
    search_fields = Resource.search_fields + [index.SearchField("body")]
    content_panels = Resource.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = "概况信息"
        verbose_name_plural = "概况信息"


class OrgFunctions(Resource):
    """机构职能: a unit's functions, internal bodies, address, phone and hours."""

    functions = RichTextField("主要职责")
    internal_bodies = models.TextField("内设机构", blank=True, help_text="每行一个。")
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)

    template = "library/org_functions.html"
    search_fields = Resource.search_fields + [index.SearchField("functions"), index.SearchField("internal_bodies")]
    content_panels = Resource.content_panels + [
        FieldPanel("functions"),
        FieldPanel("internal_bodies"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("office_hours")], heading="联系方式"),
    ]

    class Meta:
        verbose_name = "机构职能"
        verbose_name_plural = "机构职能"

    @property
    def internal_body_list(self) -> list[str]:
        return [line.strip() for line in self.internal_bodies.splitlines() if line.strip()]


class LeaderProfile(Resource):
    """领导信息: a leader's profile."""

    person_name = models.CharField("姓名", max_length=50)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.CharField("职务", max_length=200)
    duties = models.TextField("工作分工")
    resume = models.TextField("简历")

    template = "library/leader.html"
    search_fields = Resource.search_fields + [
        index.SearchField("person_name"),
        index.SearchField("position"),
        index.SearchField("duties"),
    ]
    content_panels = Resource.content_panels + [
        FieldPanel("person_name"),
        FieldPanel("photo"),
        FieldPanel("position"),
        FieldPanel("duties"),
        FieldPanel("resume"),
    ]

    class Meta:
        verbose_name = "领导信息"
        verbose_name_plural = "领导信息"


def expired_before(day: datetime.date | None = None):
    """Lookup for resources hidden because their period ended before ``day``."""
    day = day or timezone.localdate()
    return models.Q(resource__after_expiry=AfterExpiry.HIDE, resource__valid_until__lt=day)
