"""The request being served, so that signal handlers far from any view can
say who acted and from where."""

import contextvars

from core.net import client_ip

_request = contextvars.ContextVar("audit_request", default=None)


def current_request():
    return _request.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def request_user_and_ip(request=None) -> tuple:
    request = request or current_request()
    if request is None:
        return None, None
    user = getattr(request, "user", None)
    return (user if user is not None and user.is_authenticated else None), (client_ip(request) or None)
