from django.conf import settings
from django.db import models


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采用"
    REJECTED = "rejected", "已退回"


class Submission(models.Model):
    """信息报送: a unit proposes one of its resources for a column of another
    site whose guarantee mode is 信息报送 (部门动态, 县区动态 …); it appears
    there only when the reviewing unit accepts it."""

    resource = models.ForeignKey(
        "library.Resource", verbose_name="资源", on_delete=models.CASCADE, related_name="submissions"
    )
    column = models.ForeignKey(
        "cluster.ColumnPage", verbose_name="报送栏目", on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey("units.OrgUnit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    status = models.CharField("状态", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING)
    reason = models.TextField("退回理由", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    placement = models.OneToOneField(
        "library.Placement",
        verbose_name="采用后的使用",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "column"],
                condition=models.Q(status="pending"),
                name="one_pending_submission_per_column",
            )
        ]

    def __str__(self):
        return f"{self.resource} → {self.column}"
