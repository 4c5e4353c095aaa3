"""A library resource rendered as the public sees it: inside a column of a
site, with that site's header, navigation and footer. Public pages and the
editors' preview render through the same function."""

from cluster.selectors import site_record_for_page

from ..models import PolicyDocument, PolicyInterpretation, SpecialTopic
from ..selectors import placement_links, website_of_unit


def resource_render(request, *, column, resource, placement=None, preview: bool = False):
    """``column`` is the column (or a site's home page) the page sits in;
    ``placement`` is None for a preview of a resource not yet placed there."""
    site = placement.site if placement is not None else site_record_for_page(column)
    return column.render(
        request,
        template=resource.get_template(request),
        context_overrides={
            "resource": resource,
            "placement": placement,
            "is_preview": preview,
            **_related(resource, site),
        },
    )


def _related(resource, site) -> dict:
    """What a resource's page links to: a document's interpretations, an
    interpretation's documents, a topic's items — each where it is shown."""
    # filter(live=True) rather than live(): a preview's many-to-many values
    # are modelcluster's in-memory querysets, which know only the former.
    if isinstance(resource, PolicyDocument):
        related = resource.interpretations.filter(live=True) if resource.pk else []
    elif isinstance(resource, PolicyInterpretation):
        related = resource.documents.filter(live=True)
    elif isinstance(resource, SpecialTopic):
        related = resource.items.filter(live=True).order_by("-first_published_at")
    else:
        return {}
    return {"related": placement_links(resources=related, site=site)}


def preview_render(request, *, resource):
    """预览: the resource on the site and in the column it is placed in, or
    else on its unit's website, before anyone outside sees it."""
    placement = resource.placements.select_related("column", "site").order_by("id").first() if resource.pk else None
    column = placement.column if placement else website_of_unit(unit=resource.unit).site.root_page.specific
    return resource_render(request, column=column, resource=resource, placement=placement, preview=True)
