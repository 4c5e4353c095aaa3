from library.signals import resource_publishing

from .services import publication_check


def _check(sender, resource, user=None, **kwargs):
    publication_check(resource=resource, user=user)


def register():
    resource_publishing.connect(_check, dispatch_uid="review-publication-check")
