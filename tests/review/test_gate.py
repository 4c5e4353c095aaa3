"""One vetting gate for every route to going live: the editor's publish
button, bulk publishing, workflow approval, scheduled publishing and the
services — the same checks, with the same override-with-reason rule."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

from library.exceptions import PublishingRefused
from library.models import Article
from review.models import BlockedDomain, SensitiveWord
from review.services import clearance_record, resource_publish
from tests import factories

pytestmark = pytest.mark.django_db

FINANCE = "市财政局"
LEAK = "<p>本文件系内部资料,请勿外传。</p>"


@pytest.fixture(autouse=True)
def lists():
    SensitiveWord.objects.create(word="内部资料", category="涉密标识")
    BlockedDomain.objects.create(domain="bad-casino.example", reason="赌博网站")


@pytest.fixture
def editor():
    return factories.user_in(FINANCE, username="gate-editor", real_name="财政编辑")


@pytest.fixture
def reviewer():
    return factories.user_in(FINANCE, role="reviewer", username="gate-reviewer", real_name="财政审核")


def draft(title: str, body: str = "<p>正常内容</p>") -> Article:
    """A draft saved without anyone confirming its 保密审查."""
    resource = factories.article(unit=FINANCE, title=title, body="<p>占位</p>")
    resource.unpublish()
    resource.body = body
    resource.save_revision()
    return Article.objects.get(pk=resource.pk)


def edit_form(client, resource) -> dict:
    url = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    return querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()


def post_edit(client, resource, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[resource.pk]), data)


def submit_for_review(client, editor, resource):
    """The editor ticks 保密审查 and sends the resource to the unit's review."""
    client.force_login(editor)
    data = edit_form(client, resource)
    data.update({"action-submit": "1", "secrecy_confirmed": "on"})
    return post_edit(client, resource, data)


# The editor's publish button


def test_edit_form_refuses_a_sensitive_word_without_a_reason_and_publishes_with_one(client, reviewer):
    resource = draft("预算执行情况通报", LEAK)
    client.force_login(reviewer)
    data = edit_form(client, resource)
    data.update({"action-publish": "action-publish", "secrecy_confirmed": "on"})

    refused = post_edit(client, resource, data)
    assert refused.status_code == 200
    assert "含有敏感词" in refused.content.decode()
    assert not Article.objects.get(pk=resource.pk).live

    data["vetting_override_reason"] = "引用的是已解密的历史档案标题"
    assert post_edit(client, resource, data).status_code == 302
    assert Article.objects.get(pk=resource.pk).live


def test_an_editor_cannot_override_a_sensitive_word(client, editor):
    resource = draft("编辑越权", LEAK)
    client.force_login(editor)
    data = edit_form(client, resource)
    data.update({"action-submit": "1", "secrecy_confirmed": "on", "vetting_override_reason": "我觉得可以"})

    response = post_edit(client, resource, data)
    assert response.status_code == 200
    assert "含有敏感词" in response.content.decode()
    assert not Article.objects.get(pk=resource.pk).workflow_in_progress


# Bulk publishing


def bulk_publish(client, *resources):
    ids = "&".join(f"id={resource.pk}" for resource in resources)
    url = f"{reverse('wagtail_bulk_action', args=['wagtailcore', 'page', 'publish'])}?{ids}&next=/admin/library/"
    return client.post(url, {})


def test_bulk_publishing_refuses_a_draft_nobody_confirmed_and_names_it(client, reviewer):
    unconfirmed = draft("未确认保密审查的草稿")
    leaking = draft("含敏感词的草稿", LEAK)
    client.force_login(reviewer)

    response = bulk_publish(client, unconfirmed, leaking)
    assert response.status_code == 302
    assert response.url == "/admin/library/"
    assert not Article.objects.filter(pk__in=[unconfirmed.pk, leaking.pk], live=True).exists()
    message = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "未确认保密审查的草稿" in message and "尚未确认保密审查" in message
    assert "含敏感词的草稿" in message and "内部资料" in message


def test_bulk_publishing_publishes_content_that_was_cleared(client, reviewer):
    resource = draft("已确认的草稿")
    clearance_record(resource=resource.get_latest_revision_as_object(), user=reviewer)
    client.force_login(reviewer)

    assert bulk_publish(client, resource).status_code == 302
    assert Article.objects.get(pk=resource.pk).live


# Workflow approval


def test_workflow_approval_publishes_what_the_editor_confirmed(client, editor, reviewer):
    resource = draft("送审的新闻")
    assert submit_for_review(client, editor, resource).status_code == 302
    state = Article.objects.get(pk=resource.pk).current_workflow_state
    assert state is not None

    client.force_login(reviewer)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[resource.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "同意发布"})
    assert response.status_code in (200, 302)
    assert Article.objects.get(pk=resource.pk).live


