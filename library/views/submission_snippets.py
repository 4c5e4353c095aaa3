"""Per-submission access in Wagtail's snippet admin for submissions (附件2).

Wagtail's generic snippet views only ask whether the user may change
submissions at all; a unit's editors may, for their own. Every view that
opens one submission (edit, history, usage, revisions, workflow, chooser) is
therefore guarded here by the submission itself: another unit's is not found,
and saving it is refused unless the submitting unit is correcting a returned
form."""

import functools

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404, redirect
from wagtail.snippets.views import chooser

from .. import permissions
from ..admin_selectors import submissions_visible_to

# Views that write the submission's form on POST; the rest either only read
# it or need permissions a unit's editors do not hold (delete, publish, lock).
_EDITING_VIEWS = {"edit", "revisions_revert"}


def submission_guard(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if "pk" in kwargs:
            submission = get_object_or_404(submissions_visible_to(request.user), pk=unquote(str(kwargs["pk"])))
            if request.resolver_match.url_name in _EDITING_VIEWS and not permissions.user_can_edit_submission(
                request.user, submission
            ):
                # Show the form as submitted instead, saying why it cannot change.
                messages.error(request, "报送的申请审核表只能由报送单位在审核退回后修改。")
                return redirect("library_review:print", submission.pk)
        return view(request, *args, **kwargs)

    return guarded


class _VisibleSubmissions:
    def get_object_list(self):
        return submissions_visible_to(self.request.user)

    def get_object(self, pk):
        return submissions_visible_to(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return submissions_visible_to(self.request.user).filter(pk__in=pks)


class ChooseView(_VisibleSubmissions, chooser.ChooseView):
    pass


class ChooseResultsView(_VisibleSubmissions, chooser.ChooseResultsView):
    pass


class ChosenView(_VisibleSubmissions, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(_VisibleSubmissions, chooser.SnippetChosenMultipleView):
    pass


class SubmissionChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
