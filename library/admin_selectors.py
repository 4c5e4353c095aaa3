"""Reads of the library for the editors' admin: listings, column trees and
column labels, each in a fixed number of queries however large the cluster."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import GroupApprovalTask, ModelLogEntry, Page, PageLogEntry, TaskState, WorkflowState
from wagtail.permissions import page_permission_policy

from accounts.roles import PLATFORM_ADMINS
from cluster.models import ColumnPage, SiteKind, SiteRecord
from cluster.models.pages import HOME_DEPTH

from . import permissions, routing
from .models import Placement, PlacementOrigin, Resource, Submission, SubmissionStatus

STEPLEN = Page.steplen


def resources_for_user(user):
    """The resources a user works with in the admin: a unit's own shelf, or
    the whole library for the platform operator."""
    resources = Resource.objects.all()
    if user.is_superuser:
        return resources
    if not user.unit_id:
        return resources.none()
    return resources.filter(unit_id=user.unit_id)


def resource_listing(user):
    """Rows of the 资源库 listing, with what each row shows annotated."""
    on_portal = Placement.objects.filter(resource=OuterRef("pk"), site__kind=SiteKind.PORTAL)
    return (
        resources_for_user(user)
        .select_related("unit")
        .annotate(placement_count=Count("placements"), on_portal=Exists(on_portal))
    )


def _ancestry(path: str, *, start: str = "") -> list[str]:
    """Tree paths from the site's home page (or from below ``start``) down
    to ``path`` itself."""
    first = len(start) + STEPLEN if start else HOME_DEPTH * STEPLEN
    return [path[:end] for end in range(first, len(path) + 1, STEPLEN)]


@dataclass(frozen=True)
class ColumnLabel:
    """Where a column is: its website's name and its path of titles."""

    site: str
    path: str

    def __str__(self):
        return f"{self.site} › {self.path}"


def column_labels(columns: Iterable[ColumnPage]) -> dict[int, ColumnLabel]:
    """Label of each column, from the titles of its ancestors in one query.
    A site's home page carries the site's name as its title."""
    columns = list(columns)
    paths = {path for column in columns for path in _ancestry(column.path)}
    titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title"))
    labels = {}
    for column in columns:
        trail = [titles.get(path, "…") for path in _ancestry(column.path)]
        labels[column.pk] = ColumnLabel(site=trail[0], path=" / ".join(trail[1:]))
    return labels


@dataclass(frozen=True)
class ColumnOption:
    """One line of a column tree in a chooser."""

    column: ColumnPage
    path: str  # titles from level 1 down, "政务公开 / 法定主动公开内容 / …"
    level: int
    selectable: bool
    placed: bool


@dataclass(frozen=True)
class SiteColumns:
    record: SiteRecord
    options: list[ColumnOption]
    own: bool = False  # the website of the user's own unit


def column_trees(
    *,
    records: Iterable[SiteRecord],
    selectable: Callable[[ColumnPage], bool],
    placed: set[int],
    text: str = "",
) -> list[SiteColumns]:
    """The live column trees of the websites of ``records``, cut down to
    the columns ``selectable`` accepts, those in ``placed`` and the columns
    above them; with ``text``, to those of them whose path of titles
    contains it. One query for every column of the cluster and one for their
    units, however many columns there are; websites with nothing to show
    are left out."""
    text = text.casefold()
    homes = {record.site.root_page.path: record for record in records}
    columns = (
        ColumnPage.objects.live()
        .filter(depth__gt=HOME_DEPTH)
        .order_by("path")
        .only("id", "path", "depth", "title", "mode")
        .prefetch_related("unit_links__unit")
    )
    paths: dict[str, str] = {}
    options: dict[str, list[ColumnOption]] = {home: [] for home in homes}
    for column in columns:
        home = column.path[: HOME_DEPTH * STEPLEN]
        if home not in homes:
            continue
        above = paths.get(column.path[:-STEPLEN])
        paths[column.path] = f"{above} / {column.title}" if above else column.title
        is_placed = column.pk in placed
        options[home].append(
            ColumnOption(
                column=column,
                path=paths[column.path],
                level=column.depth - HOME_DEPTH,
                selectable=not is_placed and selectable(column),
                placed=is_placed,
            )
        )
    trees = []
    for home, record in homes.items():
        wanted = {
            path
            for option in options[home]
            if (option.selectable or option.placed) and text in option.path.casefold()
            for path in _ancestry(option.column.path, start=home)
        }
        if wanted:
            trees.append(SiteColumns(record, [o for o in options[home] if o.column.path in wanted]))
    return trees


