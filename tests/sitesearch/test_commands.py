import pytest
from django.core.management import call_command

from sitesearch.models import SearchEntry


def test_search_index_indexes_what_is_pending(fresh_search_backend, capsys):
    SearchEntry.objects.filter(pk__in=SearchEntry.objects.public().values("pk")[:5]).update(needs_indexing=True)
    call_command("search_index")
    assert "5 pending search entries indexed" in capsys.readouterr().out
    assert not SearchEntry.objects.pending().exists()


def test_search_index_refresh_and_rebuild(fresh_search_backend, capsys):
    SearchEntry.objects.all().delete()
    call_command("search_index", refresh=True, rebuild=True)
    count = SearchEntry.objects.public().count()
    assert count > 100
    assert f"search index rebuilt with {count} entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_search_index_fails_while_entries_stay_pending(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "sitesearch.backends.engine", "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1}
    }
    SearchEntry.objects.filter(pk=SearchEntry.objects.first().pk).update(needs_indexing=True)
    with pytest.raises(SystemExit) as exit_:
        call_command("search_index")
    assert exit_.value.code == 1
