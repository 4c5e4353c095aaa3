"""Headless API speed (issue 6): 100,000 resources on PostgreSQL, served by
gunicorn on loopback, timed from a client on the same machine.

  python -m benchmarks.api_bench [--resources 100000] [--requests 400]

With DATABASE_URL set (postgres://…), a database ``<name>_api_bench`` is
made on that server and dropped afterwards; without it a throwaway server
is started with scripts/postgres.sh and removed afterwards.

Reports p50/p95 of a filtered list of 20 items (site × type, varying
offsets), a detail request (varying resources and types), and a conditional
request answered 304, against the targets 50 / 30 / 10 ms (p95); and, side
by side as the baseline, the public HTML page of the same resources, which
shows what a detail request carries."""

import argparse
import contextlib
import datetime
import http.client
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGETS_MS = {"list": 50, "detail": 30, "304": 10}
HOST = "www.jdz.gov.cn"
BATCH = 5000


# ─── database ────────────────────────────────────────────────────────────────


@contextlib.contextmanager
def postgres():
    """A DATABASE_URL for a fresh, empty database."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/')}_api_bench"
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    # Under /tmp, where the postgres user can reach it when run as root.
    state = tempfile.mkdtemp(prefix="api-bench-pg.", dir="/tmp")
    script = str(ROOT / "scripts" / "postgres.sh")
    line = subprocess.check_output([script, "start", state], text=True)  # noqa: S603 - our own script
    try:
        yield line.strip().removeprefix("DATABASE_URL=")
    finally:
        subprocess.run([script, "stop", state], check=False)  # noqa: S603


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


# ─── bulk loader ─────────────────────────────────────────────────────────────


def _insert_level(model, instances) -> None:
    """Insert the rows of one table of a multi-table model, as Model.save()
    does level by level, for many instances in one statement."""
    auto_pk = model._meta.auto_field
    fields = [field for field in model._meta.local_concrete_fields if field is not auto_pk and not field.generated]
    model._base_manager._insert(instances, fields=fields, using="default")


def _columns_by_site():
    from cluster.models import ColumnPage, GuaranteeMode, SiteRecord

    columns = {}
    for record in SiteRecord.objects.select_related("site__root_page"):
        leaves = (
            ColumnPage.objects.live().descendant_of(record.site.root_page).filter(mode=GuaranteeMode.DIRECT, numchild=0)
        )
        columns[record] = list(leaves)
    return columns


def resources_bulk_create(total: int) -> list[int]:
    """``total`` live resources (articles, notices, policy documents) spread
    over the demo units' shelves, each placed in a column of its unit's site
    (or the portal), a quarter of them also syndicated to another site."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from api.conditional import content_changed
    from cluster.models import SiteKind
    from library.models import AfterExpiry, Article, Notice, Placement, PolicyDocument, Resource
    from library.services import unit_library

    rng = random.Random(6)  # noqa: S311 - sample data, not secrets
    columns = _columns_by_site()
    sites = list(columns)
    portal = next(record for record in sites if record.kind == SiteKind.PORTAL)
    publishers = [(record.unit, record) for record in sites]
    locale = Locale.get_default()
    kinds = [(Article, 0.7), (Notice, 0.15), (PolicyDocument, 0.15)]
    now = timezone.now()
    created: list[int] = []
    shelves = {unit.pk: unit_library(unit) for unit, _ in publishers}
    next_child = {pk: shelf.numchild for pk, shelf in shelves.items()}

    def build(n, model, unit, shelf):
        next_child[unit.pk] += 1
        position = next_child[unit.pk]
        published = now - datetime.timedelta(minutes=n * 7)
        slug = f"bench-{n}"
        fields = {
            "title": f"{unit.short_name}第{n}号信息",
            "draft_title": f"{unit.short_name}第{n}号信息",
            "slug": slug,
            "path": Page._get_path(shelf.path, shelf.depth + 1, position),
            "depth": shelf.depth + 1,
            "numchild": 0,
            "url_path": f"{shelf.url_path}{slug}/",
            "content_type": ContentType.objects.get_for_model(model),
            "locale": locale,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": published,
            "last_published_at": published,
            "unit": unit,
            "summary": f"第{n}号信息的摘要",
            "body": f"<p>第{n}号信息的正文。</p>" * 5,
        }
        if model is Notice:
            fields.update(valid_until=(published + datetime.timedelta(days=30)).date(), after_expiry=AfterExpiry.MARK)
        if model is PolicyDocument:
            fields.update(index_number=f"BENCH/{n:07d}", doc_number=f"景府字〔2026〕{n}号", written_on=published.date())
        return model(**fields)

    for start in range(0, total, BATCH):
        with transaction.atomic():
            batch = []
            for n in range(start, min(start + BATCH, total)):
                unit, record = rng.choice(publishers)
                model = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
                batch.append((build(n, model, unit, shelves[unit.pk]), record))
            resources = [resource for resource, _ in batch]
            _insert_level(Page, resources)
            ids = dict(Page.objects.filter(path__in=[r.path for r in resources]).values_list("path", "id"))
            for resource in resources:
                resource.id = resource.page_ptr_id = resource.resource_ptr_id = ids[resource.path]
            _insert_level(Resource, resources)
            for model in (Article, Notice, PolicyDocument):
                _insert_level(model, [r for r in resources if type(r) is model])
            placements = []
            for resource, record in batch:
                home = record if columns[record] else portal
                placements.append(Placement(resource=resource, column=rng.choice(columns[home]), site=home))
                if rng.random() < 0.25:
                    other = rng.choice([s for s in sites if s != home and columns[s]])
                    placements.append(
                        Placement(
                            resource=resource,
                            column=rng.choice(columns[other]),
                            site=other,
                            origin="syndicated",
                            syndicated_from=home,
                        )
                    )
            Placement.objects.bulk_create(placements)
            created += [r.id for r in resources]
        print(f"  {len(created):>7} resources", file=sys.stderr)
    for unit_pk, shelf in shelves.items():
        Page.objects.filter(pk=shelf.pk).update(numchild=next_child[unit_pk])
    content_changed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return created


