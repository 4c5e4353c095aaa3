from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from .. import public_views, routing
from .choices import ColumnType, GuaranteeMode, UnitRole

# Page methods below import selectors inside the function: those modules
# import these models. What a home page or column shows of the library is
# rendered by views the library provides (``cluster.public_views``).

# A site's home page sits at depth 2 (under Wagtail's root); its columns may
# nest five levels below it (第十条, 附件1).
HOME_DEPTH = 2
MAX_COLUMN_LEVELS = 5
MAX_COLUMN_DEPTH = HOME_DEPTH + MAX_COLUMN_LEVELS


class ClusterPage(Page):
    """Base of every public page of a site: links to a page of another site
    use that site's canonical domain rather than whichever alias sorts first."""

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if not parts or parts[1] is None:
            return parts
        site_id, root_url, page_path = parts
        if request is not None and getattr(request, "_wagtail_site", None) and request._wagtail_site.pk == site_id:
            return parts
        return (*routing.canonical_root(site_id, default=(site_id, root_url)), page_path)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import column_tree, site_record_for_page

        context = super().get_context(request, *args, **kwargs)
        record = site_record_for_page(self)
        tree = column_tree(record.site.root_page)
        section = tree.section(self.path)
        context.update(
            site_record=record,
            column_tree=tree,
            section=section,
            section_children=tree.children(section.path) if section else [],
            crumbs=tree.ancestors(self.path),
            child_columns=tree.children(self.path),
        )
        return context


class SiteHomePage(RoutablePageMixin, ClusterPage):
    """The home page (首页) of one government website; the root of its Wagtail site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cluster.ColumnPage"]
    template = "cluster/site_home_page.html"

    column_type = ColumnType.HOME

    class Meta:
        verbose_name = "网站首页"

    def route(self, request, path_components):
        """Find the column a URL names with one query on its whole path
        rather than one per level; the rest of the URL (a resource's id) is
        the column's own route."""
        if path_components:
            candidates = [
                f"{self.url_path}{'/'.join(path_components[:n])}/" for n in range(len(path_components), 0, -1)
            ]
            column = ColumnPage.objects.live().filter(url_path__in=candidates).order_by("-depth").first()
            if column is not None:
                return column.route(request, path_components[column.depth - self.depth :])
        return super().route(request, path_components)

    @path("")
    def index(self, request):
        return public_views.view(public_views.HOME_INDEX)(request, self)

    @path("catalogue/")
    def catalogue(self, request):
        """The site's 栏目设置及内容保障责任目录, published (第十条(一))."""
        from ..catalogue import catalogue_rows

        return self.render(
            request,
            template="cluster/catalogue_page.html",
            context_overrides={"rows": catalogue_rows(self.get_context(request)["site_record"])},
        )


class ColumnPage(RoutablePageMixin, ClusterPage):
    """A column (栏目) of a site's column tree, with its content-guarantee
    units (内容保障单位), guarantee mode and update requirement (第十条)."""

    column_type = models.CharField("栏目类型", max_length=20, choices=ColumnType.choices, default=ColumnType.NEWS)
    mode = models.CharField("内容保障方式", max_length=20, choices=GuaranteeMode.choices, default=GuaranteeMode.DIRECT)
    update_interval_days = models.PositiveIntegerField(
        "更新要求(天)", null=True, blank=True, help_text="两次更新之间最长的天数;留空表示按需更新。"
    )
    link_url = models.URLField("链接地址", blank=True, help_text="网站链接栏目指向的地址。")
    description = models.CharField("栏目描述", max_length=255, blank=True)
    keywords = models.CharField("栏目关键词", max_length=255, blank=True)

    parent_page_types = ["cluster.SiteHomePage", "cluster.ColumnPage"]
    subpage_types = ["cluster.ColumnPage"]
    template = "cluster/column_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("column_type"), FieldPanel("mode"), FieldPanel("update_interval_days"), FieldPanel("link_url")],
            heading="栏目设置",
        ),
        InlinePanel("unit_links", heading="内容保障单位", label="单位"),
        InlinePanel("aggregation_sources", heading="栏目汇聚来源", label="来源栏目"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("description"), FieldPanel("keywords")]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    @property
    def level(self) -> int:
        return self.depth - HOME_DEPTH

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and parent.depth < MAX_COLUMN_DEPTH

    def can_move_to(self, parent):
        subtree_height = (
            Page.objects.descendant_of(self, inclusive=True).aggregate(models.Max("depth"))["depth__max"] - self.depth
        )
        return super().can_move_to(parent) and parent.depth + 1 + subtree_height <= MAX_COLUMN_DEPTH

    def clean(self):
        super().clean()
        if self.depth and self.depth > MAX_COLUMN_DEPTH:
            raise ValidationError(f"栏目最多{MAX_COLUMN_LEVELS}级,不能在第{MAX_COLUMN_LEVELS}级栏目下再建栏目。")
        if self.mode == GuaranteeMode.LINK and not self.link_url:
            raise ValidationError({"link_url": "网站链接栏目须填写链接地址。"})

    @property
    def nav_url(self) -> str | None:
        return self.link_url if self.mode == GuaranteeMode.LINK else None

    @path("")
    def index(self, request):
        return public_views.view(public_views.COLUMN_INDEX)(request, self)

    @path("<int:resource_id>/")
    def detail(self, request, resource_id):
        return public_views.view(public_views.COLUMN_DETAIL)(request, self, resource_id)


class ColumnUnit(Orderable):
    """One unit responsible for a column's content, as lead or cooperating unit."""

    column = ParentalKey(ColumnPage, on_delete=models.CASCADE, related_name="unit_links")
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="column_links"
    )
    role = models.CharField("职责", max_length=20, choices=UnitRole.choices, default=UnitRole.LEAD)

    panels = [FieldPanel("unit"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = "内容保障单位"
        constraints = [models.UniqueConstraint(fields=["column", "unit"], name="unique_unit_per_column")]


class ColumnSource(Orderable):
    """A column whose published items another column shows automatically
    (栏目汇聚), e.g. each county's 本地要闻 feeding the portal's 县区动态."""

    column = ParentalKey(ColumnPage, on_delete=models.CASCADE, related_name="aggregation_sources")
    source = models.ForeignKey(
        ColumnPage, verbose_name="来源栏目", on_delete=models.CASCADE, related_name="aggregated_into"
    )

    panels = [PageChooserPanel("source", "cluster.ColumnPage")]

    class Meta(Orderable.Meta):
        verbose_name = "汇聚来源栏目"
        constraints = [models.UniqueConstraint(fields=["column", "source"], name="unique_aggregation_source")]
