import pytest
from wagtail.search.query import And, Or, PlainText

from sitesearch.models import SynonymGroup
from sitesearch.query import parse, to_search_query

pytestmark = pytest.mark.django_db


def test_a_synonym_term_is_one_concept_with_its_group_longest_term_first():
    parsed = parse("住房公积金怎么提取")
    assert parsed.concepts == (("住房公积金", "公积金"), ("提取",))


def test_synonyms_take_effect_as_soon_as_they_are_saved():
    assert parse("瓷都").concepts == (("瓷都",),)
    SynonymGroup.objects.create(terms="瓷都、景德镇")
    assert parse("瓷都").concepts == (("瓷都", "景德镇"),)


def test_operators_quotes_and_markup_are_plain_words():
    assert parse('"公积金 OR <script>').concepts == (("公积金", "住房公积金"), ("or",), ("script",))


def test_database_backends_get_the_words_of_their_index():
    query = to_search_query(parse("居家社区养老"), words_needed=True)
    assert isinstance(query, PlainText)
    assert (query.query_string, query.operator) == ("居家 社区 养老", "and")


def test_engines_get_the_text_to_analyse_in_context():
    query = to_search_query(parse("居家社区养老"), words_needed=False)
    assert (query.query_string, query.operator) == ("居家社区养老", "and")


def test_every_concept_must_match_and_any_synonym_will_do():
    query = to_search_query(parse("低保 申请"), words_needed=False)
    assert isinstance(query, And)
    synonyms, word = query.subqueries
    assert isinstance(synonyms, Or)
    assert {q.query_string for q in synonyms.subqueries} == {"低保", "最低生活保障"}
    assert word.query_string == "申请"


def test_a_relaxed_query_accepts_any_one_word():
    query = to_search_query(parse("低保申请"), words_needed=False, relaxed=True)
    assert isinstance(query, Or)
    assert [(q.query_string, q.operator) for q in query.subqueries] == [
        ("低保", "and"),
        ("最低生活保障", "and"),
        ("申请", "and"),
    ]


def test_shorter_queries_leave_out_one_word_each():
    assert parse("城乡 低保 申请").shorter() == ["低保 申请", "城乡 申请", "城乡 低保"]
