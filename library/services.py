"""Writes to the unified resource library: entering resources (先入库) and
using them in columns (后使用) by placement, syndication and submission.
Admin views, the API, commands and tests all call these functions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cluster.models import ColumnPage, GuaranteeMode, SiteRecord
from cluster.models.pages import HOME_DEPTH
from units.models import OrgUnit

from . import permissions, routing, selectors, signals
from .models import (
    IndexNumberSequence,
    LibraryRoot,
    Placement,
    PlacementOrigin,
    PolicyDocument,
    Resource,
    Submission,
    SubmissionStatus,
    UnitLibrary,
)

LIBRARY_TITLE = "统一信息资源库"


def library_root() -> LibraryRoot:
    root = LibraryRoot.objects.first()
    if root is None:
        root = Page.get_first_root_node().add_child(instance=LibraryRoot(title=LIBRARY_TITLE, slug="library"))
    return root


def unit_library(unit: OrgUnit) -> UnitLibrary:
    """The unit's shelf in the library, created on first use."""
    shelf = UnitLibrary.objects.filter(unit=unit).first()
    if shelf is None:
        shelf = library_root().add_child(instance=UnitLibrary(title=unit.name, slug=f"unit-{unit.pk}", unit=unit))
    return shelf


@transaction.atomic
def index_number_assign(document: PolicyDocument) -> str:
    """Give a policy document the next 索引号 of its unit and year, in the
    pattern of the unit's website."""
    year = (document.first_published_at or timezone.now()).year
    sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(unit=document.unit, year=year)
    website = selectors.website_of_unit(unit=document.unit)
    code = document.unit.credit_code or website.unit.credit_code
    while True:
        sequence.last_serial += 1
        number = website.format_index_number(code=code, year=year, serial=sequence.last_serial)
        if not PolicyDocument.objects.filter(index_number=number).exists():
            break
    sequence.save(update_fields=["last_serial"])
    document.index_number = number
    return number


@transaction.atomic
def resource_create(*, resource: Resource, user=None, publish: bool = True) -> Resource:
    """Enter a resource into its unit's shelf (先入库), optionally publishing it."""
    if user is not None and user.unit_id and not user.is_superuser and user.unit_id != resource.unit_id:
        raise PermissionDenied(f"只能以本单位({user.unit})名义录入信息资源。")
    resource.owner = user
    # A page is live unless told otherwise; an unpublished draft must not be.
    resource.live = publish and resource.live
    unit_library(resource.unit).add_child(instance=resource)
    revision = resource.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        resource.refresh_from_db()
    return resource


def _sites_by_home_path() -> dict[str, SiteRecord]:
    return {record.site.root_page.path: record for record in SiteRecord.objects.select_related("site__root_page")}


def _home_path(column: ColumnPage) -> str:
    return column.path[: HOME_DEPTH * column.steplen]


@transaction.atomic
def placements_create(
    *,
    resource: Resource,
    columns: list[ColumnPage],
    user=None,
    origin: str = PlacementOrigin.DIRECT,
    syndicated_from: SiteRecord | None = None,
) -> list[Placement]:
    """Use a library resource in columns (后使用): one row per column, never a
    copy. Columns where it is already placed are left as they are. Refused
    as a whole if the user may not publish to any one of them."""
    columns = list(ColumnPage.objects.filter(pk__in=[c.pk for c in columns]).prefetch_related("unit_links__unit"))
    for column in columns:
        if column.mode == GuaranteeMode.LINK:
            raise ValidationError(f"“{column.title}”是网站链接栏目,不能放置信息。")
        if origin == PlacementOrigin.DIRECT and not permissions.user_can_place(user, column):
            raise PermissionDenied(f"您所在单位不是栏目“{column.title}”的内容保障单位,不能在此发布。")
    sites = _sites_by_home_path()
    existing = set(Placement.objects.filter(resource=resource, column__in=columns).values_list("column_id", flat=True))
    placements = [
        Placement(
            resource=resource,
            column=column,
            site=sites[_home_path(column)],
            created_by=user,
            origin=origin,
            syndicated_from=syndicated_from,
        )
        for column in columns
        if column.pk not in existing
    ]
    created = Placement.objects.bulk_create(placements)
    signals.placements_created.send(sender=Placement, placements=created)
    return created


def placement_create(*, resource: Resource, column: ColumnPage, user=None, **kwargs) -> Placement:
    placements_create(resource=resource, columns=[column], user=user, **kwargs)
    return Placement.objects.get(resource=resource, column=column)


@transaction.atomic
def placement_update(*, placement: Placement, user=None, **fields) -> Placement:
    """Change a placement's own order, 置顶 or publish state."""
    if not permissions.user_can_manage_placement(user, placement):
        raise PermissionDenied(f"您不能修改栏目“{placement.column.title}”中的信息。")
    for name, value in fields.items():
        if name not in {"pinned", "weight", "live"}:
            raise TypeError(f"{name} is not a placement setting")
        setattr(placement, name, value)
    placement.save(update_fields=list(fields))
    return placement


@transaction.atomic
def placement_delete(*, placement: Placement, user=None) -> None:
    """Take a resource out of one column; the resource stays in the library."""
    if not permissions.user_can_manage_placement(user, placement):
        raise PermissionDenied(f"您不能撤下栏目“{placement.column.title}”中的信息。")
    placement.delete()


