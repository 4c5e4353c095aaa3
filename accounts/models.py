from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

mobile_validator = RegexValidator(r"^1\d{10}$", "请输入11位手机号码。")


class User(AbstractUser):
    """A real-name platform account (实名账号, 附件3): one person, one account
    (the mobile number is unique), belonging to the unit it publishes for."""

    real_name = models.CharField("姓名", max_length=50, blank=True)
    mobile = models.CharField("手机号码", max_length=11, blank=True, validators=[mobile_validator])
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now)

    class Meta(AbstractUser.Meta):
        verbose_name = "账号"
        verbose_name_plural = "账号"
        constraints = [
            models.UniqueConstraint(fields=["mobile"], condition=~models.Q(mobile=""), name="one_account_per_mobile")
        ]

    def get_full_name(self):
        return self.real_name or super().get_full_name()

    def get_short_name(self):
        return self.real_name or super().get_short_name()

    @property
    def password_expired(self) -> bool:
        max_age = settings.PASSWORD_MAX_AGE_DAYS
        return bool(max_age) and (timezone.now() - self.password_changed_at).days >= max_age


class PasswordHistory(models.Model):
    """Hashes of an account's earlier passwords, so a new one cannot repeat them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} @ {self.created_at:%Y-%m-%d}"
