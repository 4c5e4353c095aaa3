from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django_otp import user_has_device

from . import two_factor
from .services import privilege_refusal_record


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码", max_length=8, widget=forms.TextInput(attrs={"autocomplete": "one-time-code"})
    )


def two_factor_settings(request):
    """两步验证: enrol an authenticator app, or turn it off with a current code."""
    user = request.user
    enabled = user_has_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if enabled and two_factor.disable(user, token):
            messages.success(request, "已关闭两步验证。")
            return redirect("two_factor")
        if not enabled and two_factor.confirm(user, token):
            messages.success(request, "已开启两步验证,下次登录时须填写动态验证码。")
            return redirect("two_factor")
        form.add_error("token", "动态验证码不正确或已过期,请重新输入。")
    context = {"form": form, "enabled": enabled}
    if not enabled:
        device = two_factor.pending_device(user)
        context.update(qr_svg=two_factor.qr_svg(device), secret=two_factor.secret(device))
    return render(request, "accounts/two_factor.html", context)


def privilege_refused(request, *, target, attempted: list[str], message: str, back_url: str = "") -> TemplateResponse:
    """A 403 page refusing a power the user may not hand out; a refused
    attempt to change something is audited."""
    if request.method == "POST":
        privilege_refusal_record(actor=request.user, target=target, attempted=attempted, request=request)
    return TemplateResponse(request, "accounts/refused.html", {"message": message, "back_url": back_url}, status=403)
