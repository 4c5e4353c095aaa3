"""开放接口 in the admin: keys are created there (the secret shown once,
only its hash kept) and revoked there; subscriptions are registered there."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from api.models import ApiKey, WebhookSubscription
from cluster.models import SiteRecord
from units.models import OrgUnit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


@pytest.fixture
def operator(client):
    user = User.objects.create_superuser(
        username="operator", password="Pw-2026-test", unit=OrgUnit.objects.get(short_name="市政数局")
    )
    client.force_login(user)
    return user


def test_a_key_is_shown_once_and_stored_hashed(client, operator):
    response = client.post(
        reverse("api_keys:add"),
        {"name": "“景德镇发布”微信公众号", "contact": "刘晓青 13807981001", "can_read_drafts": "on", "rate_limit": ""},
    )
    assert response.status_code == 200
    key = re.search(r'value="(jdz_[^"]+)"', response.content.decode())[1]
    api_key = ApiKey.objects.get()
    assert api_key.created_by == operator
    assert api_key.can_read_drafts
    assert key.split("_", 2)[2] not in str(ApiKey.objects.values().get())
    assert client.get("/api/v2/resources/?drafts=true", HTTP_X_API_KEY=key).status_code == 200

    listing = client.get(reverse("api_keys:index")).content.decode()
    assert api_key.prefix in listing
    assert key not in listing
    assert key not in client.get(reverse("api_keys:edit", args=[api_key.pk])).content.decode()

    client.post(
        reverse("api_keys:edit", args=[api_key.pk]),
        {"name": api_key.name, "contact": api_key.contact, "can_read_drafts": "on", "rate_limit": "", "revoked": "on"},
    )
    api_key.refresh_from_db()
    assert api_key.revoked and api_key.revoked_at
    assert client.get("/api/v2/sites/", HTTP_X_API_KEY=key).status_code == 401


def test_a_bad_rate_limit_is_refused(client, operator):
    response = client.post(reverse("api_keys:add"), {"name": "测试", "rate_limit": "lots"})
    assert response.status_code == 200
    assert "频率限制" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_subscriptions_are_registered_in_the_admin(client, operator):
    portal = SiteRecord.objects.get(domain="www.jdz.gov.cn")
    response = client.post(
        reverse("webhook_subscriptions:add"),
        {
            "name": "12345热线",
            "url": "https://hotline.jdz.gov.cn/hooks",
            "secret": "s3cret",
            "sites": [portal.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert list(subscription.sites.all()) == [portal]


def test_editors_without_permission_see_none_of_it(client):
    editor = User.objects.create_user(username="editor", password="Pw-2026-test")
    editor.user_permissions.add(
        *__import__("django.contrib.auth.models", fromlist=["Permission"]).Permission.objects.filter(
            codename="access_admin"
        )
    )
    client.force_login(editor)
    assert client.get(reverse("api_keys:index")).status_code in (302, 403)
    assert client.get(reverse("webhook_deliveries:index")).status_code in (302, 403)
