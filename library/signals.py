"""Signals for apps that derive data from the library, such as search."""

from django.dispatch import Signal

# Sent by services.placements_create with ``placements``: its bulk insert
# sends no post_save.
placements_created = Signal()
