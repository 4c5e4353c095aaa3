"""The relevance set of benchmarks/search_relevance.yaml, held to a floor on
each backend (the script of the same name reports the figures)."""

from benchmarks.search_relevance import evaluate, load_cases, mean_precision

FLOOR = {"database": 0.9, "opensearch": 0.9}


def test_precision_at_5_of_the_relevance_set(search_backend):
    cases = load_cases()
    assert len(cases) >= 40
    outcomes = evaluate(cases)
    misses = [(o.query, o.found) for o in outcomes if o.precision < 1]
    assert mean_precision(outcomes) >= FLOOR[search_backend], misses
