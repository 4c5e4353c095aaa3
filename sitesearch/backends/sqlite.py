"""Wagtail's SQLite search backend, with ranking that scales.

Wagtail's SQLite backend finds matches with FTS5 but ranks each one with a
correlated subquery that runs the full-text match again, which takes seconds
once a few thousand entries match. Here the match runs once: the query
starts from the FTS5 table, joins the filtered queryset by primary key, and
ranks with bm25 weighting the title column above the body. The index and
the indexing are Wagtail's own."""

from collections import OrderedDict

from django.db import connections
from django.db.models import Count, F
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

FTS_TABLE = SQLiteFTSIndexEntry._meta.db_table
ENTRY_TABLE = IndexEntry._meta.db_table
# bm25 weights of the FTS5 columns, in their order: autocomplete, body, title.
SEARCH_WEIGHTS = (0.0, 1.0, 4.0)
AUTOCOMPLETE_WEIGHTS = (1.0, 0.0, 0.0)


class RankedMatchesMixin:
    """Compiles a query to SQL over the FTS5 table that yields the pks of
    the matching objects, with their bm25 score if asked, without Wagtail's
    per-row re-match."""

    WEIGHTS = SEARCH_WEIGHTS

    def matches(self, config, *, scored: bool) -> tuple[str, list] | None:
        query = normalize(self.query)
        if not isinstance(query, PlainText | Phrase | And | Or):
            return None  # MatchAll and negations: Wagtail's own path
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        connection = connections[self.queryset.db]
        match_sql, match_params = match.as_sql(
            SQLiteFTSIndexEntry.objects.none().query.get_compiler(connection=connection), connection
        )
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        # Scores cost a computation per match: counts do without.
        score = f", bm25({FTS_TABLE}, {', '.join(str(weight) for weight in self.WEIGHTS)}) AS score" if scored else ""
        sql = (
            f"SELECT CAST(entry.object_id AS INTEGER) AS pk{score} "  # noqa: S608
            f"FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} entry ON entry.id = {FTS_TABLE}.rowid "
            f"WHERE {match_sql} AND entry.content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        )
        return sql, [*match_params, *content_types]


class SearchQueryCompiler(RankedMatchesMixin, SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(RankedMatchesMixin, SQLiteAutocompleteQueryCompiler):
    WEIGHTS = AUTOCOMPLETE_WEIGHTS


class SearchResults(SQLiteSearchResults):
    def _matches(self, *, scored: bool):
        return self.query_compiler.matches(self.query_compiler.get_config(self.backend), scored=scored)

    def _matching(self):
        """The queryset narrowed to the matches, or None for Wagtail's own path."""
        matches = self._matches(scored=False)
        if matches is None:
            return None
        sql, params = matches
        # Only our own compiled SQL is interpolated; values travel as parameters.
        return self.query_compiler.queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611

    def _do_search(self):
        if not self.query_compiler.order_by_relevance:
            matching = self._matching()
            if matching is None:
                return super()._do_search()
            if not matching.query.order_by:
                matching = matching.order_by("-pk")
            return list(matching[self.start : self.stop])
        matches = self._matches(scored=True)
        if matches is None:
            return super()._do_search()
        # Ranked over the matches that pass the queryset's filters, joined
        # by primary key (SQLite flattens the filtered queryset into the join).
        sql, params = matches
        filtered = self.query_compiler.queryset.order_by().annotate(filtered_pk=F("pk")).values("filtered_pk")
        filtered_sql, filtered_params = filtered.query.sql_with_params()
        limit = -1 if self.stop is None else self.stop - self.start
        ranked_sql = (
            f"SELECT ranked.pk, ranked.score FROM ({sql}) ranked "  # noqa: S608
            f"JOIN ({filtered_sql}) filtered ON filtered.filtered_pk = ranked.pk "
            "ORDER BY ranked.score, ranked.pk DESC LIMIT %s OFFSET %s"
        )
        with connections[self.query_compiler.queryset.db].cursor() as cursor:
            cursor.execute(ranked_sql, [*params, *filtered_params, limit, self.start])
            scores = OrderedDict(cursor.fetchall())
        objects = self.query_compiler.queryset.in_bulk(list(scores))
        results = []
        for pk, score in scores.items():
            if pk in objects:
                if self._score_field:
                    setattr(objects[pk], self._score_field, -score)
                results.append(objects[pk])
        return results

    def _do_count(self):
        matching = self._matching()
        if matching is None:
            return super()._do_count()
        count = matching.count() - self.start
        return max(0, count if self.stop is None else min(count, self.stop - self.start))

    def facet(self, field_name):
        matching = self._matching()
        if matching is None or self.query_compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # Wagtail's path, or its FilterFieldError
        rows = matching.values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
    results_class = SearchResults
