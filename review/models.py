from django.db import models


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
