"""Real-name accounts and password rules of 附件3, enforced by Django's
own machinery (password validators, django-axes, sessions)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from units.models import OrgUnit

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def finance_editor():
    return User.objects.create_user(
        username="zhangwei",
        password="Caizheng#2026",
        real_name="张伟",
        mobile="13907980001",
        unit=OrgUnit.objects.get(short_name="市财政局"),
        is_staff=True,
    )


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!x", "password_too_short"),
        ("abcdefgh12", "password_too_simple"),
        ("Zhangwei2026", "password_too_similar"),
        ("Password1!", "password_too_common"),
        ("12345678", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_reason(finance_editor, password, code):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user=finance_editor)
    assert code in [error.code for error in exc.value.error_list], exc.value.messages


def test_a_strong_password_passes(finance_editor):
    validate_password("Jdz-Caizheng-8336", user=finance_editor)


def test_a_new_password_may_not_repeat_the_last_five(finance_editor):
    passwords = ["Caizheng#2026"] + [f"Rotate-{n}-Jdz" for n in range(5)]
    for password in passwords[1:]:
        finance_editor.set_password(password)
        finance_editor.save()
    for password in passwords[1:]:
        with pytest.raises(ValidationError, match="最近5次"):
            validate_password(password, user=finance_editor)
    # The first one has dropped out of the last five.
    validate_password(passwords[0], user=finance_editor)


def test_one_person_one_account_by_mobile(finance_editor):
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="zhangwei2", password="Another#2026x", mobile=finance_editor.mobile)


def test_accounts_created_in_the_admin_need_a_real_name_mobile_and_unit(client):
    admin = User.objects.create_superuser(username="root", password="Root#Admin2026", mobile="13800000001")
    client.force_login(admin)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "lisi",
            "email": "lisi@example.cn",
            "password1": "Lisi#Strong2026",
            "password2": "Lisi#Strong2026",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"real_name", "mobile", "unit"} <= set(form.errors)
    assert not User.objects.filter(username="lisi").exists()


def test_a_weak_password_in_the_admin_form_is_refused_and_nothing_changes(client):
    admin = User.objects.create_superuser(username="root", password="Root#Admin2026", mobile="13800000001")
    client.force_login(admin)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "lisi",
            "real_name": "李四",
            "mobile": "13907980002",
            "unit": OrgUnit.objects.get(short_name="市教体局").pk,
            "password1": "lisi1234",
            "password2": "lisi1234",
        },
    )
    assert response.status_code == 200
    assert "至少3类" in str(response.context["form"].errors)
    assert not User.objects.filter(username="lisi").exists()


def _attempt(client, username, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_for_fifteen_minutes(client, finance_editor):
    statuses = [_attempt(client, "zhangwei", "wrong-password", ip="10.1.1.1").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    locked = _attempt(client, "zhangwei", "Caizheng#2026", ip="10.9.9.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_five_failures_from_one_address_lock_that_address(client, finance_editor):
    User.objects.create_user(username="wangfang", password="Wangfang#2026", mobile="13907980003", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, f"nobody{n}", "guess", ip="10.2.2.2")
    assert _attempt(client, "wangfang", "Wangfang#2026", ip="10.2.2.2").status_code == 429
    assert _attempt(client, "wangfang", "Wangfang#2026", ip="10.3.3.3").status_code == 302


def test_sessions_end_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_an_expired_password_must_be_changed_first(client, finance_editor):
    User.objects.filter(pk=finance_editor.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    )
    client.force_login(User.objects.get(pk=finance_editor.pk))
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and reverse("wagtailadmin_account") in response["Location"]


def _current_code(device, drift: int = 0) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def test_an_administrator_turns_on_two_factor_and_must_then_give_a_code(client, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = User.objects.create_superuser(username="root2fa", password="Root#Admin2026", mobile="13800000009")
    client.force_login(admin)
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post(reverse("two_factor"), {"token": _current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    without = client.post("/admin/login/", {"username": "root2fa", "password": "Root#Admin2026"})
    assert without.status_code == 200 and "请填写动态验证码" in without.content.decode()
    wrong = client.post("/admin/login/", {"username": "root2fa", "password": "Root#Admin2026", "otp_token": "123456"})
    assert wrong.status_code == 200 and "动态验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(
        # A code is good once: the next step's code, within the allowed drift.
        "/admin/login/",
        {"username": "root2fa", "password": "Root#Admin2026", "otp_token": _current_code(device, drift=1)},
    )
    assert ok.status_code == 302
    assert client.session.get("otp_device_id") == device.persistent_id


def test_the_operator_can_require_two_factor_of_superusers(client, settings):
    settings.ADMIN_REQUIRE_2FA = True
    admin = User.objects.create_superuser(username="root-no2fa", password="Root#Admin2026", mobile="13800000008")
    client.force_login(admin)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == reverse("two_factor")


def test_an_expired_password_and_a_missing_device_lead_one_after_the_other(client, settings):
    settings.ADMIN_REQUIRE_2FA = True
    admin = User.objects.create_superuser(username="root-both", password="Root#Admin2026", mobile="13800000007")
    User.objects.filter(pk=admin.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    )
    client.force_login(User.objects.get(pk=admin.pk))
    first = client.get("/admin/pages/")
    assert first.status_code == 302 and reverse("wagtailadmin_account") in first["Location"]
    # Each gate's own page opens, rather than sending the user to the other.
    assert client.get(first["Location"]).status_code == 200
    assert client.get(reverse("two_factor")).status_code == 200
