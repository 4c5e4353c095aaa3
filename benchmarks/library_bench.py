"""Library speed figures (issue: unified resource library).

  DATABASE_URL=… python -m benchmarks.library_bench

Runs against a fresh test database built by Django's test runner machinery
(never the dev database) loaded with the demo cluster, and reports:
  * placing one resource into 100 columns across 20 sites (target < 1 s),
    with the rows an edit of the resource touches afterwards;
  * listing a column of 10,000 placements: median of page 1 and page 500
    (target: page 500 ≤ 3 × page 1)."""

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEATS = 15


def _median_ms(fn, repeats=REPEATS) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _twenty_sites():
    from cluster.catalogue import catalogue_import, catalogue_parse
    from cluster.models import SiteKind, SiteRecord
    from cluster.services import site_record_create
    from demo.loader import CATALOGUES
    from units.models import OrgUnit, UnitKind

    portal = SiteRecord.objects.get(kind=SiteKind.PORTAL)
    for n in range(SiteRecord.objects.count(), 20):
        unit = OrgUnit.objects.create(
            name=f"景德镇市测试局{n}", short_name=f"测试局{n}", kind=UnitKind.MUNICIPAL_DEPARTMENT
        )
        record = site_record_create(
            unit=unit,
            kind=SiteKind.DEPARTMENT,
            parent=portal,
            host_unit=unit,
            operator_unit=unit,
            domain=f"csj{n}.jdz.gov.cn",
        )
        catalogue_import(record=record, specs=catalogue_parse(CATALOGUES["department"], site_unit=unit))
    return list(SiteRecord.objects.all())


def bench_placement():
    from cluster.models import ColumnPage, GuaranteeMode
    from library.models import Article
    from library.services import placements_create, resource_create
    from units.models import OrgUnit

    sites = _twenty_sites()
    per_site = 5
    columns = []
    for record in sites:
        candidates = ColumnPage.objects.descendant_of(record.site.root_page).exclude(
            mode__in=[GuaranteeMode.LINK, GuaranteeMode.SUBMISSION]
        )
        columns += list(candidates.filter(numchild=0)[:per_site])
    columns = columns[:100]
    unit = OrgUnit.objects.get(short_name="市政数局")
    resource = resource_create(resource=Article(title="放置基准测试", unit=unit, body="<p>正文</p>"))
    start = time.perf_counter()
    placements_create(resource=resource, columns=columns)
    elapsed = time.perf_counter() - start
    print(
        f"place 1 resource into {len(columns)} columns across {len({c.path[:8] for c in columns})} sites: {elapsed * 1000:.0f} ms"
    )

    resource.title = "放置基准测试(已修改)"
    with CaptureQueriesContext(connection) as queries:
        resource.save_revision().publish()
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    touched = {sql.split('"')[1] for sql in writes}
    print(
        f"edit afterwards: {len(writes)} writes, tables {sorted(touched)}; placement rows written: "
        f"{sum('library_placement' in sql for sql in writes)}"
    )


def bench_listing():
    from benchmarks.bulk import articles_bulk_create
    from cluster.models import ColumnPage
    from cluster.selectors import site_record_for_page
    from library import selectors
    from library.models import Placement
    from units.models import OrgUnit

    column = ColumnPage.objects.get(title="今日瓷都", depth=4)
    unit = OrgUnit.objects.get(short_name="景德镇融媒体中心")
    ids = articles_bulk_create(
        unit=unit, titles_and_bodies=((f"瓷都新闻第{n}号", f"<p>正文{n}</p>") for n in range(10_000))
    )
    site = site_record_for_page(column)
    Placement.objects.bulk_create(Placement(resource_id=pk, column=column, site=site) for pk in ids)
    total = Placement.objects.filter(column=column).count()

    def page(number):
        return lambda: [
            p.resource.title for p in selectors.column_listing(column=column, page_number=number).object_list
        ]

    first, last = _median_ms(page(1)), _median_ms(page(500))
    print(
        f"column of {total} placements: page 1 median {first:.1f} ms, page 500 median {last:.1f} ms, ratio {last / first:.2f}"
    )


def main() -> int:
    from django.conf import settings
    from django.test.utils import get_runner

    from demo.loader import load_demo

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        print(f"database: {connection.vendor}")
        load_demo(log=lambda *a: None)
        bench_placement()
        bench_listing()
    finally:
        runner.teardown_databases(old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
