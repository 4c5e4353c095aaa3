"""Site search speed figures (issue 5).

  python -m benchmarks.search_bench [--entries 100000] [--queries 200] [--baseline 40]
                                    [--backends database,opensearch] [--analyzers smartcn,cjk]

Builds a fresh test database (a SQLite file in a temporary directory, or a
test database on the PostgreSQL of DATABASE_URL), loads the demo cluster and
generates ``--entries`` search entries from its text with a fixed random
seed: titles from the demo titles' phrases in the shapes government titles
take, bodies from the demo's sentences. Entries are bulk-inserted (they are
what the index holds), then for each backend the script reports indexing
throughput and the p50/p95 latency of ``--queries`` queries drawn from the
same corpus, both of the raw backend query (first page) and of the whole
``selectors.search`` (count, page, type facets, highlighting). The database
backend's first page is also timed against Wagtail's own database backend,
side by side on the same index, for ``--baseline`` of the queries.

The OpenSearch runs need SEARCH_URL (``scripts/opensearch.sh start DIR``
prints one); each analyzer gets an index of its own, removed afterwards."""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

SEED = 20260501
TITLE_SHAPES = (
    "{unit}关于{topic}的通知",
    "{unit}关于印发{topic}实施方案的通知",
    "关于{year}年度{topic}的公示",
    "{place}{topic}工作取得新进展",
    "{place}召开{topic}工作推进会",
    "{year}年{place}{topic}情况通报",
    "《{topic}》政策解读",
    "{topic}办事指南",
    "{place}扎实推进{topic}",
    "关于做好{year}年{topic}工作的通知",
)
PLACES = ("我市", "昌江区", "珠山区", "浮梁县", "乐平市", "高新区", "瑶里镇", "竟成镇", "丽阳镇", "众埠镇")
TITLE_NOISE = re.compile(r"^(关于|景德镇市|我市)|(的通知|的公示|的公告|的通告|政策解读|办事指南|的决定)$")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def corpus():
    """Phrases, sentences and query words from the demo content."""
    from sitesearch.analysis import query_words, word_pinyin
    from sitesearch.models import SearchEntry

    entries = list(SearchEntry.objects.public())
    topics = sorted({TITLE_NOISE.sub("", e.title).strip("《》“”") for e in entries if 4 <= len(e.title) <= 40})
    sentences = sorted(
        {s.strip() for e in entries for s in re.split(r"(?<=[。;!?])", e.body) if 12 <= len(s.strip()) <= 120}
    )
    words = sorted({w for e in entries for w in query_words(e.title) if len(w) >= 2 and not w.isascii()})
    units = sorted({e.unit.name for e in entries})
    return topics, sentences, words, units, word_pinyin


def generate_entries(count: int) -> None:
    from cluster.models import ColumnPage, SiteRecord
    from library.models import RESOURCE_TYPES
    from sitesearch.analysis import pinyin_words
    from sitesearch.models import SearchEntry
    from units.models import OrgUnit

    rng = random.Random(SEED)  # noqa: S311 - sample data, not secrets
    topics, sentences, _words, _units, _ = corpus()
    units = list(OrgUnit.objects.filter(kind__in=["municipal_department", "county_government"]))
    sites = list(SiteRecord.objects.select_related("site__root_page"))
    columns = {
        site.pk: list(ColumnPage.objects.descendant_of(site.site.root_page).filter(numchild=0)[:40]) for site in sites
    }
    types = [model._meta.model_name for model in RESOURCE_TYPES]
    start = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
    next_resource = 10_000_000
    batch = []
    for n in range(count):
        unit = rng.choice(units)
        title = rng.choice(TITLE_SHAPES).format(
            unit=unit.name, topic=rng.choice(topics), year=rng.randint(2019, 2026), place=rng.choice(PLACES)
        )[:250]
        body = "".join(rng.sample(sentences, rng.randint(4, 12)))
        site = rng.choice(sites)
        column = rng.choice(columns[site.pk])
        full, initials = pinyin_words(title)
        batch.append(
            SearchEntry(
                resource_id=next_resource + n,
                site=site,
                column_id=column.pk,
                unit_id=unit.pk,
                resource_type=rng.choice(types),
                title=title,
                title_pinyin=full,
                title_initials=initials,
                summary="",
                body=body,
                column_path=column.path,
                column_titles=[column.title],
                url=f"/bench/{n}/",
                published_at=start + datetime.timedelta(minutes=rng.randint(0, 6 * 365 * 24 * 60)),
                canonical=True,
                needs_indexing=False,
            )
        )
        if len(batch) == 5000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)


def queries(count: int) -> list[str]:
    rng = random.Random(SEED + 1)  # noqa: S311 - sample data, not secrets
    topics, _sentences, words, units, word_pinyin = corpus()
    drawn = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.55:
            drawn.append(rng.choice(words))
        elif kind < 0.8:
            drawn.append(" ".join(rng.sample(words, 2)))
        elif kind < 0.9:
            drawn.append(rng.choice(topics)[:12])
        elif kind < 0.95:
            drawn.append(rng.choice(units).removeprefix("景德镇市"))
        else:
            drawn.append(word_pinyin(rng.choice(words))[rng.random() < 0.5])
    return drawn


