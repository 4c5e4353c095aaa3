import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from .throttling import validate_rate


class ContentVersion(models.Model):
    """One row counting changes to anything the API shows. Every change bumps
    it in the writing transaction (signal_handlers), so a conditional request
    is answered from this row alone, before any response is built."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "内容版本"

    def __str__(self):
        return f"{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class ApiKey(models.Model):
    """A downstream system's key (两微一端, 12345 …): above the anonymous rate
    limit, and with ``can_read_drafts`` able to read unpublished content.
    Only a hash of the secret is stored; the key is shown once, when created."""

    name = models.CharField("使用方", max_length=100, help_text="如“景德镇发布”微信公众号、12345热线系统。")
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    can_read_drafts = models.BooleanField(
        "可读取草稿", default=False, help_text="允许以 drafts=true 读取未发布的信息,用于发布前预览。"
    )
    rate_limit = models.CharField(
        "频率限制",
        max_length=20,
        blank=True,
        validators=[validate_rate],
        help_text="如 6000/hour(单位 second、minute、hour、day);留空使用密钥的默认限额。",
    )
    revoked = models.BooleanField("已吊销", default=False, help_text="吊销后,使用此密钥的请求一律被拒绝。")
    prefix = models.CharField("密钥前缀", max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, editable=False)

    class Meta:
        verbose_name = "接口密钥"
        verbose_name_plural = "接口密钥"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def save(self, *args, **kwargs):
        if self.revoked and self.revoked_at is None:
            self.revoked_at = timezone.now()
        elif not self.revoked:
            self.revoked_at = None
        super().save(*args, **kwargs)


class WebhookEvent(models.TextChoices):
    PUBLISHED = "resource.published", "发布"
    UPDATED = "resource.updated", "更新"
    UNPUBLISHED = "resource.unpublished", "撤下"


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """A downstream system told of every publish, update and unpublish of
    the resources shown on the sites it follows (内容推送)."""

    name = models.CharField("接收方", max_length=100)
    url = models.URLField("接收地址", max_length=500, help_text="以 POST 接收 JSON 的地址。")
    secret = models.CharField(
        "签名密钥",
        max_length=100,
        default=_new_secret,
        help_text="接收方用它校验请求头 X-JDZ-Signature(正文的 HMAC-SHA256)。",
    )
    sites = models.ManyToManyField(
        "cluster.SiteRecord", verbose_name="网站", blank=True, related_name="+", help_text="留空表示全部网站。"
    )
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "推送订阅"
        verbose_name_plural = "推送订阅"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待投递"
    RETRYING = "retrying", "等待重试"
    SUCCEEDED = "succeeded", "已送达"
    FAILED = "failed", "失败"


class WebhookDelivery(models.Model):
    """One event sent to one subscriber: the log of what was sent, when, how
    often, and what the receiver answered."""

    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name="推送订阅", on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField("事件", max_length=30, choices=WebhookEvent.choices)
    # Not a foreign key: the log outlives a deleted resource.
    resource_id = models.PositiveIntegerField("资源编号")
    title = models.CharField("标题", max_length=255, blank=True)
    site = models.ForeignKey(
        "cluster.SiteRecord", verbose_name="网站", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField("推送内容")
    status = models.CharField("状态", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    response_status = models.PositiveSmallIntegerField("响应状态码", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("产生时间", auto_now_add=True)
    last_attempt_at = models.DateTimeField("最近尝试", null=True, blank=True)
    next_attempt_at = models.DateTimeField("下次重试", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "推送记录"
        verbose_name_plural = "推送记录"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_event_display()} {self.title or self.resource_id} → {self.subscription}"
