"""Signals for apps that attach permissions of their own to the roles
accounts keeps, so that this low layer never imports them."""

from django.dispatch import Signal

# Sent by roles.unit_roles_ensure, inside its transaction, with ``unit``,
# ``editors`` and ``reviewers`` (the unit's 编辑 and 审核 groups): the library
# grants them its pages on the unit's shelf.
unit_roles_ensured = Signal()

# Sent by roles.unit_review_stage_ensure with ``unit``, ``stage`` and
# ``group``, a further stage of the unit's own review.
unit_review_stage_ensured = Signal()
