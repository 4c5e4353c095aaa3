import pytest
from django.core.cache import cache

from demo.loader import load_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo cluster, loaded once per run
    and restored after each test by its transaction's rollback."""
    with django_db_blocker.unblock():
        load_demo(log=lambda *args: None)


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
