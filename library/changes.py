"""What counts as a change to what the public sees, and what follows from
each kind: the one table the apps that derive data from the library share.

The raw Django and Wagtail signals (saves, deletes, publishes, moves, the
bulk ``placements_created``) are translated here, once, into ``Change``
records. What follows a change is declared in ``FOLLOWS``; each consequence
has receivers registered by the app that carries it out (``subscribe``, in
its ready()): the content version of the API, search entries, webhooks, and
the page cache. Receivers run synchronously, inside the writer's
transaction; what must wait for the commit waits in the receiver.

This module imports nothing above the library; the apps above register
with it."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cluster.models import ColumnPage, ColumnSource, ColumnUnit, SiteHomePage, SiteRecord
from units.models import OrgUnit

from .models import GuideForm, Placement, Resource, ResourceAttachment
from .signals import placements_created


class Kind(StrEnum):
    RESOURCE_PUBLISHED = "resource.published"
    RESOURCE_UNPUBLISHED = "resource.unpublished"
    # Sent before the rows go, so receivers can still see where it was shown.
    RESOURCE_DELETED = "resource.deleted"
    RESOURCE_MOVED = "resource.moved"
    # One or many (placements_create inserts in bulk).
    PLACEMENT_MADE = "placement.made"
    PLACEMENT_CHANGED = "placement.changed"
    PLACEMENT_REMOVED = "placement.removed"
    COLUMN_CREATED = "column.created"
    # Any later save of a column (they are saved live, without a publish):
    # its title, its units (ColumnUnit) or aggregation sources (ColumnSource).
    COLUMN_RENAMED = "column.renamed"
    COLUMN_MOVED = "column.moved"
    # Unpublished or deleted.
    COLUMN_REMOVED = "column.removed"
    # A site record, Wagtail site or site home page saved or deleted; any
    # other page outside the library and the column trees.
    SITE_CHANGED = "site.changed"
    UNIT_CHANGED = "unit.changed"
    # An image, a document, or a resource's attachment or service-guide form.
    MEDIA_CHANGED = "media.changed"


class Consequence(StrEnum):
    CONTENT_VERSION = "content_version"  # api.conditional: ETags and Last-Modified
    SEARCH_ENTRIES = "search_entries"  # sitesearch.services.entries_refresh
    WEBHOOKS = "webhooks"  # api.webhooks
    PAGE_CACHE = "page_cache"  # rendered pages; no receiver yet


_RESOURCE_EVENTS = {Consequence.CONTENT_VERSION, Consequence.SEARCH_ENTRIES, Consequence.WEBHOOKS}
_COLUMN_TREE = {Consequence.CONTENT_VERSION, Consequence.SEARCH_ENTRIES, Consequence.PAGE_CACHE}
_SHOWN_ONLY = {Consequence.CONTENT_VERSION, Consequence.PAGE_CACHE}

FOLLOWS: dict[Kind, frozenset[Consequence]] = {
    Kind.RESOURCE_PUBLISHED: frozenset(_RESOURCE_EVENTS | {Consequence.PAGE_CACHE}),
    Kind.RESOURCE_UNPUBLISHED: frozenset(_RESOURCE_EVENTS | {Consequence.PAGE_CACHE}),
    Kind.RESOURCE_DELETED: frozenset(_RESOURCE_EVENTS | {Consequence.PAGE_CACHE}),
    # Resources live under the library root; their URLs come from placements.
    Kind.RESOURCE_MOVED: frozenset(_SHOWN_ONLY),
    Kind.PLACEMENT_MADE: frozenset(_RESOURCE_EVENTS | {Consequence.PAGE_CACHE}),
    Kind.PLACEMENT_CHANGED: frozenset(_RESOURCE_EVENTS | {Consequence.PAGE_CACHE}),
    Kind.PLACEMENT_REMOVED: frozenset(_RESOURCE_EVENTS | {Consequence.PAGE_CACHE}),
    # A new column holds nothing yet.
    Kind.COLUMN_CREATED: frozenset(_SHOWN_ONLY),
    Kind.COLUMN_RENAMED: frozenset(_COLUMN_TREE),
    # Subscribers learn the new links of the resources shown there.
    Kind.COLUMN_MOVED: frozenset(_COLUMN_TREE | {Consequence.WEBHOOKS}),
    # The API still shows what a column held after it is unpublished
    # (placements_public() ignores the column's state), so there is nothing
    # to tell subscribers yet; search drops those entries.
    Kind.COLUMN_REMOVED: frozenset(_COLUMN_TREE),
    # Site status and archiving are read when searching, not stored.
    Kind.SITE_CHANGED: frozenset(_SHOWN_ONLY),
    # Entries hold the unit's id, not its names.
    Kind.UNIT_CHANGED: frozenset(_SHOWN_ONLY),
    Kind.MEDIA_CHANGED: frozenset(_SHOWN_ONLY),
}


@dataclass(frozen=True)
class Change:
    kind: Kind
    resource_ids: tuple[int, ...] = ()
    site_ids: tuple[int, ...] = ()
    column_ids: tuple[int, ...] = ()
    # The rows concerned: the resource, the placements, the column, …
    instances: tuple = ()
    # For a placement changed or removed: whether it was placed live before.
    was_live: bool = False
    # Saved while loading fixtures.
    raw: bool = False

    @property
    def follows(self) -> frozenset[Consequence]:
        return FOLLOWS[self.kind]


# Sent with ``change`` for every change, after its consequences' receivers.
changed = Signal()

_receivers: dict[Consequence, list[Callable[[Change], None]]] = {c: [] for c in Consequence}
_previous_state_wanted: list[Callable[[], bool]] = []


def subscribe(consequence: Consequence, receiver: Callable[[Change], None]) -> None:
    """Have ``receiver`` carry out ``consequence`` for every change it follows."""
    if receiver not in _receivers[consequence]:
        _receivers[consequence].append(receiver)


def receivers(consequence: Consequence) -> list[Callable[[Change], None]]:
    return list(_receivers[consequence])


def want_previous_state(predicate: Callable[[], bool]) -> None:
    """Ask for a placement's state before it is saved (``Change.was_live``)
    whenever ``predicate`` says so: one read per save, skipped when no one
    would use it."""
    if predicate not in _previous_state_wanted:
        _previous_state_wanted.append(predicate)


def report(change: Change) -> None:
    """Carry out everything that follows ``change``."""
    for consequence in Consequence:
        if consequence in change.follows:
            for receiver in _receivers[consequence]:
                receiver(change)
    changed.send(sender=Change, change=change)


# Translation of the raw signals: the one place that says what a change is.


def _resource_change(kind: Kind, resource) -> Change:
    return Change(kind, resource_ids=(resource.pk,), instances=(resource,))


def _column_change(kind: Kind, column, *, raw=False) -> Change:
    return Change(kind, column_ids=(column.pk,), instances=(column,), raw=raw)


def _placement_change(kind: Kind, placements, *, was_live=False, raw=False) -> Change:
    return Change(
        kind,
        resource_ids=tuple(dict.fromkeys(p.resource_id for p in placements)),
        site_ids=tuple(dict.fromkeys(p.site_id for p in placements)),
        column_ids=tuple(dict.fromkeys(p.column_id for p in placements)),
        instances=tuple(placements),
        was_live=was_live,
        raw=raw,
    )


def _published(sender, instance, **kwargs):
    if isinstance(instance, Resource):
        report(_resource_change(Kind.RESOURCE_PUBLISHED, instance))
    elif not isinstance(instance, ColumnPage):
        # A column's publish is also a save, reported below.
        report(Change(Kind.SITE_CHANGED, instances=(instance,)))


def _unpublished(sender, instance, **kwargs):
    if isinstance(instance, Resource):
        report(_resource_change(Kind.RESOURCE_UNPUBLISHED, instance))
    elif isinstance(instance, ColumnPage):
        report(_column_change(Kind.COLUMN_REMOVED, instance))
    else:
        report(Change(Kind.SITE_CHANGED, instances=(instance,)))


def _resource_deleting(sender, instance, **kwargs):
    report(_resource_change(Kind.RESOURCE_DELETED, instance))


def _page_deleted(sender, instance, **kwargs):
    # Resources were reported before their rows went, columns below.
    if not issubclass(instance.specific_class or Page, (Resource, ColumnPage)):
        report(Change(Kind.SITE_CHANGED, instances=(instance,)))


def _page_moved(sender, instance, **kwargs):
    page = instance.specific_deferred
    if isinstance(page, Resource):
        report(_resource_change(Kind.RESOURCE_MOVED, page))
    elif isinstance(page, ColumnPage):
        report(_column_change(Kind.COLUMN_MOVED, page))
    else:
        # A moved subtree may carry columns: the whole site changed.
        report(Change(Kind.SITE_CHANGED, instances=(page,)))


def _column_saved(sender, instance, created=False, raw=False, **kwargs):
    report(_column_change(Kind.COLUMN_CREATED if created else Kind.COLUMN_RENAMED, instance, raw=raw))


def _column_deleted(sender, instance, **kwargs):
    report(_column_change(Kind.COLUMN_REMOVED, instance))


def _column_part_changed(sender, instance, raw=False, **kwargs):
    report(Change(Kind.COLUMN_RENAMED, column_ids=(instance.column_id,), instances=(instance,), raw=raw))


def _placement_saving(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw and any(wanted() for wanted in _previous_state_wanted):
        instance._was_live = bool(Placement.objects.filter(pk=instance.pk).values_list("live", flat=True).first())


def _placement_saved(sender, instance, created=False, raw=False, **kwargs):
    kind = Kind.PLACEMENT_MADE if created else Kind.PLACEMENT_CHANGED
    report(_placement_change(kind, [instance], was_live=getattr(instance, "_was_live", False), raw=raw))


def _placements_created(sender, placements, **kwargs):
    if placements:
        report(_placement_change(Kind.PLACEMENT_MADE, list(placements)))


def _placement_deleted(sender, instance, **kwargs):
    report(_placement_change(Kind.PLACEMENT_REMOVED, [instance], was_live=instance.live))


def _simple(kind: Kind) -> Callable:
    def handler(sender, instance, raw=False, **kwargs):
        report(Change(kind, instances=(instance,), raw=raw))

    handler.__name__ = f"_{kind.name.lower()}"
    return handler


_site_changed = _simple(Kind.SITE_CHANGED)
_unit_changed = _simple(Kind.UNIT_CHANGED)
_media_changed = _simple(Kind.MEDIA_CHANGED)


def register():
    uid = "library-changes"
    page_published.connect(_published, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(_unpublished, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid=f"{uid}-moved")
    pre_delete.connect(_resource_deleting, sender=Resource, dispatch_uid=f"{uid}-resource-deleting")
    # Deleting a page of any type deletes its row in Page as well.
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid=f"{uid}-page-deleted")

    post_save.connect(_column_saved, sender=ColumnPage, dispatch_uid=f"{uid}-column-saved")
    post_delete.connect(_column_deleted, sender=ColumnPage, dispatch_uid=f"{uid}-column-deleted")
    for model in (ColumnUnit, ColumnSource):
        for signal in (post_save, post_delete):
            signal.connect(_column_part_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-{id(signal)}")

    pre_save.connect(_placement_saving, sender=Placement, dispatch_uid=f"{uid}-placement-saving")
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid=f"{uid}-placement-saved")
    placements_created.connect(_placements_created, sender=Placement, dispatch_uid=f"{uid}-placements-created")
    post_delete.connect(_placement_deleted, sender=Placement, dispatch_uid=f"{uid}-placement-deleted")

    for kind_handler, models in (
        (_site_changed, (SiteRecord, Site, SiteHomePage)),
        (_unit_changed, (OrgUnit,)),
        (_media_changed, (get_image_model(), get_document_model(), ResourceAttachment, GuideForm)),
    ):
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(kind_handler, sender=model, dispatch_uid=f"{uid}-{model._meta.label}-{id(signal)}")
