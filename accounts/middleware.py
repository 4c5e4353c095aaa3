from django.shortcuts import redirect
from django.urls import reverse

# Where a user whose password has expired may still go.
_ALLOWED_PREFIXES = ("/admin/account/", "/admin/logout/", "/admin/login/", "/static/", "/admin/jsi18n/")


class PasswordExpiryMiddleware:
    """Send an admin user whose password is older than the configured age to
    the password change form before anything else (附件3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith("/admin/")
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and user.password_expired
        ):
            return redirect(f"{reverse('wagtailadmin_account')}?password_expired=1")
        return self.get_response(request)
