"""Wagtail search backends as site search uses them: ``engine`` wraps
Wagtail's OpenSearch and Elasticsearch backends with Chinese analysis,
``database`` its database backends, with ranking that scales on SQLite."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from wagtail.search.backends import get_search_backend


@functools.cache
def search_backend():
    """The default search backend, built once: an engine's client keeps its
    connections open between requests."""
    return get_search_backend()


@receiver(setting_changed)
def _backends_changed(setting, **kwargs):
    if setting == "WAGTAILSEARCH_BACKENDS":
        search_backend.cache_clear()


def unavailable_errors() -> tuple[type[Exception], ...]:
    """Exceptions that mean the engine cannot be reached or cannot answer."""
    errors = []
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:
        pass
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [ApiError, TransportError]
    except ImportError:
        pass
    return tuple(errors)
