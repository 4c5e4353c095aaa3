"""Webhooks (内容推送): subscribers learn when a resource appears on one of
their sites (published), changes there (updated) or leaves it (unpublished).

Signal handlers report each change with whether the resource was visible on
the site before it. Within a transaction the reports are collected per
(resource, site), and when it commits the current visibility decides the
event: deleting a resource placed in three columns of a site is one
unpublish, and nothing is sent for work that was rolled back.

Each event becomes one logged delivery per subscriber, sent by a background
task: a JSON POST signed with HMAC-SHA256 of the body under the
subscriber's secret, retried with exponential backoff until it succeeds."""

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageLogEntry

from cluster.models import SiteRecord
from library.models import Placement, Resource

from . import representation, selectors
from .models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-JDZ-Signature"
EVENT_HEADER = "X-JDZ-Event"
DELIVERY_HEADER = "X-JDZ-Delivery"
TIMEOUT_SECONDS = 10


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class _Report:
    was_visible: bool
    changed: bool
    title: str
    type: str


class _Batch:
    """The reports of one transaction; Django runs it when that commits and
    drops it when it rolls back."""

    def __init__(self):
        self.reports: dict[tuple[int, int], _Report] = {}
        self.has_subscribers = WebhookSubscription.objects.filter(active=True).exists()
        self.done = False

    def __call__(self):
        self.done = True
        if self.has_subscribers:
            _flush(self.reports)


def _batch() -> _Batch:
    """The current transaction's batch, started on its first report."""
    connection = transaction.get_connection()
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Batch) and not callback.done:
            return callback
    batch = _Batch()
    if connection.in_atomic_block:
        transaction.on_commit(batch)
    return batch


def listening() -> bool:
    """Whether any subscriber would hear of a change in this transaction:
    checked before anything is worked out for one, since most saves have
    no subscriber to tell."""
    return _batch().has_subscribers


def _report(resource, site_ids, *, was_visible, changed: bool) -> None:
    """Note a change to ``resource`` on each of ``site_ids``; ``was_visible``
    tells, per site, whether the public saw it there before the change."""
    batch = _batch()
    for site_id in site_ids:
        report = batch.reports.get((resource.pk, site_id))
        if report is None:
            batch.reports[(resource.pk, site_id)] = _Report(
                was_visible=was_visible(site_id),
                changed=changed,
                title=resource.title,
                type=selectors.TYPE_NAMES.get(resource.specific_class, "resource"),
            )
        else:
            report.changed |= changed
    if not transaction.get_connection().in_atomic_block:
        # Autocommit: the change is already committed.
        batch()


def _visible_sites(resource_id: int, *, exclude_placements=()) -> set[int]:
    placements = selectors.placements_shown().filter(resource_id=resource_id)
    if exclude_placements:
        placements = placements.exclude(pk__in=exclude_placements)
    return set(placements.values_list("site_id", flat=True))


def _placed_sites(resource_id: int) -> set[int]:
    """Sites where the resource is placed live, whether or not it is published."""
    placements = selectors.placements_shown(drafts=True).filter(resource_id=resource_id)
    return set(placements.values_list("site_id", flat=True))


def _was_live_before_publish(resource) -> bool:
    """Whether a resource just published was already public: Wagtail logs
    this publish only after sending page_published, so the newest logged
    publish or unpublish is the state before it."""
    last = (
        PageLogEntry.objects.filter(page_id=resource.pk, action__in=("wagtail.publish", "wagtail.unpublish"))
        .order_by("-timestamp", "-id")
        .values_list("action", flat=True)
        .first()
    )
    return last == "wagtail.publish"


def resource_published(resource) -> None:
    if not listening():
        return
    was_live = _was_live_before_publish(resource)
    _report(resource, _visible_sites(resource.pk), was_visible=lambda site_id: was_live, changed=True)


def resource_unpublished(resource) -> None:
    if not listening():
        return
    _report(resource, _placed_sites(resource.pk), was_visible=lambda site_id: True, changed=True)


def resource_deleting(resource) -> None:
    if resource.live and listening():
        _report(resource, _visible_sites(resource.pk), was_visible=lambda site_id: True, changed=True)


