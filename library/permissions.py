"""Who may use a resource in which column: the one policy that admin views,
the API and commands all ask (least privilege, 第十三条(三))."""

from cluster.models import ColumnPage, ColumnUnit, GuaranteeMode, UnitRole
from units.models import OrgUnit, UnitKind

from .models import PlacementOrigin, SubmissionStatus

# Columns filled by other means: review of submissions (信息报送) and a fixed link.
_NOT_DIRECTLY_PLACEABLE = {GuaranteeMode.SUBMISSION, GuaranteeMode.LINK}


def unit_is_responsible(unit, column: ColumnPage) -> bool:
    """Whether ``unit`` is among the column's 内容保障单位 (lead or cooperating,
    directly or as a member of a collective such as 市直各部门)."""
    return unit is not None and any(link.unit.covers(unit) for link in column.unit_links.all())


def user_can_place(user, column: ColumnPage) -> bool:
    if user is None:
        return True
    if not user.is_active:
        return False
    if user.is_superuser:
        return column.mode != GuaranteeMode.LINK
    if column.mode in _NOT_DIRECTLY_PLACEABLE or not user.has_perm("library.add_placement"):
        return False
    return unit_is_responsible(user.unit, column)


def user_can_submit(user, column: ColumnPage) -> bool:
    """Whether the account may submit at all: a 信息报送 column, and an
    active account of a unit holding ``add_submission``. Which columns its
    unit may submit to is ``selectors.submission_columns``."""
    return column.mode == GuaranteeMode.SUBMISSION and (
        user is None or (user.is_active and user.unit_id is not None and user.has_perm("library.add_submission"))
    )


def user_can_review_submission(user, column: ColumnPage) -> bool:
    if user is None or user.is_superuser:
        return True
    from cluster.models import UnitRole

    return any(link.role == UnitRole.LEAD and link.unit.covers(user.unit) for link in column.unit_links.all())


# The admin's questions about resources, placements, 转载 and review.


def user_can_use_resource(user, resource) -> bool:
    """Whether the user may work with a resource in the admin (place it,
    submit it, see it in the library listing): a unit works with its own
    shelf of the library, the platform operator with all of them."""
    return user.is_active and (user.is_superuser or (user.unit_id is not None and user.unit_id == resource.unit_id))


def user_can_manage_placement(user, placement) -> bool:
    """Pin, take down or put back an item in a column: whoever may publish
    in that column, and for an accepted submission the unit that reviews it."""
    return user_can_place(user, placement.column) or (
        placement.origin == PlacementOrigin.SUBMITTED and user_can_review_submission(user, placement.column)
    )


def user_can_syndicate(user, source_site) -> bool:
    """转载 writes into other websites' columns on the authority of the site
    the item comes from (集群联动, 第二十二条), so it is open to the units that
    run that site: the site's own unit, its 主办单位 and its 承办单位."""
    if not user.is_active:
        return False
    return user.is_superuser or (
        user.unit_id is not None
        and user.unit_id in {source_site.unit_id, source_site.host_unit_id, source_site.operator_unit_id}
    )


def columns_user_can_review(user):
    """The 信息报送 columns whose submissions ``user`` reviews: the query form
    of ``user_can_review_submission``, for listings."""
    columns = ColumnPage.objects.filter(mode=GuaranteeMode.SUBMISSION)
    if user.is_superuser:
        return columns
    if not user.is_active or user.unit is None:
        return columns.none()
    leads = ColumnUnit.objects.filter(role=UnitRole.LEAD, unit__in=units_covering(user.unit)).values("column_id")
    return columns.filter(pk__in=leads)


def units_covering(unit: OrgUnit) -> list[int]:
    """The unit and the collectives it belongs to (市直各部门 …), as ids."""
    return [unit.pk] + [c.pk for c in OrgUnit.objects.filter(kind=UnitKind.COLLECTIVE) if c.covers(unit)]


def user_can_review(user, submission) -> bool:
    """Whether ``user`` may act on the submission now: the workflow's current
    stage offers them an action, or — for a site with no review workflow —
    their unit leads the column."""
    if user is None or user.is_superuser:
        return True
    task_state = submission.current_workflow_task_state
    if task_state is not None:
        return bool(task_state.task.specific.get_actions(submission, user))
    return submission.get_workflow() is None and user_can_review_submission(user, submission.column)


def user_can_view_submission(user, submission) -> bool:
    """The submitting unit, and anyone who reviews such submissions."""
    return (
        user.is_superuser
        or (user.unit_id is not None and user.unit_id == submission.unit_id)
        or user_reviews_submissions(user)
    )


def user_can_edit_submission(user, submission) -> bool:
    """The submitting unit corrects its form once review has returned it
    (已退回); while a stage is reviewing it, the form stays as submitted."""
    return (
        user.is_active
        and submission.status == SubmissionStatus.REJECTED
        and (user.is_superuser or (user.unit_id is not None and user.unit_id == submission.unit_id))
    )


def user_reviews_submissions(user) -> bool:
    """Whether ``user`` belongs to a stage of the submissions' workflow, or
    leads a 信息报送 column of a site without one."""
    from wagtail.models import GroupApprovalTask

    from .models import Submission

    if user.is_superuser:
        return True
    workflow = Submission.get_default_workflow()
    if workflow is not None:
        return GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, groups__user=user).exists()
    return columns_user_can_review(user).exists()
