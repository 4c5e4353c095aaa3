from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .resources import Resource


class SpecialTopic(Resource):
    """专题: a topic page grouping resources, with its own lead unit."""

    lead_unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="专题牵头单位", on_delete=models.PROTECT, related_name="topics"
    )
    body = RichTextField("专题介绍")
    items = ParentalManyToManyField(Resource, verbose_name="专题内容", related_name="topics", blank=True)

    template = "library/topic.html"
    search_fields = Resource.search_fields + [index.SearchField("body")]
    content_panels = Resource.content_panels + [FieldPanel("lead_unit"), FieldPanel("body"), FieldPanel("items")]

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
