from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address. Behind ``TRUSTED_PROXY_COUNT`` proxies (nginx)
    it is that many hops from the right of X-Forwarded-For; anything further
    left was written by the client and cannot be trusted."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
