"""Signals for apps that derive data from the library, such as search."""

from django.dispatch import Signal

# Sent by services.placements_create with ``placements``: its bulk insert
# sends no post_save.
placements_created = Signal()

# Sent by every publish of a resource, whatever the route, with ``resource``
# (the content about to go live) and ``user`` (None for scheduled
# publishing); a receiver refuses by raising exceptions.PublishingRefused.
resource_publishing = Signal()
