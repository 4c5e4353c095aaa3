"""Where a resource is shown: its page under each column it is placed in."""


def placement_path(column_url_path: str, resource_id: int) -> str:
    return f"{column_url_path}{resource_id}/"


def origin_placement(resource):
    """The placement a resource's canonical URL points at: the first live
    placement on its own unit's website, else its first live placement."""
    placements = resource.placements.filter(live=True).select_related("column", "site").order_by("id")
    own_site = [p for p in placements if p.site.unit_id == resource.unit_id]
    return own_site[0] if own_site else next(iter(placements), None)


def origin_url_parts(resource, request=None):
    # A resource being entered has no placement yet, so no URL.
    placement = origin_placement(resource) if resource.pk else None
    if placement is None:
        return None
    parts = placement.column.get_url_parts(request)
    if not parts or parts[2] is None:
        return parts
    site_id, root_url, column_path = parts
    return site_id, root_url, placement_path(column_path, resource.pk)
