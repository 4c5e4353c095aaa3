"""From what the public typed to a query for Wagtail's search backends.

A query is a list of concepts that must all match; a concept is a run of
words the public typed, or a synonym term with its synonyms (同义词), any of
which may match. Synonyms are expanded here rather than in an engine, so they
work the same on every backend and take effect as soon as an editor saves
them. A query that finds nothing this way may be relaxed: any word will do,
and the more match, the higher the rank."""

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search.query import And, Or, PlainText

from core import cache as generational

from .analysis import clean_query, query_runs, query_words
from .models import SynonymGroup

CACHE_NAMESPACE = "sitesearch-synonyms"


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    concepts: tuple[tuple[str, ...], ...]

    def __bool__(self):
        return bool(self.concepts)

    @property
    def words(self) -> list[str]:
        """The words typed, stop words left out."""
        return query_words(" ".join(alternatives[0] for alternatives in self.concepts))

    @property
    def terms(self) -> list[str]:
        """What counts as a match, for highlighting: what was typed and its
        words, and each synonym whole."""
        terms = self.text.split()
        for typed, *synonyms in self.concepts:
            terms += [typed, *query_words(typed), *synonyms]
        return list(dict.fromkeys(terms))

    def shorter(self) -> list[str]:
        """The query without each one of its words, for suggestions."""
        words = self.words
        if len(words) < 2:
            return []
        return [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words))]


def synonyms() -> dict[str, tuple[str, ...]]:
    """Each synonym term → its whole group, the term first."""
    key = generational.key(CACHE_NAMESPACE, "groups")
    table = cache.get(key)
    if table is None:
        table = {}
        for group in SynonymGroup.objects.all():
            terms = group.term_list
            for term in terms:
                table[term] = (term, *[other for other in terms if other != term])
        cache.set(key, table, 3600)
    return table


@receiver([post_save, post_delete], sender=SynonymGroup)
def _synonyms_changed(**kwargs):
    generational.bump(CACHE_NAMESPACE)


def parse(raw: str) -> ParsedQuery:
    """Cut a query into concepts. A synonym term is a concept of its own
    wherever it stands in the text, longest terms first."""
    text = clean_query(raw)
    lowered = text.lower()
    table = synonyms()
    concepts: list[tuple[str, ...]] = []
    position = 0
    if table:
        pattern = re.compile("|".join(re.escape(term) for term in sorted(table, key=len, reverse=True)))
        for match in pattern.finditer(lowered):
            concepts += [(run,) for run in query_runs(lowered[position : match.start()])]
            concepts.append(table[match.group()])
            position = match.end()
    concepts += [(run,) for run in query_runs(lowered[position:])]
    unique = {alternatives[0]: alternatives for alternatives in concepts}
    return ParsedQuery(text=text, concepts=tuple(unique.values()))


def to_search_query(parsed: ParsedQuery, *, words_needed: bool, relaxed: bool = False):
    """The backend query: every concept must match, any of its alternatives
    will do — or, relaxed, any one of their words. A database backend
    gets text cut into the same words as its index; an engine gets it as
    typed, to analyse in context."""

    def text_query(text: str) -> PlainText:
        return PlainText(" ".join(query_words(text)) if words_needed else text, operator="and")

    if relaxed:
        # A run of words falls apart into its words; a synonym term stays whole.
        parts = [part for alts in parsed.concepts for part in (alts if len(alts) > 1 else query_words(alts[0]))]
        return _any([text_query(part) for part in dict.fromkeys(parts)])
    concepts = [_any([text_query(text) for text in alternatives]) for alternatives in parsed.concepts]
    return concepts[0] if len(concepts) == 1 else And(concepts)


def _any(queries):
    return queries[0] if len(queries) == 1 else Or(queries)
