from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_selectors, permissions
from .admin_selectors import syndication_source
from .models import Resource, Submission
from .views.buttons import resource_buttons
from .views.deletion import confirm_placements
from .viewsets import LibraryViewSetGroup, SubmissionPermissionPolicy, SubmissionSnippetViewSet

register_permission_policy(Submission, SubmissionPermissionPolicy(Submission))
register_snippet(SubmissionSnippetViewSet)


@hooks.register("register_admin_viewset")
def register_library_viewsets():
    return LibraryViewSetGroup()


@hooks.register("register_page_header_buttons")
def resource_header_buttons(page, user, view_name, next_url=None):
    if not isinstance(page, Resource):
        return []
    source = syndication_source(page)
    can_syndicate = source is not None and permissions.user_can_syndicate(user, source.site)
    return resource_buttons(page, user, can_syndicate=can_syndicate)


@hooks.register("register_page_listing_more_buttons")
def resource_listing_buttons(page, user, next_url=None):
    # 转载 is left to the edit view: knowing whether it applies takes a query per row.
    if not isinstance(page, Resource):
        return []
    return resource_buttons(page, user, next_url=next_url)


@hooks.register("before_delete_page")
def confirm_deleting_placed_resource(request, page):
    if isinstance(page, Resource):
        return confirm_placements(request, [page], action_url=request.get_full_path(), usage_of=page)
    return None


@hooks.register("before_bulk_action")
def confirm_bulk_deleting_placed_resources(request, action_type, objects, action_class_instance):
    # Bulk actions hand over plain pages, and skip before_delete_page.
    if action_type != "delete" or not issubclass(action_class_instance.model, Page):
        return None
    resources = list(Resource.objects.filter(pk__in=[page.pk for page in objects]))
    if resources:
        return confirm_placements(request, resources, action_url=request.get_full_path())
    return None


@hooks.register("construct_page_chooser_queryset")
def choose_from_own_pages(pages, request):
    """A unit chooses among its own shelf and columns, reached through the
    pages above them; other units' drafts stay out of sight."""
    if admin_selectors.user_sees_all_activity(request.user):
        return pages
    return pages.filter(pk__in=admin_selectors.pages_to_browse(request.user).values("pk"))


@hooks.register("construct_reports_menu")
def hide_cluster_reports(request, menu_items):
    if not admin_selectors.user_sees_all_activity(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