def placement_trees(*, user, placed: set[int], text: str = "") -> list[SiteColumns]:
    """放置到栏目: the columns ``user`` may place into, tree by tree. The
    website of the user's own unit comes first: that is where an editor
    places nearly everything, while the portal's many columns shared by
    collectives (市直各部门 …) would otherwise fill the screen before it."""
    trees = column_trees(
        records=site_records(),
        selectable=lambda column: permissions.user_can_place(user, column),
        placed=placed,
        text=text,
    )
    trees = [replace(tree, own=user.unit_id is not None and tree.record.unit_id == user.unit_id) for tree in trees]
    return sorted(trees, key=lambda tree: not tree.own)


def syndication_source(resource) -> Placement | None:
    """The resource's live placement on the portal, where 转载 starts."""
    return (
        resource.placements.filter(site__kind=SiteKind.PORTAL, live=True)
        .select_related("site__unit")
        .order_by("id")
        .first()
    )


def site_records():
    """Every website, with what its name and tree need."""
    return SiteRecord.objects.select_related("unit", "site__root_page")


@dataclass(frozen=True)
class PlacementRow:
    """A placement as the admin shows it."""

    placement: Placement
    label: ColumnLabel
    origin: str
    url: str | None
    can_manage: bool
    can_remove: bool


def _origin(placement: Placement) -> str:
    if placement.origin == PlacementOrigin.SYNDICATED and placement.syndicated_from:
        return f"转载自{placement.syndicated_from.name}"
    return placement.get_origin_display()


def placement_url(placement: Placement, request=None) -> str | None:
    """The public address of the resource's page under the placement's column."""
    parts = placement.column.get_url_parts(request)
    if not parts or parts[2] is None:
        return None
    _, root_url, column_path = parts
    return f"{root_url}{routing.placement_path(column_path, placement.resource_id)}"


def placement_rows(placements, *, user, request=None) -> list[PlacementRow]:
    """The placements of the queryset ``placements``, ordered by website and
    column, each with the actions ``user`` may take on it; four queries
    whatever their number."""
    placements = list(
        placements.select_related("resource", "column", "site__unit", "syndicated_from__unit")
        .prefetch_related("column__unit_links__unit")
        .order_by("resource_id", "site__sort_order", "site_id", "column__path")
    )
    labels = column_labels(p.column for p in placements)
    return [
        PlacementRow(
            placement=p,
            label=labels[p.column_id],
            origin=_origin(p),
            url=placement_url(p, request) if p.live and p.resource.live else None,
            can_manage=permissions.user_can_manage_placement(user, p),
            can_remove=permissions.user_can_place(user, p.column),
        )
        for p in placements
    ]


def submissions_for_review(user):
    """Pending submissions (待审核) whose current stage ``user`` acts on —
    or, on a site without a review workflow, whose column the user's unit
    leads — oldest first."""
    pending = Submission.objects.filter(status=SubmissionStatus.PENDING)
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Submission), status=WorkflowState.STATUS_IN_PROGRESS
    )
    if not user.is_superuser:
        states = states.filter(current_task_state__task__in=GroupApprovalTask.objects.filter(groups__user=user))
    in_workflow = [int(pk) for pk in states.values_list("object_id", flat=True)]
    mine = Q(pk__in=in_workflow)
    if Submission.get_default_workflow() is None:
        mine |= Q(column__in=permissions.columns_user_can_review(user))
    return (
        pending.filter(mine).select_related("resource", "column", "unit", "submitted_by").order_by("submitted_at", "pk")
    )


def review_stages(submission) -> list[dict]:
    """Each stage of the submission's latest review: the stage, its outcome,
    the reviewer's opinion, name and date (附件2's 填写栏). A stage passed
    more than once (after a return and resubmission) shows its latest pass."""
    state = submission.workflow_states.order_by("-created_at").first()
    if state is None:
        return []
    task_states = TaskState.objects.filter(workflow_state=state).select_related("finished_by").order_by("started_at")
    latest = {task_state.task_id: task_state for task_state in task_states}
    stages = []
    for task in state.workflow.tasks.order_by("workflow_tasks__sort_order"):
        task_state = latest.get(task.pk)
        stages.append(
            {
                "name": task.name,
                "status": task_state.get_status_display() if task_state else "未开始",
                "approved": task_state is not None and task_state.status == TaskState.STATUS_APPROVED,
                "opinion": task_state.comment if task_state else "",
                "reviewer": task_state.finished_by.get_full_name() if task_state and task_state.finished_by else "",
                "date": task_state.finished_at if task_state else None,
            }
        )
    return stages


def submissions_visible_to(user):
    """The submissions ``user`` may open in the admin: their unit's own, or
    all of them for those who review submissions (附件2 stages, operator)."""
    if permissions.user_reviews_submissions(user):
        return Submission.objects.all()
    if not user.unit_id:
        return Submission.objects.none()
    return Submission.objects.filter(unit_id=user.unit_id)


