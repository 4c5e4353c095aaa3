"""A submission's fate follows its Wagtail workflow, whichever admin screen
the reviewers act from: published means accepted, sent back means rejected."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import TaskState
from wagtail.signals import published, task_submitted, workflow_rejected

from accounts.roles import grant_pages
from accounts.signals import unit_review_stage_ensured, unit_roles_ensured

from .models import Submission, SubmissionStatus
from .services import submission_accepted, submission_resubmitted, submission_returned, unit_library


def _published(sender, instance, **kwargs):
    last = (
        TaskState.objects.filter(workflow_state__in=instance.workflow_states, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    submission_accepted(submission=instance, user=last.finished_by if last else None)


def _is_submission(workflow_state) -> bool:
    # Every workflow sends these signals (the units' page reviews too): tell
    # by content type, from Django's cache, before loading the object.
    return workflow_state.base_content_type_id == ContentType.objects.get_for_model(Submission).pk


def _rejected(sender, instance, user=None, **kwargs):
    if _is_submission(instance):
        task_state = instance.current_task_state
        reason = task_state.comment if task_state else ""
        submission_returned(submission=instance.content_object, user=user, reason=reason)


def _task_submitted(sender, instance, **kwargs):
    if not _is_submission(instance.workflow_state):
        return
    submission = instance.workflow_state.content_object
    if submission.status == SubmissionStatus.REJECTED:
        submission_resubmitted(submission=submission)


def _unit_roles_ensured(sender, unit, editors, reviewers, **kwargs):
    """A unit's 编辑 enter and edit on its shelf; its 审核 also publish."""
    shelf = unit_library(unit)
    grant_pages(editors, shelf, ["add_page", "change_page"])
    grant_pages(reviewers, shelf, ["add_page", "change_page", "publish_page"])


def _unit_review_stage_ensured(sender, unit, group, **kwargs):
    grant_pages(group, unit_library(unit), ["change_page", "publish_page"])


def register():
    unit_roles_ensured.connect(_unit_roles_ensured, dispatch_uid="library-unit-roles-shelf")
    unit_review_stage_ensured.connect(_unit_review_stage_ensured, dispatch_uid="library-unit-review-stage-shelf")
    published.connect(_published, sender=Submission, dispatch_uid="library-submission-published")
    workflow_rejected.connect(_rejected, dispatch_uid="library-submission-rejected")
    task_submitted.connect(_task_submitted, dispatch_uid="library-submission-resubmitted")