def first_pages(drawn: list[str]) -> list[float]:
    """Milliseconds per query for the backend's first page of ten, ranked."""
    from wagtail.search.backends import get_search_backend

    from cluster.models import SiteRecord
    from sitesearch import selectors
    from sitesearch.analysis import backend_needs_words
    from sitesearch.query import parse, to_search_query

    portal = SiteRecord.objects.get(domain="www.jdz.gov.cn")
    filters = selectors.SearchFilters(cluster=True)
    backend = get_search_backend()
    entries = selectors._entries(site=portal, filters=filters, public_sites=selectors.public_site_ids())
    timings = []
    for query in drawn:
        started = time.perf_counter()
        list(backend.search(to_search_query(parse(query), words_needed=backend_needs_words()), entries)[:10])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure(label: str, drawn: list[str]) -> None:
    from cluster.models import SiteRecord
    from sitesearch import selectors

    portal = SiteRecord.objects.get(domain="www.jdz.gov.cn")
    filters = selectors.SearchFilters(cluster=True)
    for query in drawn[:10]:  # warm caches (jieba, connections, page cache)
        selectors.search(query=query, site=portal, filters=filters)
    raw = first_pages(drawn)
    full, totals = [], []
    for query in drawn:
        started = time.perf_counter()
        results = selectors.search(query=query, site=portal, filters=filters)
        full.append((time.perf_counter() - started) * 1000)
        totals.append(results.total)
    print(
        f"  {label}: {len(drawn)} queries, median {statistics.median(totals):.0f} hits; "
        f"backend first page p50 {percentile(raw, 0.5):.1f} ms / p95 {percentile(raw, 0.95):.1f} ms; "
        f"search() p50 {percentile(full, 0.5):.1f} ms / p95 {percentile(full, 0.95):.1f} ms"
    )


def compare_with_wagtail(drawn: list[str]) -> None:
    """The database backend's ranked first page against Wagtail's own
    database backend, side by side on the same index and queries."""
    from django.test.utils import override_settings

    ours = first_pages(drawn)
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "wagtail.search.backends.database"}}):
        stock = first_pages(drawn)
    ratio_50 = percentile(stock, 0.5) / percentile(ours, 0.5)
    ratio_95 = percentile(stock, 0.95) / percentile(ours, 0.95)
    print(
        f"  baseline, {len(drawn)} queries: Wagtail's database backend first page p50 {percentile(stock, 0.5):.1f} ms"
        f" / p95 {percentile(stock, 0.95):.1f} ms; ours p50 {percentile(ours, 0.5):.1f} ms"
        f" / p95 {percentile(ours, 0.95):.1f} ms: {ratio_50:.1f}x / {ratio_95:.1f}x faster"
    )


def run_backend(label: str, drawn: list[str], *, index: bool = True) -> None:
    from sitesearch.models import SearchEntry
    from sitesearch.services import index_rebuild

    if index:
        total = SearchEntry.objects.public().count()
        started = time.perf_counter()
        index_rebuild()
        elapsed = time.perf_counter() - started
        print(f"  {label}: indexed {total} entries in {elapsed:.1f} s = {total / elapsed:.0f} docs/s")
    measure(label, drawn)


def engine_backends(analyzers: list[str]):
    url = os.environ.get("SEARCH_URL")
    if not url:
        sys.exit("SEARCH_URL is not set: start an engine with scripts/opensearch.sh start DIR")
    for analyzer in analyzers:
        yield (
            analyzer,
            {
                "default": {
                    "BACKEND": "sitesearch.backends.engine",
                    "ENGINE": os.environ.get("SEARCH_BACKEND", "opensearch2"),
                    "URLS": [url],
                    "INDEX_PREFIX": f"bench_{analyzer}_",
                    "ANALYZER": analyzer,
                    "TIMEOUT": 60,
                }
            },
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", default="database,opensearch")
    parser.add_argument("--analyzers", default="smartcn,cjk")
    parser.add_argument(
        "--baseline",
        type=int,
        default=40,
        metavar="N",
        help="also time the first N queries on Wagtail's own database backend (0: skip)",
    )
    parser.add_argument("--keep", metavar="FILE", help="SQLite file to keep the generated database in, and reuse")
    parser.add_argument(
        "--reuse-index", action="store_true", help="query the database index kept in --keep FILE without rebuilding it"
    )
    args = parser.parse_args()
    backends = args.backends.split(",")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # A database file rather than memory, as a laptop runs it.
        path = Path(args.keep or Path(tempfile.mkdtemp(prefix="search-bench-")) / "bench.sqlite3").resolve()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner, override_settings, setup_test_environment
    from wagtail.search.backends import get_search_backend

    from demo.loader import load_demo
    from sitesearch.models import SearchEntry

    setup_test_environment()
    if connection.vendor == "sqlite":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = settings.DATABASES["default"]["NAME"]
    runner = get_runner(settings)(verbosity=0, keepdb=bool(args.keep))
    old = runner.setup_databases()
    try:
        if SearchEntry.objects.count() < args.entries:
            load_demo(log=lambda *a: None)
            started = time.perf_counter()
            generate_entries(args.entries)
            print(f"generated {args.entries} entries in {time.perf_counter() - started:.0f} s")
        print(f"database: {connection.vendor}; {SearchEntry.objects.count()} search entries")
        drawn = queries(args.queries)
        if "database" in backends:
            run_backend("database", drawn, index=not (args.keep and args.reuse_index))
            if args.baseline:
                compare_with_wagtail(drawn[: args.baseline])
        if "opensearch" in backends:
            for analyzer, config in engine_backends(args.analyzers.split(",")):
                with override_settings(WAGTAILSEARCH_BACKENDS=config):
                    try:
                        run_backend(f"opensearch ({analyzer})", drawn)
                    finally:
                        get_search_backend().es.indices.delete(index=f"bench_{analyzer}_*")
    finally:
        if not args.keep:
            runner.teardown_databases(old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
