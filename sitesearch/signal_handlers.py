"""What makes search entries stale: a resource published, unpublished or
deleted, a placement made, changed or removed, a column renamed, moved or
taken down. Each records what changed; when the transaction commits, one
background task brings the entries of everything recorded up to date."""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from cluster.models import ColumnPage
from library.models import RESOURCE_TYPES, Placement, Resource
from library.signals import placements_created

from .tasks import entries_refresh_task

_changed = threading.local()


def _changes() -> tuple[set[int], set[int]]:
    if not hasattr(_changed, "resources"):
        _changed.resources, _changed.columns = set(), set()
    return _changed.resources, _changed.columns


def _flush():
    resources, columns = _changes()
    if resources or columns:
        entries_refresh_task.enqueue(resource_ids=sorted(resources), column_ids=sorted(columns))
        resources.clear()
        columns.clear()


def _record(*, resource_ids=(), column_ids=()):
    resources, columns = _changes()
    resources.update(resource_ids)
    columns.update(column_ids)
    # One callback per change; the first to run after commit takes them all.
    transaction.on_commit(_flush)


def _resource_changed(instance, **kwargs):
    _record(resource_ids=[instance.pk])


def _placement_changed(instance, **kwargs):
    if not kwargs.get("raw"):
        _record(resource_ids=[instance.resource_id])


def _placements_created(placements, **kwargs):
    _record(resource_ids=[placement.resource_id for placement in placements])


def _column_changed(instance, **kwargs):
    _record(column_ids=[instance.pk])


def _page_moved(instance, **kwargs):
    if isinstance(instance.specific_deferred, ColumnPage):
        _column_changed(instance)


def register():
    for model in (Resource, *RESOURCE_TYPES):
        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(_resource_changed, sender=model, dispatch_uid=f"sitesearch-{model.__name__}-{id(signal)}")
    post_save.connect(_placement_changed, sender=Placement, dispatch_uid="sitesearch-placement-save")
    post_delete.connect(_placement_changed, sender=Placement, dispatch_uid="sitesearch-placement-delete")
    placements_created.connect(_placements_created, dispatch_uid="sitesearch-placements-created")
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_column_changed, sender=ColumnPage, dispatch_uid=f"sitesearch-column-{id(signal)}")
    post_page_move.connect(_page_moved, dispatch_uid="sitesearch-page-move")
