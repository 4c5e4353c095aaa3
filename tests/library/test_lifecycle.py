"""Wagtail's own draft, scheduling and workflow machinery on library
resources, and the responsibility record it leaves (第十条)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from library.admin_selectors import responsibility_record
from library.models import Article
from library.services import placement_create, resource_create
from review.services import clearance_record
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db
PORTAL = "www.jdz.gov.cn"


def test_a_scheduled_resource_goes_live_and_expires_on_time(client):
    go_live = timezone.now() + datetime.timedelta(days=1)
    resource = resource_create(
        resource=Article(
            title="定时发布的新闻", unit=OrgUnit.objects.get(short_name="市政数局"), body="<p>x</p>", go_live_at=go_live
        ),
        publish=False,
    )
    resource.save_revision().publish()
    resource.refresh_from_db()
    assert not resource.live
    placement_create(resource=resource, column=factories.column(PORTAL, "政务资讯/今日瓷都"))
    assert "定时发布的新闻" not in client.get("/zwzx/jrcd/", HTTP_HOST=PORTAL).content.decode()

    # The day passes: the scheduled time is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(pk=resource.latest_revision_id)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")
    assert "定时发布的新闻" in client.get("/zwzx/jrcd/", HTTP_HOST=PORTAL).content.decode()

    Article.objects.filter(pk=resource.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    assert "定时发布的新闻" not in client.get("/zwzx/jrcd/", HTTP_HOST=PORTAL).content.decode()


def test_revisions_keep_history_and_compare(client):
    resource = factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="初稿标题")
    first = resource.latest_revision
    resource.title = "修改后的标题"
    second = resource.save_revision()
    second.publish()
    assert resource.revisions.count() == 2
    client.force_login(factories.user_in("市政数局", role="reviewer"))
    compare = client.get(f"/admin/pages/{resource.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert compare.status_code == 200 and "修改后的标题" in compare.content.decode()


def test_the_unit_workflow_records_who_entered_reviewed_and_published(client):
    editor = factories.user_in("市财政局", role="editor", real_name="冯编辑")
    reviewer = factories.user_in("市财政局", role="reviewer", real_name="罗审核")
    resource = resource_create(
        resource=Article(
            title="财政局工作动态", unit=OrgUnit.objects.get(short_name="市财政局"), body="<p>x</p>", drafter="江记者"
        ),
        user=editor,
        publish=False,
    )
    # Submitting for review is where the editor confirms the 保密审查.
    clearance_record(resource=resource, user=editor)
    resource.get_workflow().start(resource, editor)
    task_state = resource.current_workflow_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve", comment="同意发布")
    resource.refresh_from_db()
    assert resource.live

    rows = responsibility_record(resource)
    by_role = {row["role"]: row for row in rows}
    assert by_role["采编"]["name"] == "江记者"
    assert by_role["录入"]["name"] == "冯编辑"
    assert by_role["审核"]["name"] == "罗审核" and "同意发布" in by_role["审核"]["note"]
    assert by_role["发布"]["name"] == "罗审核" and by_role["发布"]["at"]

    client.force_login(reviewer)
    page = client.get(f"/admin/pages/{resource.pk}/edit/").content.decode()
    assert "发布责任" in page and "江记者" in page and "罗审核" in page
