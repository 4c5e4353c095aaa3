"""Search's part in what follows a change (``library.changes``): each change
whose consequences include the search entries records the resources and
columns it touched; when the transaction commits, one background task
brings the entries of everything recorded up to date."""

import threading

from django.db import transaction

from library.changes import Change, Consequence, Kind, subscribe

from .tasks import entries_refresh_task

_changed = threading.local()

# Changes to columns refresh every resource placed under them.
_COLUMN_KINDS = {Kind.COLUMN_CREATED, Kind.COLUMN_RENAMED, Kind.COLUMN_MOVED, Kind.COLUMN_REMOVED}


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


def _search_entries(change: Change) -> None:
    if change.raw:
        return
    if change.kind in _COLUMN_KINDS:
        _record(column_ids=change.column_ids)
    else:
        _record(resource_ids=change.resource_ids)


def register():
    subscribe(Consequence.SEARCH_ENTRIES, _search_entries)
