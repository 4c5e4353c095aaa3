from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_selectors, permissions
from .admin_selectors import syndication_source
from .models import Resource, Submission
from .views.buttons import resource_buttons
from .views.deletion import confirm_placements
from .views.guide import EditorsGuideView
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


@hooks.register("before_copy_page")
def copy_resources_as_drafts(request, page):
    # A copy goes live like any entry, through 保密审查 and the vetting gate;
    # Wagtail's "publish copies" would put it live unvetted.
    if request.method == "POST" and request.POST.get("publish_copies") and isinstance(page.specific, Resource):
        messages.error(request, "信息资源的副本不能直接发布:请取消“发布副本”,复制后在编辑页确认保密审查再发布。")
        return redirect(request.get_full_path())
    return None


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


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("guide/", EditorsGuideView.as_view(), name="editors_guide")]


@hooks.register("register_help_menu_item")
def editors_guide_menu_item():
    return MenuItem("编辑指南", reverse("editors_guide"), name="editors-guide", icon_name="help", order=900)


@hooks.register("construct_help_menu")
def drop_wagtails_own_guides(request, menu_items):
    # Wagtail's editor guide and release notes are English pages about
    # Wagtail; editors here need this platform's guide instead.
    menu_items[:] = [
        item for item in menu_items if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


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
