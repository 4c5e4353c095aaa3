"""网站群管理 › 敏感词 and 禁止链接的域名: the operator keeps the lists that
are checked before publishing, and each change is in the entry's history."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from review.models import BlockedDomain, SensitiveWord
from tests.factories import user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = User.objects.get(username="pingtai")
    client.force_login(user)
    return user


def test_sensitive_words_are_added_edited_and_removed(client, operator):
    assert client.post(reverse("sensitiveword:add"), {"word": " 内部资料 ", "category": "涉密标识"}).status_code == 302
    word = SensitiveWord.objects.get()
    assert word.word == "内部资料"
    assert "内部资料" in client.get(reverse("sensitiveword:index"), {"q": "内部"}).content.decode()

    duplicate = client.post(reverse("sensitiveword:add"), {"word": "内部资料"})
    assert duplicate.status_code == 200 and "已存在" in duplicate.context["form"].errors["word"][0]
    blank = client.post(reverse("sensitiveword:add"), {"word": "   "})
    assert blank.status_code == 200 and "word" in blank.context["form"].errors
    assert SensitiveWord.objects.count() == 1

    edit = client.post(reverse("sensitiveword:edit", args=[word.pk]), {"word": "内部资料 注意保存", "category": "涉密"})
    assert edit.status_code == 302
    assert client.post(reverse("sensitiveword:delete", args=[word.pk])).status_code == 302
    assert not SensitiveWord.objects.exists()
    actions = set(ModelLogEntry.objects.filter(object_id=str(word.pk), user=operator).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.edit", "wagtail.delete"} <= actions


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("bad-casino.example", "bad-casino.example"), ("https://Bad-Casino.example:8443/x?y=1", "bad-casino.example")],
)
def test_a_blocked_domain_is_kept_as_its_host_name(client, operator, typed, stored):
    assert client.post(reverse("blockeddomain:add"), {"domain": typed, "reason": "赌博网站"}).status_code == 302
    assert BlockedDomain.objects.get().domain == stored


@pytest.mark.parametrize("typed", ["不是域名", "localhost", "http://[::1", "bad_casino.example"])
def test_a_wrong_blocked_domain_is_refused(client, operator, typed):
    response = client.post(reverse("blockeddomain:add"), {"domain": typed})
    assert response.status_code == 200
    assert "域名" in response.context["form"].errors["domain"][0]
    assert not BlockedDomain.objects.exists()


def test_a_blocked_domain_is_edited_and_removed(client, operator):
    blocked = BlockedDomain.objects.create(domain="bad-casino.example")
    edit = client.post(reverse("blockeddomain:edit", args=[blocked.pk]), {"domain": "casino.example", "reason": "赌博"})
    assert edit.status_code == 302
    blocked.refresh_from_db()
    assert (blocked.domain, blocked.reason) == ("casino.example", "赌博")
    assert client.post(reverse("blockeddomain:delete", args=[blocked.pk])).status_code == 302
    assert not BlockedDomain.objects.exists()


def test_unit_editors_may_not_change_the_lists(client):
    client.force_login(user_in("市财政局", role="reviewer"))
    word = SensitiveWord.objects.create(word="内部资料")
    for url in (
        reverse("sensitiveword:index"),
        reverse("blockeddomain:add"),
        reverse("sensitiveword:edit", args=[word.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("sensitiveword:delete", args=[word.pk])).status_code == 403
    assert SensitiveWord.objects.filter(pk=word.pk).exists()
