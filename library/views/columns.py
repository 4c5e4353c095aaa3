"""Public rendering of a site's home page and columns with the resources
placed in them; ``cluster`` routes to these views through
``cluster.public_views``, filled in by ``library.apps``."""

from django.http import Http404
from django.shortcuts import redirect

from library import selectors as library
from library.models import LinkResource
from library.views.public import resource_render


def home_index(request, home):
    return home.render(request, context_overrides={"previews": library.section_previews(parent=home)})


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
    return resource_render(request, column=column, resource=resource, placement=placement)
