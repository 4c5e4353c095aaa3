import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .analysis import WordsAutocompleteField, WordsSearchField, clean_query

# Titles cut into words and pinyin are matched word by word from their
# beginnings, on every backend (see backends.engine.ANALYSIS).
WORD_PREFIXES = {"es_extra": {"analyzer": "words_prefix", "search_analyzer": "words"}}


class SearchEntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)

    def pending(self):
        return self.filter(needs_indexing=True)


class SearchEntry(index.Indexed, models.Model):
    """搜索条目: a resource as the public finds it on one site — one row per
    resource and site it is shown on, with everything a result shows and
    every filter needs, so a search reads nothing else. Rows are derived
    from the library by ``services.entries_refresh``; ``needs_indexing`` marks
    a row the search index has not caught up with, and survives a search
    engine outage."""

    # Derived rows outlive what they came from until the index has forgotten
    # them, so these references carry no database constraint.
    resource = models.ForeignKey("library.Resource", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    site = models.ForeignKey("cluster.SiteRecord", verbose_name="网站", on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(
        "cluster.ColumnPage", verbose_name="栏目", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="发布机构", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    resource_type = models.CharField("类型", max_length=40)
    title = models.CharField("标题", max_length=255)
    title_pinyin = models.TextField(blank=True)
    title_initials = models.TextField(blank=True)
    summary = models.TextField("摘要", blank=True)
    body = models.TextField("正文", blank=True)
    column_path = models.CharField(max_length=255)
    column_titles = models.JSONField(default=list)
    url = models.CharField("网址", max_length=500)
    published_at = models.DateTimeField("发布时间", null=True)
    valid_until = models.DateField("有效期至", null=True)
    hidden_from = models.DateField("不再显示自", null=True)
    # The one entry of a resource that a search across all sites shows: on
    # the resource's own unit's website if it is shown there.
    canonical = models.BooleanField(default=False)
    public = models.BooleanField(default=True)
    needs_indexing = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    objects = SearchEntryQuerySet.as_manager()

    # Indexed by services, which keep needs_indexing true until it worked.
    search_auto_update = False
    search_fields = [
        WordsSearchField("title", boost=3),
        WordsSearchField("summary"),
        WordsSearchField("body"),
        index.SearchField("title_pinyin"),
        index.SearchField("title_initials"),
        WordsAutocompleteField("title", **WORD_PREFIXES),
        index.AutocompleteField("title_pinyin", **WORD_PREFIXES),
        index.AutocompleteField("title_initials", **WORD_PREFIXES),
        index.FilterField("site"),
        index.FilterField("unit"),
        index.FilterField("resource_type"),
        index.FilterField("column_path"),
        index.FilterField("published_at"),
        index.FilterField("hidden_from"),
        index.FilterField("canonical"),
        index.FilterField("public"),
    ]

    class Meta:
        verbose_name = "搜索条目"
        verbose_name_plural = "搜索条目"
        constraints = [models.UniqueConstraint(fields=["resource", "site"], name="one_search_entry_per_site")]
        indexes = [
            models.Index(fields=["needs_indexing"], name="search_entry_pending"),
            models.Index(fields=["site", "public", "published_at"], name="search_entry_site"),
        ]

    def __str__(self):
        return f"{self.title} @ {self.site_id}"

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.public()

    @property
    def is_expired(self) -> bool:
        """已失效: the publicity period has ended."""
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def archived_at(self):
        """When the site showing this entry was closed and kept as an
        archive (已归档): read from the site, so it never lags behind."""
        return self.site.archived_at

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def split_terms(text: str) -> list[str]:
    return list(dict.fromkeys(term.lower() for term in re.split(r"[,，、;；\s]+", clean_query(text)) if term))


class SynonymGroup(models.Model):
    """同义词: words the public uses for the same thing (公积金、住房公积金).
    A query containing one of them also finds the others, on every backend."""

    terms = models.CharField(
        "同义词", max_length=500, help_text="用逗号或顿号分隔,如“公积金、住房公积金”。至少两个词。"
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["pk"]

    def __str__(self):
        return "、".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self):
        if len(self.term_list) < 2:
            raise ValidationError({"terms": "一组同义词至少包含两个词。"})
        self.terms = "、".join(self.term_list)


class Recommendation(models.Model):
    """推荐结果 (editors' pick): a resource shown first on a site's search
    page whenever the query is one of the given words."""

    site = models.ForeignKey(
        "cluster.SiteRecord", verbose_name="网站", on_delete=models.CASCADE, related_name="search_recommendations"
    )
    queries = models.CharField(
        "搜索词", max_length=500, help_text="搜索这些词时推荐;用逗号或顿号分隔,如“公积金、住房公积金”。"
    )
    resource = models.ForeignKey(
        "library.Resource", verbose_name="推荐信息", on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField("推荐理由", max_length=200, blank=True)
    sort_order = models.IntegerField("排序", default=0, help_text="越小越靠前。")

    panels = [
        FieldPanel("site"),
        FieldPanel("queries"),
        FieldPanel("resource"),
        FieldPanel("note"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "推荐结果"
        verbose_name_plural = "推荐结果"
        ordering = ["site", "sort_order", "pk"]

    def __str__(self):
        return f"{self.queries} → {self.resource}"

    @property
    def query_list(self) -> list[str]:
        return split_terms(self.queries)

    def clean(self):
        if not self.query_list:
            raise ValidationError({"queries": "请填写至少一个搜索词。"})
        self.queries = "、".join(self.query_list)


class QueryLog(models.Model):
    """搜索日志: how often a query was searched on a site on one day, and how
    often it found nothing — the operator's top and zero-result queries."""

    site = models.ForeignKey("cluster.SiteRecord", verbose_name="网站", on_delete=models.CASCADE, related_name="+")
    query = models.CharField("搜索词", max_length=100)
    date = models.DateField("日期")
    searches = models.PositiveIntegerField("搜索次数", default=0)
    zero_hit_searches = models.PositiveIntegerField("无结果次数", default=0)
    hits = models.PositiveIntegerField("结果数", default=0, help_text="当天最后一次搜索的结果数。")

    class Meta:
        verbose_name = "搜索日志"
        verbose_name_plural = "搜索日志"
        constraints = [models.UniqueConstraint(fields=["site", "query", "date"], name="one_query_log_per_day")]
        indexes = [models.Index(fields=["site", "date"], name="query_log_site_date")]

    def __str__(self):
        return f"{self.date} {self.query}"
