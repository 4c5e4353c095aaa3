from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

# Admin pages a user may reach before meeting the gate's conditions: signing
# in and out, and the pages where the conditions are met.
_ALLOWED_PREFIXES = ("/admin/account/", "/admin/two-factor/", "/admin/logout/", "/admin/login/", "/admin/jsi18n/")


class AdminGateMiddleware:
    """Before anything else in the admin, send a user whose password is older
    than the configured age to change it (附件3), then, with
    ADMIN_REQUIRE_2FA on, a superuser without a confirmed device to set one
    up. One gate with one list of open pages, so neither sends the user
    away from the page the other requires."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/") or request.path.startswith(_ALLOWED_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.password_expired:
            return redirect(f"{reverse('wagtailadmin_account')}?password_expired=1")
        if settings.ADMIN_REQUIRE_2FA and user.is_superuser and not user_has_device(user):
            return redirect(reverse("two_factor"))
        return self.get_response(request)
