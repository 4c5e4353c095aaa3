"""Audit entries for placements, made, changed or removed, whichever route
they take (services, bulk inserts, the admin): the library records its own
changes in the audit log, which sits below it."""

from django.db.models.signals import post_delete, post_save

from audit.models import AuditAction
from audit.services import audit_record

from .models import Placement
from .signals import placements_created


def _placements_created(sender, placements, **kwargs):
    for placement in placements:
        audit_record(
            action=AuditAction.PLACEMENT_ADDED,
            obj=placement.resource,
            user=placement.created_by,
            column=placement.column.title,
            site=placement.site.domain,
            origin=placement.origin,
        )


def _placement_saved(sender, instance, created, update_fields=None, **kwargs):
    action = AuditAction.PLACEMENT_ADDED if created else AuditAction.PLACEMENT_CHANGED
    audit_record(
        action=action,
        obj=instance.resource,
        column=instance.column.title,
        site=instance.site.domain,
        fields=sorted(update_fields or []),
        live=instance.live,
        pinned=instance.pinned,
    )


def _placement_deleted(sender, instance, **kwargs):
    audit_record(
        action=AuditAction.PLACEMENT_REMOVED,
        obj=instance.resource,
        column=instance.column.title,
        site=instance.site.domain,
    )


def register():
    placements_created.connect(_placements_created, dispatch_uid="library-audit-placements-created")
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="library-audit-placement-saved")
    post_delete.connect(_placement_deleted, sender=Placement, dispatch_uid="library-audit-placement-deleted")
