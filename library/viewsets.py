"""The library in the admin menu: 信息资源库 › 资源库, 信息报送, 我的报送."""

from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import permissions
from .admin_selectors import submissions_visible_to
from .models import Submission
from .views.placing import PLACEMENT_CHANGES, PlacementDeleteView, PlacementUpdateView, PlaceView, SyndicateView
from .views.resources import ResourceIndexView
from .views.submission_snippets import SubmissionChooserViewSet, submission_guard
from .views.submissions import MySubmissionsView, PrintView, ReviewIndexView, ReviewView, SubmitView


class UnitMenuItem(MenuItem):
    """For accounts that publish for a unit, and for the operator."""

    def is_shown(self, request):
        return request.user.is_superuser or request.user.unit_id is not None


class ReviewerMenuItem(MenuItem):
    """For the reviewers of submissions (信息报送)."""

    def is_shown(self, request):
        return permissions.user_reviews_submissions(request.user)


class ResourceViewSet(ViewSet):
    name = "library"
    icon = "folder-open-inverse"
    menu_label = "资源库"
    menu_item_class = UnitMenuItem

    def get_urlpatterns(self):
        return [
            path("", ResourceIndexView.as_view(), name="index"),
            path("results/", ResourceIndexView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/place/", PlaceView.as_view(), name="place"),
            path("<int:pk>/syndicate/", SyndicateView.as_view(), name="syndicate"),
            path("<int:pk>/submit/", SubmitView.as_view(), name="submit"),
            *(
                path(
                    f"placements/<int:pk>/{action.replace('_', '-')}/",
                    PlacementUpdateView.as_view(changes=changes, success_message=message),
                    name=f"placement_{action}",
                )
                for action, (changes, message) in PLACEMENT_CHANGES.items()
            ),
            path("placements/<int:pk>/remove/", PlacementDeleteView.as_view(), name="placement_delete"),
        ]


class ReviewViewSet(ViewSet):
    name = "library_review"
    url_prefix = "library/review"
    icon = "tasks"
    menu_label = "信息报送"
    menu_item_class = ReviewerMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReviewIndexView.as_view(), name="index"),
            path("results/", ReviewIndexView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", ReviewView.as_view(), name="review"),
            path("<int:pk>/print/", PrintView.as_view(), name="print"),
        ]


class MySubmissionsViewSet(ViewSet):
    name = "library_mine"
    url_prefix = "library/mine"
    icon = "upload"
    menu_label = "我的报送"
    menu_item_class = UnitMenuItem

    def get_urlpatterns(self):
        return [
            path("", MySubmissionsView.as_view(), name="index"),
            path("results/", MySubmissionsView.as_view(results_only=True), name="index_results"),
        ]


class LibraryViewSetGroup(ViewSetGroup):
    menu_label = "信息资源库"
    menu_icon = "folder-inverse"
    # Right after 页面 (Pages), before images and documents.
    menu_order = 150
    items = (ResourceViewSet, ReviewViewSet, MySubmissionsViewSet)


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """A submission is made from its resource (报送), never from a blank
    form, and only the submitting unit edits it — when review sends it back.
    Reviewers reach it through their workflow stage, not this policy."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "view":
            return permissions.user_can_view_submission(user, instance)
        if action == "change":
            return permissions.user_can_edit_submission(user, instance)
        return user.is_superuser

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances & submissions_visible_to(user)


class SubmissionSnippetViewSet(SnippetViewSet):
    """The submission's own editor, where Wagtail shows its workflow: the
    submitter corrects a returned form and resubmits it there."""

    model = Submission
    icon = "upload"
    add_to_admin_menu = False
    list_display = ["resource", "column", "unit", "status", "submitted_at"]
    chooser_viewset_class = SubmissionChooserViewSet

    def get_queryset(self, request):
        return submissions_visible_to(request.user)

    def get_urlpatterns(self):
        return decorate_urlpatterns(super().get_urlpatterns(), submission_guard)
