from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    ACCOUNT_CREATED = "account_created", "创建账号"
    SUPERUSER_CHANGED = "superuser_changed", "超级管理员权限变更"
    PASSWORD_CHANGED = "password_changed", "密码修改或重置"
    GROUPS_CHANGED = "groups_changed", "用户组变更"
    PERMISSIONS_CHANGED = "permissions_changed", "权限变更"
    PRIVILEGE_REFUSED = "privilege_refused", "越权操作被拒绝"
    PUBLISH = "publish", "发布"
    UNPUBLISH = "unpublish", "撤销发布"
    PLACEMENT_ADDED = "placement_added", "放置到栏目"
    PLACEMENT_CHANGED = "placement_changed", "栏目中的信息变更"
    PLACEMENT_REMOVED = "placement_removed", "从栏目撤下"
    WORKFLOW = "workflow", "审核流程"
    VETTING = "vetting", "发布前审查"
    SITE_STATUS = "site_status", "网站状态变更"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志不可修改。")

    def delete(self):
        raise PermissionError("审计日志不可删除。")


class AuditEvent(models.Model):
    """One entry of the security audit log (第五章): who did what, to what,
    when and from which address. Entries are only ever added."""

    timestamp = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=32, choices=AuditAction.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the entry still says who it was after the account is gone.
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-timestamp", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志不可删除。")
