"""Before anything is published: 保密审查 confirmation, the sensitive-word list
and the blocked-domain list, checked in the editor's own form (第十三条, 第十五条)."""

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from accounts.models import User
from accounts.roles import unit_roles_ensure
from audit.models import AuditAction, AuditEvent
from library.models import Article
from review.models import BlockedDomain, SensitiveWord
from review.vetting import blocked_links, sensitive_words
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lists():
    SensitiveWord.objects.create(word="内部资料", category="涉密标识")
    BlockedDomain.objects.create(domain="bad-casino.example", reason="赌博网站")


def reviewer():
    unit = OrgUnit.objects.get(short_name="市财政局")
    _, reviewers = unit_roles_ensure(unit)
    user = User.objects.create_user(
        username="caizheng-shenhe", password="Review#2026x", unit=unit, real_name="王审核", mobile="13907980101"
    )
    user.groups.add(reviewers)
    return user


def edit_and_publish(client, user, resource, **changes):
    client.force_login(user)
    url = f"/admin/pages/{resource.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data = data.copy()
    for key, value in changes.items():
        data[key] = value
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def draft_with(body: str) -> Article:
    return factories.article(unit="市财政局", title="预算执行情况通报", body=body)


def test_hits_are_reported_with_their_context():
    resource = Article(title="标题", body="<p>本文件系内部资料,请勿外传。</p>", unit=OrgUnit.objects.first())
    hits = sensitive_words(resource)
    assert [(h.word, h.field) for h in hits] == [("内部资料", "正文")]
    assert "本文件系内部资料,请勿外传" in hits[0].context
    resource.body = '<p><a href="https://www.bad-casino.example/x">链接</a></p>'
    assert [b.domain for b in blocked_links(resource)] == ["bad-casino.example"]


def test_publishing_needs_the_secrecy_confirmation(client):
    resource = draft_with("<p>正常内容</p>")
    user = reviewer()
    response = edit_and_publish(client, user, resource)
    assert response.status_code == 200
    assert "发布或送审前须确认已经保密审查" in response.content.decode()
    response = edit_and_publish(client, user, resource, secrecy_confirmed="on")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.VETTING, object_id=str(resource.pk)).exists()


def test_a_sensitive_word_blocks_publishing_until_a_reviewer_gives_a_reason(client):
    resource = draft_with("<p>正常内容</p>")
    user = reviewer()
    body = '{"blocks":[{"key":"a","type":"unstyled","text":"此件为内部资料","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    blocked = edit_and_publish(client, user, resource, secrecy_confirmed="on", body=body)
    assert blocked.status_code == 200
    page = blocked.content.decode()
    assert "含有敏感词" in page and "此件为内部资料" in page
    assert Article.objects.get(pk=resource.pk).body == "<p>正常内容</p>"

    allowed = edit_and_publish(
        client, user, resource, secrecy_confirmed="on", body=body, vetting_override_reason="系已公开的资料汇编书名"
    )
    assert allowed.status_code == 302
    assert "内部资料" in Article.objects.get(pk=resource.pk).body
    entry = AuditEvent.objects.filter(action=AuditAction.VETTING, object_id=str(resource.pk)).first()
    assert entry.details["override_reason"] == "系已公开的资料汇编书名" and entry.details["words"]


def test_an_editor_cannot_override_a_hit(client):
    unit = OrgUnit.objects.get(short_name="市财政局")
    editors, _ = unit_roles_ensure(unit)
    editor = User.objects.create_user(
        username="caizheng-bianji", password="Editor#2026x", unit=unit, real_name="李编辑", mobile="13907980102"
    )
    editor.groups.add(editors)
    resource = draft_with("<p>正常内容</p>")
    client.force_login(editor)
    url = f"/admin/pages/{resource.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()
    data["body"] = (
        '{"blocks":[{"key":"a","type":"unstyled","text":"内部资料","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    )
    data["secrecy_confirmed"] = "on"
    data["vetting_override_reason"] = "我想发布"
    data["action-submit"] = "action-submit"
    response = client.post(url, data)
    assert response.status_code == 200 and "含有敏感词" in response.content.decode()


def test_links_to_blocked_domains_are_refused(client):
    resource = draft_with("<p>正常内容</p>")
    body = (
        '{"blocks":[{"key":"a","type":"unstyled","text":"详情","depth":0,"inlineStyleRanges":[],'
        '"entityRanges":[{"offset":0,"length":2,"key":0}]}],'
        '"entityMap":{"0":{"type":"LINK","mutability":"MUTABLE","data":{"url":"https://m.bad-casino.example/"}}}}'
    )
    response = edit_and_publish(client, reviewer(), resource, secrecy_confirmed="on", body=body)
    assert response.status_code == 200 and "禁止链接" in response.content.decode()


def test_saving_a_draft_is_never_blocked(client):
    resource = draft_with("<p>正常内容</p>")
    user = reviewer()
    client.force_login(user)
    url = f"/admin/pages/{resource.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").copy()
    data["body"] = (
        '{"blocks":[{"key":"a","type":"unstyled","text":"内部资料草稿","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    )
    assert client.post(url, data).status_code == 302
