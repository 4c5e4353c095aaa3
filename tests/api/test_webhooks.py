"""Webhooks against a real HTTP receiver on loopback: signed JSON POSTs on
publish, update and unpublish of resources on the subscribed sites, retried
with backoff by the database task backend, and logged in the admin."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker

from accounts.models import User
from api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from library.models import Placement
from library.services import placement_create, placement_delete
from tests import factories
from units.models import OrgUnit

# Each change runs in django_capture_on_commit_callbacks, standing for the
# transaction that commits it: webhooks go out when a change commits.
pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
NEWS = "政务资讯/今日瓷都"
NOTICES = "政务资讯/公告公示"
SECRET = "receiver-secret"


class Receiver:
    """An HTTP server on loopback that records each POST and answers with
    the next status in ``statuses`` (then 200)."""

    def __init__(self, statuses=()):
        self.requests: list[dict] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": self.headers, "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"try again later")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/jdz"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def events(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def subscribe(url, *domains) -> WebhookSubscription:
    subscription = WebhookSubscription.objects.create(name="景德镇发布", url=url, secret=SECRET)
    subscription.sites.set(factories.SiteRecord.objects.filter(domain__in=domains))
    return subscription


def test_publish_update_and_unpublish_are_pushed_signed(receiver, django_capture_on_commit_callbacks):
    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        article = factories.placed_article(PORTAL, NEWS, title="瓷博会开幕", summary="盛况")
    [published] = receiver.requests
    body = published["body"]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert published["headers"]["X-JDZ-Signature"] == expected
    assert published["headers"]["X-JDZ-Event"] == "resource.published"
    assert published["headers"]["Content-Type"].startswith("application/json")
    event = json.loads(body)
    assert event["event"] == "resource.published"
    assert event["site"]["domain"] == PORTAL
    assert event["resource"]["id"] == article.pk
    assert event["resource"]["title"] == "瓷博会开幕"
    assert event["resource"]["url"] == f"http://www.jdz.gov.cn/zwzx/jrcd/{article.pk}/"
    assert event["resource"]["placements"][0]["column"]["title"] == "今日瓷都"

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "瓷博会隆重开幕"
        article.save_revision().publish()
    assert receiver.events()[-1]["event"] == "resource.updated"
    assert receiver.events()[-1]["resource"]["title"] == "瓷博会隆重开幕"

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert receiver.events()[-1]["event"] == "resource.unpublished"
    assert receiver.events()[-1]["resource"] == {"id": article.pk, "type": "article", "title": "瓷博会隆重开幕"}

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert receiver.events()[-1]["event"] == "resource.published"
    assert len(receiver.requests) == 4
    log = WebhookDelivery.objects.order_by("id")
    assert [d.status for d in log] == [DeliveryStatus.SUCCEEDED] * 4
    assert [d.event for d in log] == [
        "resource.published",
        "resource.updated",
        "resource.unpublished",
        "resource.published",
    ]


def test_only_subscribers_of_the_site_are_told(receiver, django_capture_on_commit_callbacks):
    subscribe(receiver.url, "www.cjq.gov.cn")
    everywhere = WebhookSubscription.objects.create(name="12345", url=receiver.url + "/all", secret="x")
    with django_capture_on_commit_callbacks(execute=True):
        factories.placed_article(PORTAL, NEWS)
    assert [request["headers"]["Host"] for request in receiver.requests] == [receiver.url.split("/")[2]]
    assert WebhookDelivery.objects.get().subscription == everywhere


def test_placements_coming_and_going(receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = factories.placed_article(PORTAL, NEWS)
    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        second = placement_create(resource=article, column=factories.column(PORTAL, NOTICES))
    assert receiver.events()[-1]["event"] == "resource.updated"
    assert len(receiver.events()[-1]["resource"]["placements"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        placement_delete(placement=second)
    assert receiver.events()[-1]["event"] == "resource.updated"
    with django_capture_on_commit_callbacks(execute=True):
        placement_delete(placement=Placement.objects.get(resource=article))
    assert receiver.events()[-1]["event"] == "resource.unpublished"
    assert [e["event"] for e in receiver.events()] == ["resource.updated", "resource.updated", "resource.unpublished"]


def test_deleting_a_resource_is_one_unpublish_per_site(receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = factories.placed_article(PORTAL, NEWS, title="将删除")
        placement_create(resource=article, column=factories.column(PORTAL, NOTICES))
    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    [event] = receiver.events()
    assert event["event"] == "resource.unpublished"
    assert event["resource"] == {"id": article.pk, "type": "article", "title": "将删除"}


def test_nothing_is_sent_for_a_rolled_back_change(receiver, django_capture_on_commit_callbacks):
    from django.db import transaction

    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                factories.placed_article(PORTAL, NEWS)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_gets_retries_with_backoff(
    receiver, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Production's database task backend: the first POSTs fail, each retry
    is scheduled after a doubled wait, and the last succeeds."""
    # The worker recycles database connections between tasks, which would
    # end the test's transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.API_WEBHOOK_RETRY_SECONDS = 0.5
    receiver.statuses = [503, 500]
    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        factories.placed_article(PORTAL, NEWS)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert receiver.requests == []  # queued, not sent inline

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.attempts == 1
    assert delivery.response_status == 503
    first_wait = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert first_wait == pytest.approx(0.5, abs=0.01)
    worker.run()  # the retry is not due yet
    assert len(receiver.requests) == 1

    deadline = time.monotonic() + 10
    while delivery.status != DeliveryStatus.SUCCEEDED and time.monotonic() < deadline:
        time.sleep(0.1)
        worker.run()
        delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 3
    assert delivery.response_status == 200
    assert len(receiver.requests) == 3
    assert len({request["body"] for request in receiver.requests}) == 1
    sent = [request["headers"]["X-JDZ-Delivery"] for request in receiver.requests]
    assert sent == [str(delivery.pk)] * 3


def test_delivery_gives_up_after_the_last_attempt(receiver, settings, django_capture_on_commit_callbacks):
    settings.API_WEBHOOK_MAX_ATTEMPTS = 1
    receiver.statuses = [500]
    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        factories.placed_article(PORTAL, NEWS)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "try again later" in delivery.last_error


def test_unreachable_receiver_is_logged(settings, django_capture_on_commit_callbacks):
    settings.API_WEBHOOK_MAX_ATTEMPTS = 1
    subscribe("http://127.0.0.1:9/closed", PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        factories.placed_article(PORTAL, NEWS)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.response_status is None
    assert delivery.last_error


def test_delivery_log_in_the_admin(client, receiver, django_capture_on_commit_callbacks):
    subscribe(receiver.url, PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        factories.placed_article(PORTAL, NEWS, title="进入推送记录")
    operator = User.objects.create_superuser(
        username="operator", password="Pw-2026-test", unit=OrgUnit.objects.get(short_name="市政数局")
    )
    client.force_login(operator)
    index = client.get(reverse("webhook_deliveries:index"))
    assert index.status_code == 200
    assert "进入推送记录" in index.content.decode()
    delivery = WebhookDelivery.objects.get()
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert inspect.status_code == 200
    assert "已送达" in inspect.content.decode()
    # The log is written by the system only.
    assert client.get(reverse("webhook_deliveries:add")).status_code in (302, 403)
    assert client.get(reverse("webhook_deliveries:edit", args=[delivery.pk])).status_code in (302, 403)