# ─── server and client ───────────────────────────────────────────────────────


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int):
    port = _free_port()
    # Production settings serve hashed static files: the public pages need them collected.
    static_root = tempfile.mkdtemp(prefix="api-bench-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_STATIC_ROOT": static_root,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "api-bench-only",
        "DJANGO_ALLOWED_HOSTS": "*",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "API_RATE_LIMIT_ANONYMOUS": "100000000/minute",
        "LOG_LEVEL": "ERROR",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--log-level=warning",
    ]
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)  # noqa: S603 - this project's manage.py
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - the venv's gunicorn
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root)


def request(port: int, path: str, headers=None) -> tuple[float, int, dict, bytes]:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    return elapsed, response.status, dict(response.getheaders()), body


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def timed(port: int, calls, expected: int) -> list[float]:
    samples = []
    for path, headers in calls:
        elapsed, status, _, body = request(port, path, headers)
        if status != expected:
            raise SystemExit(f"{path} answered {status}, not {expected}: {body[:200]!r}")
        samples.append(elapsed)
    return samples


def measure(port: int, name: str, calls, expected: int) -> dict:
    for path, headers in itertools.islice(itertools.cycle(calls), 30):  # warm every worker
        request(port, path, headers)
    p50, p95 = _percentiles(timed(port, calls, expected))
    target = TARGETS_MS.get(name)
    verdict = "baseline" if target is None else f"target p95 ≤ {target} ms: {'ok' if p95 <= target else 'OVER TARGET'}"
    print(f"{name:>6}: n={len(calls)}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({verdict})")
    return {"p50": p50, "p95": p95, "ok": target is None or p95 <= target}


def public_pages(ids: list[int]) -> list[tuple[str, dict]]:
    """The public page of each resource, at its origin site's domain."""
    from wagtail.models import Site

    from library.models import Resource

    hosts = dict(Site.objects.values_list("pk", "hostname"))
    by_id = {}
    for resource in Resource.objects.filter(pk__in=ids).specific():
        site_id, _, path = resource.get_url_parts()
        by_id[resource.pk] = (path, {"Host": hosts[site_id]})
    return [by_id[pk] for pk in ids]


def first_counts(port: int, filters: list[str]) -> None:
    """A list's total is counted on the first request for its filters after
    a content change, then cached until the next change: time those first
    requests on their own, then let every worker count each filter."""
    p50, p95 = _percentiles(timed(port, [(f"{path}&limit=20", {}) for path in filters], 200))
    print(f"first request of each filter (count not yet cached): n={len(filters)}  p50 {p50:.1f} ms  p95 {p95:.1f} ms")
    for path in filters * 8:
        request(port, f"{path}&limit=20")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    with postgres() as database_url:
        django_setup(database_url)
        from django.core.management import call_command

        from cluster.models import SiteRecord
        from demo.loader import load_demo
        from library.models import Resource

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        load_demo(log=lambda *args: None)
        ids = resources_bulk_create(options.resources)
        print(
            f"loaded demo + {len(ids)} resources ({Resource.objects.count()} in all) "
            f"in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        rng = random.Random(7)  # noqa: S311 - sample data, not secrets
        sites = list(SiteRecord.objects.values_list("domain", flat=True))
        types = ["article", "notice", "policy_document"]
        filters = [f"/api/v2/resources/?site={site}&type={kind}" for site in sites for kind in types]
        offsets = (0, 20, 40, 200)
        lists = [(f"{rng.choice(filters)}&limit=20&offset={rng.choice(offsets)}", {}) for _ in range(options.requests)]
        detail_ids = [rng.choice(ids) for _ in range(options.requests)]
        details = [(f"/api/v2/resources/{pk}/", {}) for pk in detail_ids]
        pages = public_pages(detail_ids)
        from django.db import connections

        connections.close_all()

        with gunicorn(database_url, options.workers) as port:
            conditional_path = f"/api/v2/resources/?site={HOST}&type=article&limit=20"
            _, _, headers, _ = request(port, conditional_path)
            conditionals = [(conditional_path, {"If-None-Match": headers["ETag"]})] * options.requests
            print(f"gunicorn: {options.workers} sync workers on 127.0.0.1:{port}, production settings, PostgreSQL")
            print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            first_counts(port, filters)
            results = {
                "list": measure(port, "list", lists, 200),
                "detail": measure(port, "detail", details, 200),
                "304": measure(port, "304", conditionals, 304),
                "page": measure(port, "page", pages, 200),
            }
            ratio = results["page"]["p95"] / results["detail"]["p95"]
            print(f"detail p95 is {ratio:.1f}x faster than the resource's HTML page")
            print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(result["ok"] for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
