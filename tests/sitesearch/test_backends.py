import threading
import time
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend

from sitesearch.backends.engine import SearchBackend as engine_backend
from sitesearch.models import SearchEntry
from sitesearch.selectors import SearchFilters, search
from tests.factories import portal

from .conftest import drop_indexes, engine_config


def test_the_engine_indexes_with_a_chinese_analyzer_and_character_pairs(search_backend):
    backend = get_search_backend()
    if search_backend == "database":
        expected = "RankedSQLiteSearchBackend" if connection.vendor == "sqlite" else "PostgresSearchBackend"
        assert type(backend).__name__ == expected
        return
    index = backend.get_index_for_model(SearchEntry)
    (settings,) = backend.es.indices.get_settings(index=index.name).values()
    assert settings["settings"]["index"]["analysis"]["analyzer"]["default"]["tokenizer"] == "smartcn_tokenizer"
    (mapping,) = backend.es.indices.get_mapping(index=index.name).values()
    assert mapping["mappings"]["properties"]["_all_text"]["fields"]["pairs"]["analyzer"] == "character_pairs"
    tokens = backend.es.indices.analyze(index=index.name, body={"text": "住房公积金"})["tokens"]
    assert [token["token"] for token in tokens] == ["住房", "公积金"]


def test_auto_falls_back_to_cjk_when_the_cluster_lacks_smartcn(monkeypatch):
    backend = engine_backend({"URLS": ["http://127.0.0.1:9"]})
    monkeypatch.setattr(backend.es.cat, "plugins", lambda **kwargs: [{"component": "analysis-icu"}])
    assert backend.chinese_analyzer == "cjk"
    assert engine_backend({"URLS": ["http://127.0.0.1:9"], "ANALYZER": "icu"}).chinese_analyzer == "icu"
    with pytest.raises(ValueError, match="ANALYZER"):
        engine_backend({"ANALYZER": "ik"})


def test_update_index_rebuilds_the_database_index(db):
    call_command("update_index", verbosity=0)
    assert search(query="公积金", site=portal(), filters=SearchFilters(cluster=True)).total >= 1


def test_update_index_swaps_a_new_index_in_while_searches_go_on(db, settings):
    """modelsearch's atomic rebuild: a new index is filled beside the live
    one and the alias moves to it when complete."""
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    settings.WAGTAILSEARCH_BACKENDS = engine_config(prefix)
    backend = get_search_backend()
    alias = backend.get_index_for_model(SearchEntry).name
    try:
        call_command("update_index", verbosity=0)
        (before,) = backend.es.indices.get_alias(name=alias)
        expected = SearchEntry.objects.public().count()
        counts, errors, done = [], [], threading.Event()

        def keep_counting():
            while not done.is_set():
                try:
                    counts.append(backend.es.count(index=alias)["count"])
                except Exception as exc:
                    errors.append(exc)
                time.sleep(0.02)

        counter = threading.Thread(target=keep_counting)
        counter.start()
        try:
            call_command("update_index", verbosity=0)
        finally:
            done.set()
            counter.join()
        (after,) = backend.es.indices.get_alias(name=alias)
        assert after != before, "the alias points at the new index"
        assert not backend.es.indices.exists(index=before), "the old index is gone"
        assert not errors and counts and set(counts) == {expected}, "every search during the rebuild saw every entry"
        assert search(query="公积金", site=portal(), filters=SearchFilters(cluster=True)).total >= 1
    finally:
        drop_indexes(prefix)