def placement_changed(placement: Placement, *, was_live: bool, together=()) -> None:
    """A placement was created, changed or deleted; ``was_live`` is whether
    it was placed live before (False for a new one). ``together`` are the
    other placements made in the same change (a bulk insert): none of them
    showed the resource before."""
    if not listening():
        return
    resource = Resource.objects.filter(pk=placement.resource_id).first()
    if resource is None:
        return
    others = _visible_sites(resource.pk, exclude_placements={placement.pk, *(p.pk for p in together)})
    shown_here_before = bool(was_live) and resource.live
    _report(
        resource,
        [placement.site_id],
        was_visible=lambda site_id: site_id in others or shown_here_before,
        changed=True,
    )


def column_moved(column) -> None:
    """A column was moved: the links of every resource shown under it changed."""
    if not listening():
        return
    under = Placement.objects.filter(column__path__startswith=column.path)
    for placement in selectors.placements_shown().filter(pk__in=under.values("pk")).select_related("resource"):
        _report(placement.resource, [placement.site_id], was_visible=lambda site_id: True, changed=True)


def _event(report: _Report, now_visible: bool) -> str | None:
    if report.was_visible and not now_visible:
        return WebhookEvent.UNPUBLISHED
    if now_visible and not report.was_visible:
        return WebhookEvent.PUBLISHED
    if now_visible and report.changed:
        return WebhookEvent.UPDATED
    return None


def _payload(event: str, resource_id: int, site: SiteRecord, report: _Report) -> dict:
    body = {
        "event": str(event),
        "occurred_at": timezone.localtime(),
        "site": representation.site_ref(site),
    }
    if event == WebhookEvent.UNPUBLISHED:
        body["resource"] = {"id": resource_id, "type": report.type, "title": report.title}
    else:
        resource = Resource.objects.select_related("unit").get(pk=resource_id)
        placements = selectors.placements_of([resource]).get(resource_id, [])
        links = representation.SiteLinks(site)
        body["resource"] = {
            **representation.resource_summary(resource, placements, links, site=site),
            "placements": [representation.placement(p, links) for p in placements if p.site.pk == site.pk],
        }
    # Stored as JSON text's value, so what is sent is exactly what is logged.
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False))


def _flush(reports: dict[tuple[int, int], _Report]) -> None:
    subscriptions = list(WebhookSubscription.objects.filter(active=True).prefetch_related("sites"))
    if not subscriptions or not reports:
        return
    sites = SiteRecord.objects.select_related("site", "unit").in_bulk({site_id for _, site_id in reports})
    deliveries = []
    for (resource_id, site_id), report in reports.items():
        now_visible = selectors.placements_shown().filter(resource_id=resource_id, site_id=site_id).exists()
        event = _event(report, now_visible)
        receivers = [s for s in subscriptions if not s.sites.all() or any(x.pk == site_id for x in s.sites.all())]
        if event is None or not receivers or site_id not in sites:
            continue
        payload = _payload(event, resource_id, sites[site_id], report)
        deliveries += [
            WebhookDelivery(
                subscription=subscription,
                event=event,
                resource_id=resource_id,
                title=report.title[:255],
                site_id=site_id,
                payload=payload,
            )
            for subscription in receivers
        ]
    from .tasks import deliver

    for delivery in deliveries:
        delivery.save()
        deliver.enqueue(delivery.pk)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the delivery once: the receiver's status, or None and why not.
    A redirect counts as a failure: following it would turn the POST into a
    GET somewhere else."""
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    url = urllib.parse.urlsplit(delivery.subscription.url)
    connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    path = (url.path or "/") + (f"?{url.query}" if url.query else "")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "jdzgov-webhooks/1",
        SIGNATURE_HEADER: sign(delivery.subscription.secret, body),
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
    }
    try:
        connection = connection_class(url.hostname, url.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read(500).decode("utf-8", "replace")
        finally:
            connection.close()
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait before the next try after ``attempts`` failed ones: doubling."""
    return datetime.timedelta(seconds=settings.API_WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1))


def attempt(delivery_id: int) -> str:
    """Send one delivery once; on failure, schedule the next try."""
    from .tasks import deliver

    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
        return "skipped"
    status, answer = _post(delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status
    delivery.next_attempt_at = None
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.last_error = ""
    else:
        delivery.last_error = f"HTTP {status}: {answer}" if status else answer
        can_defer = deliver.get_backend().supports_defer
        if delivery.attempts < settings.API_WEBHOOK_MAX_ATTEMPTS and can_defer:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        else:
            delivery.status = DeliveryStatus.FAILED
            if not can_defer:
                delivery.last_error += "\n(任务后端不支持延时任务,未安排重试)"
    delivery.save()
    if delivery.status == DeliveryStatus.RETRYING:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status
