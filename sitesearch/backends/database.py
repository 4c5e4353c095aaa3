"""Wagtail's database search backend as site search uses it: on SQLite with
the ranking of ``sqlite`` (Wagtail's own ranks too slowly at scale); on
PostgreSQL, which ranks in one pass, as Wagtail ships it."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):
    backend = database_backend(params)
    if connection.vendor != "sqlite":
        return backend
    # Only importable where SQLite's full-text tables exist.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    from .sqlite import RankedSQLiteSearchBackend

    return RankedSQLiteSearchBackend(params) if isinstance(backend, SQLiteSearchBackend) else backend
