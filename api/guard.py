"""What every API view goes through: the API key, the rate limit,
conditional GET, and errors that are always JSON."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.utils.cache import patch_vary_headers

from core.json_errors import error_response
from core.net import client_ip

from . import throttling
from .auth import HEADER, InvalidKey, key_for_request
from .conditional import conditional

logger = logging.getLogger(__name__)

# pydantic's spellings of true, so the guard and the endpoints agree on
# whether drafts were asked for.
_TRUE = {"1", "on", "t", "true", "y", "yes"}
# Headers an error response keeps when its body is replaced by JSON.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _rate(api_key) -> throttling.Rate:
    if api_key is not None and api_key.rate_limit:
        return throttling.parse_rate(api_key.rate_limit)
    return throttling.parse_rate(settings.API_RATE_LIMITS["key" if api_key else "anonymous"])


def _check_drafts(request, api_key):
    """An error response when drafts are asked for without the right key."""
    request.api_drafts = request.GET.get("drafts", "").lower() in _TRUE
    if not request.api_drafts:
        return None
    if api_key is None:
        return error_response(401, "读取草稿需要接口密钥。")
    if not api_key.can_read_drafts:
        return error_response(403, "此接口密钥不能读取草稿。")
    return None


def _as_json(response):
    """Django's and the routers' own error pages, in the API's error shape."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
        return response
    replacement = error_response(response.status_code)
    for header in _KEPT_HEADERS:
        if header in response:
            replacement[header] = response[header]
    return replacement


def _serve(view, request, *args, **kwargs):
    try:
        api_key = key_for_request(request)
    except InvalidKey as exc:
        return error_response(401, str(exc)), None
    request.api_key = api_key
    usage = throttling.hit(f"key:{api_key.pk}" if api_key else f"ip:{client_ip(request)}", _rate(api_key))
    if not usage.allowed:
        response = error_response(429)
        response["Retry-After"] = str(usage.resets_in)
        return response, usage
    if refusal := _check_drafts(request, api_key):
        return refusal, usage
    if request.method in ("GET", "HEAD"):
        return conditional(view)(request, *args, **kwargs), usage
    return view(request, *args, **kwargs), usage


def guard(view):
    def guarded(request, *args, **kwargs):
        usage = None
        try:
            response, usage = _serve(view, request, *args, **kwargs)
        except Http404:
            response = error_response(404)
        except PermissionDenied:
            response = error_response(403)
        except (BadRequest, SuspiciousOperation):
            response = error_response(400)
        except Exception:
            logger.exception("API request failed: %s", request.get_full_path())
            response = error_response(500)
        response = _as_json(response)
        if usage is not None:
            response["X-RateLimit-Limit"] = str(usage.rate.requests)
            response["X-RateLimit-Remaining"] = str(usage.remaining)
        # Every client revalidates (cheaply, see conditional); a shared cache
        # must keep key holders' responses apart from anonymous ones.
        response.setdefault(
            "Cache-Control", "private, no-cache" if getattr(request, "api_drafts", False) else "no-cache"
        )
        patch_vary_headers(response, [HEADER])
        return response

    return guarded
