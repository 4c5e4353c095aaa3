"""SQL queries per public page type, with an empty and with a warm cache.

  DATABASE_URL=… python -m benchmarks.page_queries

Builds a throwaway test database with the demo cluster (never the dev
database) and requests one page of each type from the portal."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

HOST = "www.jdz.gov.cn"


def _pages():
    from tests import factories

    pages = {"home": "/", "parent column": "/zwgk/fdzdgknr/", "leaf column": "/zwzx/jrcd/", "catalogue": "/catalogue/"}
    for label, path in (
        ("news detail", "政务资讯/今日瓷都"),
        ("policy detail", "政务公开/法定主动公开内容/政策文件/政府文件"),
    ):
        column = factories.column(HOST, path)
        placement = column.placements.filter(live=True).first()
        pages[label] = f"{column.url_path[column.url_path.index('/', 1) :]}{placement.resource_id}/"
    return pages


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries)


def main() -> int:
    from django.conf import settings
    from django.test.utils import get_runner

    from demo.loader import load_demo

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        load_demo(log=lambda *a: None)
        client = Client()
        print(f"database: {connection.vendor}")
        print(f"{'page':<16}{'empty cache':>12}{'warm cache':>12}")
        for label, path in _pages().items():
            cache.clear()
            cold = _count(client, path)
            print(f"{label:<16}{cold:>12}{_count(client, path):>12}")
    finally:
        runner.teardown_databases(old)
    return 0


if __name__ == "__main__":
    sys.exit(main())
