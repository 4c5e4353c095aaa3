from django.db.models.signals import post_delete, post_save
from wagtail.models import Site
from wagtail.signals import page_unpublished, post_page_move

from core import cache as generational
from units.models import OrgUnit

from .models import ColumnPage, SiteRecord
from .routing import NAMESPACE
from .services import site_names_follow_unit


def _registry_changed(**kwargs):
    generational.bump(NAMESPACE)


def _unit_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        site_names_follow_unit(unit=instance)


def register():
    for model in (Site, SiteRecord, OrgUnit):
        post_save.connect(_registry_changed, sender=model, dispatch_uid=f"cluster-registry-save-{model.__name__}")
        post_delete.connect(_registry_changed, sender=model, dispatch_uid=f"cluster-registry-delete-{model.__name__}")
    post_save.connect(_unit_saved, sender=OrgUnit, dispatch_uid="cluster-site-names-follow-unit")
    # Any save, not only a publish: columns may be created live directly.
    for signal in (post_save, page_unpublished, post_delete):
        signal.connect(_registry_changed, sender=ColumnPage, dispatch_uid=f"cluster-columns-{id(signal)}")
    # Moves are rare and may carry columns inside a moved subtree.
    post_page_move.connect(_registry_changed, dispatch_uid="cluster-columns-move")