def submissions_of(user):
    """What the user's unit has submitted, newest first; everything for the operator."""
    submissions = Submission.objects.select_related("resource", "column", "reviewed_by").order_by(
        "-submitted_at", "-pk"
    )
    if user.is_superuser:
        return submissions
    if not user.unit_id:
        return submissions.none()
    return submissions.filter(unit_id=user.unit_id)


def responsibility_record(resource) -> list[dict]:
    """谁采编、谁录入、谁审核、谁发布 (第十条): the drafter the editor named,
    then who entered, approved and published the resource and when, from
    Wagtail's own log and workflow records."""
    from wagtail.models import PageLogEntry

    def person(user) -> str:
        return user.get_full_name() or user.get_username() if user else "系统"

    rows = [{"role": "采编", "name": resource.drafter or "(未填写)", "at": None, "note": ""}]
    entries = PageLogEntry.objects.filter(
        page=resource, action__in=["wagtail.create", "wagtail.publish"]
    ).select_related("user")
    created = next((e for e in entries.order_by("timestamp") if e.action == "wagtail.create"), None)
    rows.append(
        {
            "role": "录入",
            "name": person(created.user if created else resource.owner),
            "at": created.timestamp if created else None,
            "note": "",
        }
    )
    approvals = (
        TaskState.objects.filter(workflow_state__in=resource.workflow_states, status=TaskState.STATUS_APPROVED)
        .select_related("finished_by", "task")
        .order_by("finished_at")
    )
    rows += [
        {
            "role": "审核",
            "name": person(state.finished_by),
            "at": state.finished_at,
            "note": f"{state.task.name} {state.comment}".strip(),
        }
        for state in approvals
    ]
    rows += [
        {"role": "发布", "name": person(entry.user), "at": entry.timestamp, "note": ""}
        for entry in entries.filter(action="wagtail.publish").order_by("timestamp")
    ]
    return rows


# What the admin's page chooser, reports and histories show a unit: its own
# pages and columns, and the activity on them (least privilege, 第十三条(三)).

_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")


def user_sees_all_activity(user) -> bool:
    """Superusers and 平台管理员 run the whole cluster, so see all of it."""
    return user.is_superuser or user.groups.filter(name=PLATFORM_ADMINS).exists()


def _columns_kept_by(user):
    if not user.unit_id:
        return ColumnPage.objects.none()
    return ColumnPage.objects.filter(unit_links__unit__in=permissions.units_covering(user.unit))


def pages_visible_to(user):
    """The pages whose drafts, history and workflows ``user`` may see: those
    under their page permissions (their unit's shelf of the library) and the
    columns their unit keeps as 内容保障单位."""
    permitted = page_permission_policy.instances_user_has_any_permission_for(user, _PAGE_ACTIONS)
    return Page.objects.filter(Q(pk__in=permitted.values("pk")) | Q(pk__in=_columns_kept_by(user).values("pk")))


def pages_to_browse(user):
    """``pages_visible_to`` and the pages above them, through which a
    chooser reaches them."""
    tops = [
        *page_permission_policy.instances_with_direct_explore_permission(user),
        *_columns_kept_by(user).only("path"),
    ]
    above = {page.path[:end] for page in tops for end in range(STEPLEN, len(page.path), STEPLEN)}
    return Page.objects.filter(Q(pk__in=pages_visible_to(user).values("pk")) | Q(path__in=above))


def _as_text(queryset):
    # Workflow states and log entries name their object by a text id.
    return queryset.values_list(Cast("pk", output_field=CharField()), flat=True)


def workflow_states_visible_to(user):
    """Workflow states of the pages and submissions ``user`` may see; other
    models' are left to Wagtail's own permission check."""
    page_type = ContentType.objects.get_for_model(Page)
    submission_type = ContentType.objects.get_for_model(Submission)
    return WorkflowState.objects.filter(
        Q(base_content_type=page_type, object_id__in=_as_text(pages_visible_to(user)))
        | Q(base_content_type=submission_type, object_id__in=_as_text(submissions_visible_to(user)))
        | ~Q(base_content_type__in=[page_type, submission_type])
    )


def page_log_entries_visible_to(user, entries=None):
    entries = PageLogEntry.objects.all() if entries is None else entries
    return entries.filter(page_id__in=pages_visible_to(user).values("pk"))


def model_log_entries_visible_to(user, entries=None):
    entries = ModelLogEntry.objects.all() if entries is None else entries
    submission_type = ContentType.objects.get_for_model(Submission)
    return entries.filter(~Q(content_type=submission_type) | Q(object_id__in=_as_text(submissions_visible_to(user))))
