from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models

mobile_validator = RegexValidator(r"^1\d{10}$", "请输入11位手机号码。")


class User(AbstractUser):
    """A real-name platform account (实名账号, 附件3): one person, one account,
    belonging to the unit it publishes for."""

    real_name = models.CharField("姓名", max_length=50, blank=True)
    mobile = models.CharField("手机号码", max_length=11, blank=True, validators=[mobile_validator])
    unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def get_full_name(self):
        return self.real_name or super().get_full_name()

    def get_short_name(self):
        return self.real_name or super().get_short_name()
