"""The API's part in what follows a change (``library.changes``): the
content version behind every ETag, bumped inside the writer's transaction,
and the webhooks, gathered per (resource, site) and decided on commit."""

from library.changes import Change, Consequence, Kind, subscribe, want_previous_state

from . import webhooks
from .conditional import content_changed


def _content_version(change: Change) -> None:
    content_changed()


def _webhooks(change: Change) -> None:
    match change.kind:
        case Kind.RESOURCE_PUBLISHED:
            webhooks.resource_published(change.instances[0])
        case Kind.RESOURCE_UNPUBLISHED:
            webhooks.resource_unpublished(change.instances[0])
        case Kind.RESOURCE_DELETED:
            webhooks.resource_deleting(change.instances[0])
        case Kind.PLACEMENT_MADE | Kind.PLACEMENT_CHANGED | Kind.PLACEMENT_REMOVED:
            for placement in change.instances:
                webhooks.placement_changed(placement, was_live=change.was_live, together=change.instances)
        case Kind.COLUMN_MOVED:
            webhooks.column_moved(change.instances[0])


def register():
    subscribe(Consequence.CONTENT_VERSION, _content_version)
    subscribe(Consequence.WEBHOOKS, _webhooks)
    # Whether a changed placement was live before decides publish vs. unpublish.
    want_previous_state(webhooks.listening)