def test_workflow_approval_of_content_changed_after_the_confirmation_is_refused_not_failed(client, editor, reviewer):
    resource = draft("送审后被改动的新闻")
    submit_for_review(client, editor, resource)
    # A change that reaches the revision without the editor form (an import).
    changed = Article.objects.get(pk=resource.pk).get_latest_revision_as_object()
    changed.body = "<p>后来加入的内容</p>"
    changed.save_revision()

    client.force_login(reviewer)
    task_state = Article.objects.get(pk=resource.pk).current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[resource.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "同意"})
    assert response.status_code in (302, 403)
    after = Article.objects.get(pk=resource.pk)
    assert not after.live
    assert after.current_workflow_state is not None
    assert after.current_workflow_state.current_task_state.status == "in_progress"


# Scheduled publishing


def test_scheduled_publishing_skips_content_that_no_longer_passes(reviewer):
    fine = draft("定时发布的新闻")
    later = draft("定时发布后才命中新敏感词的新闻", "<p>关于专项资金的说明。</p>")
    go_live = timezone.now() - datetime.timedelta(minutes=1)
    for resource in (fine, later):
        content = resource.get_latest_revision_as_object()
        clearance_record(resource=content, user=reviewer)
        content.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
        content.save_revision(user=reviewer).publish(user=reviewer)
        # Let the scheduled time pass.
        revision = Revision.objects.get(pk=Article.objects.get(pk=resource.pk).latest_revision_id)
        revision.content["go_live_at"] = go_live.isoformat()
        revision.approved_go_live_at = go_live
        revision.save()
    SensitiveWord.objects.create(word="专项资金", category="待核实")

    call_command("publish_scheduled")

    assert Article.objects.get(pk=fine.pk).live
    assert not Article.objects.get(pk=later.pk).live


# Services


def test_the_publishing_service_passes_the_same_gate(reviewer):
    with pytest.raises(PublishingRefused, match="含有禁止链接的地址"):
        resource_publish(
            resource=draft("外链", '<p><a href="https://www.bad-casino.example/">x</a></p>'), user=reviewer
        )

    leaking = draft("服务发布含敏感词", LEAK)
    with pytest.raises(PublishingRefused, match="含有敏感词"):
        resource_publish(resource=leaking, user=reviewer)
    resource_publish(resource=leaking, user=reviewer, override_reason="已解密的档案标题")
    assert Article.objects.get(pk=leaking.pk).live


def test_a_person_publishing_unconfirmed_content_directly_is_refused(reviewer):
    resource = draft("绕过表单直接发布")
    with pytest.raises(PublishingRefused, match="尚未确认保密审查"):
        resource.get_latest_revision().publish(user=reviewer)
    assert not Article.objects.get(pk=resource.pk).live


def test_the_reviewer_previews_what_was_submitted_before_approving(client, editor, reviewer):
    resource = draft("请审核人预览的新闻", "<p>送审版本的正文</p>")
    submit_for_review(client, editor, resource)
    task_state = Article.objects.get(pk=resource.pk).current_workflow_state.current_task_state

    client.force_login(reviewer)
    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[resource.pk, task_state.task_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "送审版本的正文" in html and "预览:本页显示的是尚未发布的内容" in html


def test_the_reviewer_approves_unchanged_submitted_content_without_ticking_again(client, editor, reviewer):
    resource = draft("审核人无需再次勾选")
    submit_for_review(client, editor, resource)

    client.force_login(reviewer)
    data = edit_form(client, resource)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    data.pop("secrecy_confirmed", None)
    assert post_edit(client, resource, data).status_code == 302
    assert Article.objects.get(pk=resource.pk).live

    edited = draft("审核人改过内容须再次勾选")
    submit_for_review(client, editor, edited)
    client.force_login(reviewer)
    data = edit_form(client, edited)
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve", "title": "审核人改了标题"})
    data.pop("secrecy_confirmed", None)
    response = post_edit(client, edited, data)
    assert response.status_code == 200
    assert "发布或送审前须确认已经保密审查" in response.content.decode()
    assert not Article.objects.get(pk=edited.pk).live


def test_only_those_who_may_override_see_the_override_reason(client, editor, reviewer):
    resource = draft("谁能看到越过理由")
    url = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    client.force_login(editor)
    assert "越过敏感词检查的理由" not in client.get(url).content.decode()
    client.force_login(reviewer)
    assert "越过敏感词检查的理由" in client.get(url).content.decode()
