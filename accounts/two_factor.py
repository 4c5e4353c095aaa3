"""Optional TOTP two-factor sign-in (两步验证) for administrators, on
django-otp: an account that has confirmed an authenticator app must give its
current code at sign-in, and the operator may require it of superusers."""

import base64
import io

from django import forms
from django.core.exceptions import ValidationError
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    otp_token = forms.CharField(
        label="动态验证码",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="已开启两步验证的账号,请填写验证器应用中显示的6位数字。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail declares the password field without a label, so Django
        # would print its name, "Password", untranslated.
        self.fields["password"].label = "密码"

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (cleaned.get("otp_token") or "").strip()
            if not token:
                raise ValidationError("此账号已开启两步验证,请填写动态验证码。", code="otp_required")
            device = match_token(user, token)
            if device is None:
                raise ValidationError("动态验证码不正确或已过期,请重新输入。", code="otp_invalid")
            # django-otp marks the session verified when it sees this at login.
            user.otp_device = device
        return cleaned


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device an account is enrolling, made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue().decode()


def secret(device: TOTPDevice) -> str:
    """The key to type in by hand where a camera is not at hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def confirm(user, token: str) -> bool:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def disable(user, token: str) -> bool:
    if match_token(user, token.strip()) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True
