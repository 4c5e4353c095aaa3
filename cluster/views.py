"""Public rendering of columns and of the resources placed in them."""

from django.http import Http404
from django.shortcuts import redirect

from library import selectors as library
from library.models import LinkResource, PolicyDocument, PolicyInterpretation, SpecialTopic


def column_index(request, column):
    tree = column.get_context(request)["column_tree"]
    has_children = bool(tree.children(column.path))
    return column.render(
        request,
        context_overrides={
            "listing": library.column_listing(column=column, page_number=request.GET.get("page")),
            "previews": library.section_previews(parent=column) if has_children else {},
        },
    )


def column_detail(request, column, resource_id: int):
    placement = library.placement_for_page(column=column, resource_id=resource_id)
    if placement is None:
        raise Http404("该信息不存在或已撤下。")
    resource = library.resource_for_page(placement.resource)
    if isinstance(resource, LinkResource):
        return redirect(resource.url)
    return column.render(
        request,
        template=resource.get_template(request),
        context_overrides={"resource": resource, "placement": placement, **_related(resource, placement)},
    )


def _related(resource, placement) -> dict:
    """What a resource's page links to: a document's interpretations, an
    interpretation's documents, a topic's items — each where it is shown."""
    if isinstance(resource, PolicyDocument):
        related = resource.interpretations.live()
    elif isinstance(resource, PolicyInterpretation):
        related = resource.documents.live()
    elif isinstance(resource, SpecialTopic):
        related = resource.items.live().order_by("-first_published_at")
    else:
        return {}
    return {"related": library.placement_links(resources=related, site=placement.site)}
