"""Password rules of the platform (附件3: 密码强度达到系统规定要求)."""

import re

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

_CLASSES = {
    "大写字母": re.compile(r"[A-Z]"),
    "小写字母": re.compile(r"[a-z]"),
    "数字": re.compile(r"[0-9]"),
    "符号": re.compile(r"[^A-Za-z0-9]"),
}


class CharacterClassesValidator:
    """At least ``minimum`` of: upper case, lower case, digits, symbols."""

    def __init__(self, minimum: int = 3):
        self.minimum = minimum

    def validate(self, password, user=None):
        present = [name for name, pattern in _CLASSES.items() if pattern.search(password)]
        if len(present) < self.minimum:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少{self.minimum}类(当前只有{len(present)}类)。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少{self.minimum}类。"


class PasswordHistoryValidator:
    """A new password may not repeat any of the account's last ``depth`` ones."""

    def __init__(self, depth: int = 5):
        self.depth = depth

    def _recent(self, user):
        return user.password_history.values_list("password", flat=True)[: self.depth]

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if any(check_password(password, old) for old in self._recent(user)):
            raise ValidationError(f"新密码不能与最近{self.depth}次使用过的密码相同。", code="password_reused")

    def password_changed(self, password, user=None):
        """Called by Django after a password is set and saved."""
        from django.utils import timezone

        from .models import PasswordHistory, User

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = user.password_history.values_list("id", flat=True)[: max(self.depth, 1)]
        user.password_history.exclude(id__in=list(keep)).delete()
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now())

    def get_help_text(self):
        return f"新密码不能与最近{self.depth}次使用过的密码相同。"
