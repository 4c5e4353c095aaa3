from django.conf import settings
from django.db import models


class PlacementOrigin(models.TextChoices):
    DIRECT = "direct", "直接发布"
    SYNDICATED = "syndicated", "转载"
    SUBMITTED = "submitted", "报送采用"


class PlacementQuerySet(models.QuerySet):
    def public(self):
        """Placements the public may see: placed live, resource live."""
        return self.filter(live=True, resource__live=True)

    def listing_order(self):
        return self.order_by("-pinned", "-weight", "-resource__first_published_at", "-id")


class Placement(models.Model):
    """A resource used in a column (栏目) of a site. One resource in a hundred
    columns is one resource and a hundred placements, never copies."""

    resource = models.ForeignKey(
        "library.Resource", verbose_name="资源", on_delete=models.CASCADE, related_name="placements"
    )
    column = models.ForeignKey(
        "cluster.ColumnPage", verbose_name="栏目", on_delete=models.CASCADE, related_name="placements"
    )
    # The column's website, kept here so per-site listings, search filters and
    # the API need no walk up the page tree.
    site = models.ForeignKey(
        "cluster.SiteRecord", verbose_name="网站", on_delete=models.CASCADE, related_name="placements"
    )
    live = models.BooleanField("发布", default=True)
    pinned = models.BooleanField("置顶", default=False)
    weight = models.IntegerField("排序权重", default=0, help_text="越大越靠前;置顶项总在最前。")
    origin = models.CharField(
        "来源方式", max_length=20, choices=PlacementOrigin.choices, default=PlacementOrigin.DIRECT
    )
    syndicated_from = models.ForeignKey(
        "cluster.SiteRecord",
        verbose_name="转载自",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="syndicated_placements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("放置时间", auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "资源使用"
        verbose_name_plural = "资源使用"
        constraints = [models.UniqueConstraint(fields=["resource", "column"], name="one_placement_per_column")]
        indexes = [
            models.Index(fields=["column", "live", "pinned", "weight"], name="placement_listing"),
            models.Index(fields=["site", "live"], name="placement_site"),
        ]

    def __str__(self):
        return f"{self.resource_id} → {self.column_id}"

    @property
    def public_status(self) -> str:
        """What the public sees of this use, not only its own switch: a
        placement of a draft shows nothing yet."""
        if not self.live:
            return "已撤下"
        if not self.resource.live:
            return "待发布(资源尚未发布)"
        if self.resource.is_expired:
            return "已失效" if self.resource.after_expiry != "hide" else "已过期隐藏"
        return "已发布"

    @property
    def is_public(self) -> bool:
        return self.public_status in ("已发布", "已失效")
