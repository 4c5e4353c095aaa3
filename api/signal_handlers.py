from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cluster.models import ColumnPage, ColumnSource, ColumnUnit, SiteHomePage, SiteRecord
from library.models import GuideForm, Placement, Resource, ResourceAttachment
from library.signals import placements_created
from units.models import OrgUnit

from . import webhooks
from .conditional import content_changed

# Rows whose change alters what the API, the feeds or the sitemaps show.
SHOWN_MODELS = (
    # Columns are created and renamed live, without a publish.
    ColumnPage,
    SiteHomePage,
    Placement,
    SiteRecord,
    Site,
    OrgUnit,
    ColumnUnit,
    ColumnSource,
    ResourceAttachment,
    GuideForm,
)


def _changed(**kwargs):
    content_changed()


def _published(sender, instance, **kwargs):
    content_changed()
    if isinstance(instance, Resource):
        webhooks.resource_published(instance)


def _unpublished(sender, instance, **kwargs):
    content_changed()
    if isinstance(instance, Resource):
        webhooks.resource_unpublished(instance)


def _resource_deleting(sender, instance, **kwargs):
    webhooks.resource_deleting(instance)


def _placement_saving(sender, instance, **kwargs):
    if not webhooks.listening():
        return
    # What the public saw before this save decides publish vs. unpublish.
    instance._was_live = bool(
        instance.pk and Placement.objects.filter(pk=instance.pk).values_list("live", flat=True).first()
    )


def _placement_saved(sender, instance, **kwargs):
    webhooks.placement_changed(instance, was_live=getattr(instance, "_was_live", False))


def _placements_created(sender, placements, **kwargs):
    content_changed()
    for placement in placements:
        webhooks.placement_changed(placement, was_live=False)


def _placement_deleted(sender, instance, **kwargs):
    webhooks.placement_changed(instance, was_live=instance.live)


def register():
    for model in (*SHOWN_MODELS, get_document_model(), get_image_model()):
        post_save.connect(_changed, sender=model, dispatch_uid=f"api-changed-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"api-changed-delete-{model._meta.label}")
    # Deleting a page of any type deletes its row in Page as well.
    post_delete.connect(_changed, sender=Page, dispatch_uid="api-changed-page-delete")
    post_page_move.connect(_changed, dispatch_uid="api-changed-page-move")
    page_published.connect(_published, dispatch_uid="api-published")
    page_unpublished.connect(_unpublished, dispatch_uid="api-unpublished")
    pre_delete.connect(_resource_deleting, sender=Resource, dispatch_uid="api-resource-deleting")
    pre_save.connect(_placement_saving, sender=Placement, dispatch_uid="api-placement-saving")
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="api-placement-saved")
    placements_created.connect(_placements_created, sender=Placement, dispatch_uid="api-placements-created")
    post_delete.connect(_placement_deleted, sender=Placement, dispatch_uid="api-placement-deleted")