def syndicate(*, resource: Resource, columns: list[ColumnPage], user=None) -> list[Placement]:
    """转载 (集群联动, 第二十二条): put a resource into columns of other sites in
    one action, each placement crediting the site it came from."""
    source = routing.origin_placement(resource)
    if source is None:
        raise ValidationError("转载前,信息须先在本网站发布。")
    sites = _sites_by_home_path()
    if any(sites[_home_path(column)].pk == source.site_id for column in columns):
        raise ValidationError("转载的目标栏目须在其他网站。")
    return placements_create(
        resource=resource,
        columns=columns,
        user=user,
        origin=PlacementOrigin.SYNDICATED,
        syndicated_from=source.site,
    )


@transaction.atomic
def submission_create(
    *,
    resource: Resource,
    column: ColumnPage,
    user=None,
    unit: OrgUnit | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    summary: str = "",
    declaration_accepted: bool = False,
    remarks: str = "",
) -> Submission:
    """报送: fill in the 附件2 form for a resource and a 信息报送 column of
    another site, and start the workflow that reviews it."""
    if column.mode != GuaranteeMode.SUBMISSION:
        raise ValidationError({"column": f"“{column.title}”不是信息报送栏目,不能报送。"})
    if not permissions.user_can_submit(user, column):
        raise PermissionDenied("只有登记了所属单位的账号才能报送信息。")
    unit = unit or (user.unit if user is not None and user.unit_id else resource.unit)
    if not selectors.submission_columns(unit=unit).filter(pk=column.pk).exists():
        raise PermissionDenied(f"{unit.name}不是栏目“{column.title}”的内容保障单位,不能向该栏目报送。")
    if Placement.objects.filter(resource=resource, column=column).exists():
        raise ValidationError({"column": "该信息已在此栏目发布。"})
    if Submission.objects.filter(resource=resource, column=column, status=SubmissionStatus.PENDING).exists():
        raise ValidationError({"column": "该信息已报送此栏目,正在等待审核。"})
    submission = Submission(
        resource=resource,
        column=column,
        unit=unit,
        contact_name=contact_name,
        contact_phone=contact_phone,
        summary=summary or resource.title,
        declaration_accepted=declaration_accepted,
        remarks=remarks,
        submitted_by=user,
        live=False,
    )
    if not declaration_accepted:
        raise ValidationError({"declaration_accepted": "报送前须确认单位声明(附件2)。"})
    submission.full_clean()
    submission.save()
    submission.save_revision(user=user)
    workflow = submission.get_workflow()
    if workflow is not None:
        workflow.start(submission, user)
    return submission


def _task_action(submission: Submission, user, action: str, comment: str) -> None:
    """Carry out the current workflow stage's action as ``user`` would in
    the admin, refusing anyone the stage does not offer it to."""
    task_state = submission.current_workflow_task_state
    if task_state is None:
        raise ValidationError(f"该报送已{submission.get_status_display()},不在审核流程中。")
    task = task_state.task.specific
    if action not in {name for name, _label, _needs_data in task.get_actions(submission, user)}:
        raise PermissionDenied(f"您不是“{task.name}”环节的审核人员,不能审核此报送。")
    task.on_action(task_state, user, action, comment=comment)


@transaction.atomic
def submission_approve(*, submission: Submission, user, opinion: str = "") -> Submission:
    """Approve the submission's current stage with an opinion (意见). The
    last stage's approval publishes the submission, which places it."""
    if submission.get_workflow() is None:
        _accept(submission, user)
        return submission
    _task_action(submission, user, "approve", opinion)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_reject(*, submission: Submission, reason: str, user=None) -> Submission:
    """退回 at the current stage, with a reason the submitter sees."""
    if not reason.strip():
        raise ValidationError({"reason": "退回时须填写理由。"})
    if submission.get_workflow() is None:
        _review(submission, user)
        submission_returned(submission=submission, user=user, reason=reason.strip())
        return submission
    _task_action(submission, user, "reject", reason.strip())
    submission.refresh_from_db()
    return submission


def _review(submission: Submission, user) -> None:
    if submission.status != SubmissionStatus.PENDING:
        raise ValidationError(f"该报送已{submission.get_status_display()},不能再次审核。")
    if not permissions.user_can_review_submission(user, submission.column):
        raise PermissionDenied(f"您不是栏目“{submission.column.title}”的审核单位。")


@transaction.atomic
def _accept(submission: Submission, user) -> None:
    _review(submission, user)
    submission.save_revision(user=user).publish(user=user)


def submission_accepted(*, submission: Submission, user=None) -> None:
    """The submission was published, by its workflow's last stage or by a
    reviewer with no workflow: it now appears in its column (采用)."""
    placement = placements_create(
        resource=submission.resource, columns=[submission.column], user=user, origin=PlacementOrigin.SUBMITTED
    )
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.ACCEPTED,
        reason="",
        reviewed_by=user,
        reviewed_at=timezone.now(),
        placement=placement[0]
        if placement
        else Placement.objects.get(resource=submission.resource, column=submission.column),
    )


def submission_returned(*, submission: Submission, user, reason: str) -> None:
    """A stage of review sent the submission back to its unit with a reason."""
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.REJECTED, reason=reason, reviewed_by=user, reviewed_at=timezone.now()
    )


def submission_resubmitted(*, submission: Submission) -> None:
    """The unit changed the form and sent it on again."""
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.PENDING, reason="")
