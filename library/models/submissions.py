from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin

DECLARATION = (
    "我单位确认,报送的信息内容遵守国家法律法规,符合信息安全和保密规定,不带有任何反动、淫秽、迷信内容。"
    "我单位同时确认,报送的信息内容真实、准确、可靠,不存在虚假、欺诈成分。如果报送内容失实,"
    "由此而引起的政治的、法律的、经济的后果,我单位承担全部责任。"
)


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采用"
    REJECTED = "rejected", "已退回"


class Submission(WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model):
    """信息报送 with its 景德镇市单位信息上网申请审核表 (附件2): a unit proposes
    one of its resources for a column of another site whose guarantee mode is
    信息报送 (部门动态, 县区动态 …). It goes through the Wagtail workflow
    assigned to submissions — for the portal, 经办人 → 科室科长 → 分管领导 of
    市政数局, each leaving an opinion — and is placed in the column only when
    the last stage approves. Publishing the submission *is* that acceptance."""

    resource = models.ForeignKey(
        "library.Resource", verbose_name="资源", on_delete=models.CASCADE, related_name="submissions"
    )
    column = models.ForeignKey(
        "cluster.ColumnPage", verbose_name="计划放置的栏目", on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey("units.OrgUnit", verbose_name="单位名称", on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("电话", max_length=20)
    summary = models.TextField("信息标题或摘要")
    declaration_accepted = models.BooleanField("单位确认", default=False, help_text=DECLARATION)
    remarks = models.TextField("备注", blank=True, help_text="填写特性需求,如公示期结束后,是否显示此公示已失效。")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("unit", read_only=True),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
                FieldPanel("summary"),
                FieldPanel("column", read_only=True),
                FieldPanel("declaration_accepted"),
                FieldPanel("remarks"),
            ],
            heading="景德镇市单位信息上网申请审核表",
        )
    ]

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

    @property
    def public_status(self) -> str:
        """审核结果 as the public sees it: accepted content shows only once
        the resource itself is published."""
        if self.status == SubmissionStatus.ACCEPTED and not self.resource.live:
            return "已采用,待资源发布"
        return self.get_status_display()
