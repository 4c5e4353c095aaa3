from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from cluster import domains


class SensitiveWord(models.Model):
    """A word that must not reach a page unchecked (涉密、涉敏信息, 第十五条)."""

    word = models.CharField("敏感词", max_length=50, unique=True)
    category = models.CharField("类别", max_length=30, blank=True, help_text="如:涉密标识、广告、违法信息。")

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]

    def __str__(self):
        return self.word

    def clean(self):
        # Django's form already trims input and refuses an empty word.
        self.word = self.word.strip()
        self.category = self.category.strip()


class BlockedDomain(models.Model):
    """A domain pages may not link to (不良网站、非法网站, 第十三条(一));
    its subdomains are blocked with it."""

    domain = models.CharField("域名", max_length=253, unique=True)
    reason = models.CharField("原因", max_length=100, blank=True)

    class Meta:
        verbose_name = "禁止链接的域名"
        verbose_name_plural = "禁止链接的域名"
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def clean(self):
        """Keep the bare host name, whatever was pasted (an address with
        scheme, path or port), since links are compared by host name."""
        raw = self.domain.strip()
        if not raw:
            return  # the required field says so already
        try:
            host = urlsplit(raw if "//" in raw else f"//{raw}").hostname or ""
            self.domain = domains.normalize(host)
            domains.check_hostname(self.domain)
        except (ValueError, domains.DomainRuleError) as exc:
            self.domain = raw
            raise ValidationError(
                {"domain": f"“{raw}”不是合法的域名,应如“example.com”(不带 http:// 和路径亦可)。"}
            ) from exc
        if "." not in self.domain:
            raise ValidationError({"domain": f"“{raw}”不是完整的域名,应如“example.com”。"})


class Clearance(models.Model):
    """放行记录: a person confirmed that this exact content passed the
    保密审查, and — where it contains sensitive words — someone allowed to
    did let those words through with a reason. Publishing looks the content
    up by its fingerprint, whichever route publishes it (编辑页、批量操作、
    审核流程、定时发布、服务调用)."""

    fingerprint = models.CharField("内容指纹", max_length=64, db_index=True)
    resource = models.ForeignKey(
        "library.Resource", verbose_name="信息资源", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="保密审查确认人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_words = models.JSONField("放行的敏感词", default=list, blank=True)
    override_reason = models.TextField("放行理由", blank=True)
    created_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "发布前审查记录"
        verbose_name_plural = "发布前审查记录"

    def __str__(self):
        return f"{self.fingerprint[:12]} {self.created_at:%Y-%m-%d %H:%M}"
