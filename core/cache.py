"""Cache keys that expire by generation: bumping a namespace's generation
makes every key built on it stale at once, on every app server sharing the
cache, without having to know which keys exist."""

from django.core.cache import cache


def _generation_key(namespace: str) -> str:
    return f"gen:{namespace}"


def generation(namespace: str) -> int:
    value = cache.get(_generation_key(namespace))
    if value is None:
        value = 1
        cache.add(_generation_key(namespace), value, None)
    return value


def bump(namespace: str) -> None:
    try:
        cache.incr(_generation_key(namespace))
    except ValueError:
        cache.set(_generation_key(namespace), 2, None)


def key(namespace: str, *parts) -> str:
    return ":".join([namespace, str(generation(namespace)), *map(str, parts)])
