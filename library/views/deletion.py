"""Deleting resources that are still used in columns: Wagtail's delete view
and its bulk delete ask these first (before_delete_page, before_bulk_action)."""

from itertools import groupby

from django.shortcuts import render
from django.urls import reverse
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import ReferenceIndex

from ..admin_selectors import placement_rows
from ..models import Placement

CONFIRM_FIELD = "confirm_placements"


def confirm_placements(request, resources, *, action_url: str, usage_of=None):
    """While any of ``resources`` is placed somewhere, answer with the list of
    their placements and a confirmation box, posting back to ``action_url``
    with whatever the request posted (again on a POST without the box). Once
    it is ticked, return None and let Wagtail delete, which takes the
    resources out of every column."""
    if request.method == "POST" and request.POST.get(CONFIRM_FIELD):
        return None
    rows = placement_rows(
        Placement.objects.filter(resource__in=[r.pk for r in resources]), user=request.user, request=request
    )
    if not rows:
        return None
    titles = {resource.pk: resource.get_admin_display_title() for resource in resources}
    context = {
        "groups": [
            (titles[resource_id], list(group))
            for resource_id, group in groupby(rows, key=lambda row: row.placement.resource_id)
        ],
        "placement_count": len(rows),
        "site_count": len({row.placement.site_id for row in rows}),
        "action_url": action_url,
        "carried": [
            (name, value)
            for name in request.POST
            if name not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
            for value in request.POST.getlist(name)
        ],
        "next": get_valid_next_url_from_request(request),
        "confirm_field": CONFIRM_FIELD,
        "not_confirmed": request.method == "POST",
        "subtitle": titles[resources[0].pk] if len(resources) == 1 else f"{len(resources)} 条信息",
    }
    if usage_of is not None:
        # This page stands in for Wagtail's own confirmation: say what it would
        # about references (e.g. 政策解读 linked to this document).
        usage = ReferenceIndex.get_references_to(usage_of).group_by_source_object()
        context.update(
            model_opts=usage_of._meta,
            usage_count=usage.count(),
            usage_url=reverse("wagtailadmin_pages:usage", args=[usage_of.pk]) + "?describe_on_delete=1",
            is_protected=usage.is_protected,
        )
    return render(request, "library/admin/confirm_delete.html", context)
