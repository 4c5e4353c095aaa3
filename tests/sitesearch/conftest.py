"""Search tests run twice: on the database backend and on the OpenSearch at
SEARCH_URL (``make test`` starts one). Without SEARCH_URL the OpenSearch half
fails rather than skips: CI must not pass having searched one backend only.

``search_backend`` gives read-only tests an index shared by the session and
built from the demo; ``fresh_search_backend`` gives tests that change
content an index of their own."""

import contextlib
import os
import uuid

import pytest
from django.test.utils import override_settings
from wagtail.search.backends import get_search_backend

from sitesearch.models import SearchEntry
from sitesearch.services import index_rebuild

BACKENDS = ["database", "opensearch"]


def engine_config(prefix: str, **options) -> dict:
    url = os.environ.get("SEARCH_URL")
    if not url:
        pytest.fail(
            "SEARCH_URL is not set, and the search tests run against OpenSearch too: use `make test`, "
            "or start one with `scripts/opensearch.sh start DIR` and export the SEARCH_URL it prints."
        )
    return {
        "default": {
            "BACKEND": "sitesearch.backends.engine",
            "ENGINE": os.environ.get("SEARCH_BACKEND", "opensearch2"),
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "ANALYZER": os.environ.get("SEARCH_ANALYZER", "auto"),
            "TIMEOUT": 10,
            # Pages stay out of it: these tests are about search entries.
            "AUTO_UPDATE": False,
            **options,
        }
    }


def drop_indexes(prefix: str) -> None:
    get_search_backend().es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@pytest.fixture(scope="session")
def shared_engine(django_db_setup, django_db_blocker):
    """An OpenSearch index of the demo's search entries, built once."""
    config = engine_config(f"test_{uuid.uuid4().hex[:10]}_")
    with django_db_blocker.unblock(), override_settings(WAGTAILSEARCH_BACKENDS=config):
        index_rebuild()
    yield config
    with override_settings(WAGTAILSEARCH_BACKENDS=config):
        drop_indexes(config["default"]["INDEX_PREFIX"])


@pytest.fixture(params=BACKENDS)
def search_backend(request, db, settings):
    """The backend a read-only test searches: its name."""
    if request.param == "opensearch":
        settings.WAGTAILSEARCH_BACKENDS = request.getfixturevalue("shared_engine")
    return request.param


@pytest.fixture(params=BACKENDS)
def fresh_search_backend(request, db, settings):
    """The backend a test that changes content searches, with an index of
    its own that starts as the demo's."""
    if request.param == "database":
        yield request.param
        return
    config = engine_config(f"test_{uuid.uuid4().hex[:10]}_")
    settings.WAGTAILSEARCH_BACKENDS = config
    index_rebuild()
    yield request.param
    drop_indexes(config["default"]["INDEX_PREFIX"])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the end of a transaction (the tasks that bring
    search entries up to date) as a real commit would, and make what they
    indexed searchable at once (an engine shows changes within a second)."""

    @contextlib.contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        get_search_backend().get_index_for_model(SearchEntry).refresh()

    return run
