import os
import sqlite3

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.template_db import ensure_template


@pytest.fixture(scope="session")
def demo_template():
    """The migrated demo cluster for this code and database engine (see
    tests/template_db.py): built once, then copied by every run."""
    from django.db import connections

    return ensure_template(connections["default"].settings_dict, os.environ.get("DEMO_ADMIN_PASSWORD"))


@pytest.fixture(scope="session")
def django_db_keepdb(request, demo_template):
    # SQLite's test database is filled from the template before Django sets
    # it up, which must then keep it; PostgreSQL creates it from the template.
    return demo_template.sqlite_file is not None or request.config.getvalue("reuse_db")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, demo_template):
    """Every database test starts from the demo cluster, copied from the
    template once per process and restored after each test by its
    transaction's rollback."""
    from django.db import connections

    connection = connections["default"]
    demo_template.copy_media(settings.MEDIA_ROOT)
    if demo_template.pg_name:
        connection.settings_dict["TEST"]["TEMPLATE"] = demo_template.pg_name
        yield
        return
    name = connection.creation._get_test_db_name()
    if not connection.creation.is_in_memory_db(name):
        raise RuntimeError("the SQLite test database must be in memory: set no TEST NAME")
    # The in-memory database lives as long as a connection to it is open.
    keeper = sqlite3.connect(name, uri=True)
    demo_template.copy_sqlite(keeper)
    yield
    keeper.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Cached trees and registry rows must not outlive the rolled-back data
    # they were built from.
    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    """A skipped test here means a service or tool was missing: that fails the run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == pytest.ExitCode.OK:
        reporter.write_line(f"{len(skipped)} test(s) skipped: this suite allows no skips.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
