"""A served copy of the demo cluster and a headless Chromium to drive it.

The server is a real gunicorn process on loopback with a database of its own
(a SQLite file, or a second database on the PostgreSQL server under test),
copied from the demo template (tests/template_db.py), so browser tests never
share rows with the transactional tests. Chromium maps
every hostname to loopback, so sites are opened by their real domains."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from tests.template_db import create_pg_copy, ensure_template

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PASSWORD = "Browser-test-2026"


def _browser_database(tmp_path: Path) -> str:
    """A database of the served cluster's own, copied from the demo template."""
    from django.db import connections

    database = connections["default"].settings_dict
    template = ensure_template(database, PASSWORD)
    if template.pg_name:
        return create_pg_copy(database, template, f"{database['NAME']}_browser")
    path = tmp_path / "browser.sqlite3"
    with closing(sqlite3.connect(path)) as target:
        template.copy_sqlite(target)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def served_cluster(tmp_path_factory):
    """Base port of a gunicorn serving the demo cluster; yields the port."""
    tmp_path = tmp_path_factory.mktemp("served")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _browser_database(tmp_path),
        "DEMO_ADMIN_PASSWORD": PASSWORD,
    }
    port = _free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(  # noqa: S603 - fixed argument list
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "-b", f"127.0.0.1:{port}", "--threads", "4"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail(f"gunicorn did not start: {(tmp_path / 'gunicorn.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield port
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * 127.0.0.1",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(params=[{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def sized_page(request, page):
    """The page at a desktop and at a phone's viewport: layouts differ."""
    page.set_viewport_size(request.param)
    return page


@pytest.fixture
def site_url(served_cluster):
    def url(domain: str, path: str = "/") -> str:
        return f"http://{domain}:{served_cluster}{path}"

    return url


@pytest.fixture
def axe_violations():
    """Serious and critical axe-core violations of the page as loaded."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does).")

    def run(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run
