"""ETag and Last-Modified of every API response, known before the response
is built: one indexed read of the content version, the newest placement
(placements are also inserted in bulk, which sends no signal) and, for
drafts, the newest revision. A client holding a current copy gets its 304
without any other query.

The validators cover the whole cluster rather than each response: a change
anywhere makes every cached response stale. Publishing is rare next to
reading, so the cost is a few extra full responses after each change."""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import F, Subquery
from django.utils import timezone
from django.views.decorators.http import condition
from wagtail.models import Revision

from library.models import Placement

from .models import ContentVersion


def content_changed() -> None:
    """Mark everything the API shows as changed, inside the writer's
    transaction so the new version is seen exactly when the change is."""
    now = timezone.now()
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


@dataclass(frozen=True)
class ContentState:
    version: int
    changed_at: datetime.datetime
    newest_placement: int
    newest_revision: int | None

    @property
    def last_modified(self) -> datetime.datetime:
        # Notices expire at midnight without any write, so no response is
        # older than the start of today.
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return max(self.changed_at, today)

    def etag(self, *parts: str) -> str:
        key = "|".join(
            map(str, (self.version, self.newest_placement, self.newest_revision, timezone.localdate(), *parts))
        )
        return hashlib.sha256(key.encode()).hexdigest()[:32]


def content_state(*, drafts: bool = False) -> ContentState:
    newest = Placement.objects.order_by("-id")
    placement = {
        "newest_placement": Subquery(newest.values("id")[:1]),
        "newest_placement_at": Subquery(newest.values("created_at")[:1]),
    }
    revision = {"newest_revision": Subquery(Revision.objects.order_by("-id").values("id")[:1])} if drafts else {}
    query = (
        ContentVersion.objects.filter(pk=1)
        .annotate(**placement, **revision)
        .values("version", "changed_at", *placement, *revision)
    )
    row = query.first()
    if row is None:
        # The row is made by the migration; recreate it if someone deleted it.
        content_changed()
        row = query.first()
    changed_at = max(filter(None, (row["changed_at"], row["newest_placement_at"])))
    return ContentState(
        version=row["version"],
        changed_at=changed_at,
        newest_placement=row["newest_placement"] or 0,
        newest_revision=row.get("newest_revision"),
    )


def request_content_state(request) -> ContentState:
    """The content state a request is answered from, read once per request."""
    if not hasattr(request, "_api_content_state"):
        request._api_content_state = content_state(drafts=getattr(request, "api_drafts", False))
    return request._api_content_state


def _etag(request, *args, **kwargs) -> str:
    # The body depends on the host (absolute URLs), the query and whether
    # drafts were shown.
    tier = "drafts" if getattr(request, "api_drafts", False) else "public"
    return request_content_state(request).etag(tier, request.get_host(), request.get_full_path())


def _last_modified(request, *args, **kwargs) -> datetime.datetime:
    return request_content_state(request).last_modified


conditional = condition(etag_func=_etag, last_modified_func=_last_modified)
"""Answer conditional GETs with 304 and stamp ETag and Last-Modified."""
