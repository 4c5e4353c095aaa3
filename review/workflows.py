"""The review workflows, made with Wagtail's own workflow models so that the
operator can change stages and reviewers in the admin afterwards.

* 附件2审核: every 信息报送 submission passes 经办人 → 科室科长 → 分管领导 of
  市政数局 (附件2's 市政务服务数据管理局填写栏).
* A unit's own review (单位审核): assigned to the unit's shelf of the library,
  one or more stages, each a group of the unit's reviewers."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowPage, WorkflowTask

from accounts.roles import PORTAL_REVIEW_STAGES, platform_roles_ensure
from units.models import OrgUnit

PORTAL_REVIEW = "附件2审核"


def _workflow(name: str, stages: list[tuple[str, Group]]) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    for order, (task_name, group) in enumerate(stages):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name)
            task.groups.set([group])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    return workflow


@transaction.atomic
def portal_review_workflow_ensure() -> Workflow:
    from library.models import Submission

    platform_roles_ensure()
    stages = [(f"{name.removeprefix('附件2')}审核", Group.objects.get(name=name)) for name in PORTAL_REVIEW_STAGES]
    workflow = _workflow(PORTAL_REVIEW, stages)
    # The last stage's approval publishes the submission, which Wagtail lets
    # only holders of the publish permission do.
    stages[-1][1].permissions.add(
        Permission.objects.get(content_type__app_label="library", codename="publish_submission")
    )
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Submission), defaults={"workflow": workflow}
    )
    return workflow


@transaction.atomic
def unit_workflow_ensure(unit: OrgUnit, stages: list[tuple[str, Group]]) -> Workflow:
    """The unit's review of its own resources before they are published."""
    from library.services import unit_library

    workflow = _workflow(f"{unit.short_name}审核", [(f"{unit.short_name}·{name}", group) for name, group in stages])
    WorkflowPage.objects.update_or_create(page=unit_library(unit), defaults={"workflow": workflow})
    return workflow
