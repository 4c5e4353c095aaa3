"""The search engine really going away: a throwaway OpenSearch node of this
test's own (scripts/opensearch.sh) is frozen, then stopped and replaced by
an empty one, while content changes."""

import os
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.search.backends import get_search_backend

from library.models import Resource
from sitesearch.models import SearchEntry
from sitesearch.selectors import search
from tests.factories import portal

from .conftest import engine_config

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "opensearch.sh"


class Node:
    def __init__(self, state: Path):
        self.state = state

    def _run(self, action: str) -> str:
        done = subprocess.run(  # noqa: S603 - fixed script, our own directory
            [str(SCRIPT), action, str(self.state)], capture_output=True, text=True, timeout=300
        )
        if done.returncode:
            pytest.fail(f"opensearch.sh {action} failed: {done.stderr[-3000:]}")
        return done.stdout

    def start(self) -> str:
        (line,) = [line for line in self._run("start").splitlines() if line.startswith("SEARCH_URL=")]
        return line.removeprefix("SEARCH_URL=")

    def stop(self) -> None:
        self._run("stop")

    def _processes(self) -> tuple[int, int | None]:
        """The node's pid, and that of the runuser above it when root started it."""
        pid = int((self.state / "opensearch.pid").read_text())
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        runuser = b"runuser" in Path(f"/proc/{parent}/cmdline").read_bytes()
        return pid, parent if runuser else None

    def freeze(self) -> None:
        """Every request to the node hangs, as on a wedged server."""
        pid, runuser = self._processes()
        os.kill(pid, signal.SIGSTOP)
        # runuser stops itself when its child stops; only once it has may it be
        # continued, after which it continues the node.
        deadline = time.monotonic() + 10
        while runuser and Path(f"/proc/{runuser}/stat").read_text().rsplit(")", 1)[1].split()[0] != "T":
            assert time.monotonic() < deadline, "runuser did not follow the node into the stopped state"
            time.sleep(0.05)

    def thaw(self) -> None:
        pid, runuser = self._processes()
        os.kill(runuser or pid, signal.SIGCONT)


@pytest.fixture
def node():
    # Under /tmp: the node's own user must be able to reach it.
    node = Node(Path(tempfile.mkdtemp(prefix="jdzgov-outage-", dir="/tmp")))
    yield node
    node.stop()


def found(query: str) -> list[str]:
    get_search_backend().get_index_for_model(SearchEntry).refresh()
    return [hit.entry.title for hit in search(query=query, site=portal()).hits]


def edit_title(resource, title, django_capture_on_commit_callbacks):
    resource.title = title
    with django_capture_on_commit_callbacks(execute=True):
        resource.save_revision().publish()


def test_changes_made_while_the_engine_is_down_are_indexed_when_it_is_back(
    db, settings, node, django_capture_on_commit_callbacks
):
    config = engine_config(f"outage_{uuid.uuid4().hex[:8]}_", TIMEOUT=30)
    config["default"]["URLS"] = [node.start()]
    settings.WAGTAILSEARCH_BACKENDS = config
    call_command("search_index", rebuild=True, verbosity=0)
    # Quick to give up from now on: a frozen engine answers nothing.
    config["default"]["TIMEOUT"] = 3
    settings.WAGTAILSEARCH_BACKENDS = config
    alias = get_search_backend().get_index_for_model(SearchEntry).name
    (index_name,) = get_search_backend().es.indices.get_alias(name=alias)
    resource = Resource.objects.get(slug="portal-gjj-jishu").specific
    client = Client(HTTP_HOST="www.jdz.gov.cn")

    # Frozen: every request times out. The edit is saved, its entry waits.
    node.freeze()
    try:
        edit_title(resource, "住房公积金缴存调整 青花玲珑", django_capture_on_commit_callbacks)
        assert SearchEntry.objects.pending().filter(resource=resource).exists()
        assert client.get("/search/", {"q": "青花玲珑"}).status_code == 503
        assert client.get("/zwzx/jrcd/").status_code == 200
    finally:
        node.thaw()
    get_search_backend().es.cluster.health(wait_for_status="yellow", request_timeout=60)
    assert found("青花玲珑") == [], "not indexed while the engine was away"
    call_command("search_index", verbosity=0)
    assert found("青花玲珑") == ["住房公积金缴存调整 青花玲珑"]
    assert not SearchEntry.objects.pending().exists()
    assert list(get_search_backend().es.indices.get_alias(name=alias)) == [index_name], "only what changed was sent"

    # Stopped, then back empty (a new node): the index is built again, with the edit.
    node.stop()
    edit_title(resource, "住房公积金缴存调整 粉彩薄胎", django_capture_on_commit_callbacks)
    response = client.get("/api/v2/search/", {"q": "粉彩薄胎"})
    assert response.status_code == 503 and response.json()["detail"]
    assert SearchEntry.objects.pending().filter(resource=resource).exists()
    config["default"].update(URLS=[node.start()], TIMEOUT=30)
    settings.WAGTAILSEARCH_BACKENDS = config
    call_command("search_index", verbosity=0)
    assert found("粉彩薄胎") == ["住房公积金缴存调整 粉彩薄胎"]
    assert found("瓷博会"), "and everything else is back too"
    assert not SearchEntry.objects.pending().exists()
