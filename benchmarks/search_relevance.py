"""Site search relevance (issue 5): precision@5 of the queries in
search_relevance.yaml over the demo cluster, on each backend.

  python -m benchmarks.search_relevance [--backends database,opensearch] [--analyzers smartcn,cjk,icu] [-v]

precision@5 of a query is the share of its expected resources found among
the first five results, out of at most five (so a query with one expected
resource scores 1 when it is in the top five); the figure is the mean over
all queries. The OpenSearch runs need SEARCH_URL; each analyzer gets an
index of its own, removed afterwards. tests/sitesearch/test_relevance.py
holds each backend to a floor."""

import argparse
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

CASES = Path(__file__).with_name("search_relevance.yaml")
TOP = 5


@dataclass
class Outcome:
    query: str
    precision: float
    expected: list[str]
    found: list[str]


def load_cases() -> list[dict]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))


def evaluate(cases: list[dict]) -> list[Outcome]:
    """Run every case through selectors.search across all sites from the portal."""
    from cluster.models import SiteRecord
    from library.models import Resource
    from sitesearch.selectors import SearchFilters, search

    portal = SiteRecord.objects.get(domain="www.jdz.gov.cn")
    slugs = dict(Resource.objects.values_list("pk", "slug"))
    outcomes = []
    for case in cases:
        results = search(query=case["query"], site=portal, filters=SearchFilters(cluster=True), per_page=TOP)
        found = [slugs.get(hit.entry.resource_id, "?") for hit in results.hits]
        expected = case["expect"]
        precision = len(set(found) & set(expected)) / min(TOP, len(expected))
        outcomes.append(Outcome(case["query"], precision, expected, found))
    return outcomes


def mean_precision(outcomes: list[Outcome]) -> float:
    return sum(o.precision for o in outcomes) / len(outcomes)


def engine_config(analyzer: str) -> dict:
    url = os.environ.get("SEARCH_URL")
    if not url:
        sys.exit("SEARCH_URL is not set: start an engine with scripts/opensearch.sh start DIR")
    return {
        "default": {
            "BACKEND": "sitesearch.backends.engine",
            "ENGINE": os.environ.get("SEARCH_BACKEND", "opensearch2"),
            "URLS": [url],
            "INDEX_PREFIX": f"relevance_{uuid.uuid4().hex[:8]}_",
            "ANALYZER": analyzer,
            "AUTO_UPDATE": False,
        }
    }


def report(label: str, outcomes: list[Outcome], verbose: bool) -> None:
    print(f"{label}: precision@{TOP} {mean_precision(outcomes):.3f} over {len(outcomes)} queries")
    for outcome in outcomes:
        if verbose or outcome.precision < 1:
            print(f"    {outcome.precision:.2f}  {outcome.query}  expected {outcome.expected}  got {outcome.found}")


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner, override_settings, setup_test_environment
    from wagtail.search.backends import get_search_backend

    from demo.loader import load_demo
    from sitesearch.services import index_rebuild

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="database,opensearch")
    parser.add_argument("--analyzers", default="smartcn,cjk")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        load_demo(log=lambda *a: None)
        cases = load_cases()
        if "database" in args.backends:
            report("database", evaluate(cases), args.verbose)
        if "opensearch" in args.backends:
            for analyzer in args.analyzers.split(","):
                config = engine_config(analyzer)
                with override_settings(WAGTAILSEARCH_BACKENDS=config):
                    index_rebuild()
                    try:
                        report(f"opensearch ({analyzer})", evaluate(cases), args.verbose)
                    finally:
                        get_search_backend().es.indices.delete(index=f"{config['default']['INDEX_PREFIX']}*")
    finally:
        runner.teardown_databases(old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
