"""API keys: ``jdz_<prefix>_<secret>``. The prefix finds the row; the
secret, 256 random bits, is compared by its SHA-256 hash, so a copy of the
database gives no usable key. A slow password hash buys nothing against a
secret of that length and would cost every request."""

import datetime
import hashlib
import hmac
import secrets

from django.utils import timezone

from .models import ApiKey

HEADER = "X-API-Key"
_META_HEADER = "HTTP_X_API_KEY"
# last_used_at is a hint for operators, not an audit trail: writing it on
# every request would turn each read into a write.
_LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


class InvalidKey(Exception):
    pass


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_generate(api_key: ApiKey) -> str:
    """Give ``api_key`` a new secret and return the full key, which is never
    stored and so can be shown only now."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    api_key.prefix = prefix
    api_key.secret_hash = _hash(secret)
    return f"jdz_{prefix}_{secret}"


def key_for_request(request) -> ApiKey | None:
    """The key a request presents, None when it presents none; InvalidKey
    for a malformed, unknown or revoked one."""
    presented = request.META.get(_META_HEADER, "")
    if not presented:
        return None
    scheme, _, rest = presented.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != "jdz" or not prefix or not secret:
        raise InvalidKey("接口密钥格式不正确。")
    api_key = ApiKey.objects.filter(prefix=prefix).first()
    if api_key is None or not hmac.compare_digest(api_key.secret_hash, _hash(secret)):
        raise InvalidKey("接口密钥无效。")
    if api_key.revoked:
        raise InvalidKey("接口密钥已被吊销。")
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > _LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key
