from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .. import routing


class Resource(Page):
    """An information resource (信息资源) of the unified library (第九条(二)):
    stored once, shown wherever a placement puts it. Every type of content
    derives from this model; the public publish time is
    ``first_published_at``."""

    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="发布机构", on_delete=models.PROTECT, related_name="resources"
    )
    source = models.CharField("来源", max_length=100, blank=True)
    drafter = models.CharField("采编人", max_length=50, blank=True)
    summary = models.TextField("摘要", blank=True)

    parent_page_types = ["library.UnitLibrary"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("unit"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("source"), FieldPanel("drafter"), FieldPanel("summary")], heading="来源与责任")
    ]
    settings_panels = [FieldPanel("first_published_at")] + Page.settings_panels

    class Meta:
        verbose_name = "信息资源"
        verbose_name_plural = "信息资源"

    @property
    def content_source(self) -> str:
        """ContentSource: the named source, else the publishing unit."""
        return self.source or self.unit.name

    def get_url_parts(self, request=None):
        """A resource's own URL is its page at its origin placement."""
        return routing.origin_url_parts(self, request)


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
