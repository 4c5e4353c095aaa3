"""Least privilege in the accounts admin (第十三条(三)): Wagtail's default
groups are gone, and only superusers hand out the powers of a superuser or a
platform administrator; every grant and password reset is audited."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import GroupPagePermission

from accounts.forms import GroupForm
from accounts.models import User
from accounts.roles import PLATFORM_ADMINS
from accounts.selectors import management_permissions
from audit.models import AuditAction, AuditEvent
from demo.loader import load_demo
from tests import factories
from units.models import OrgUnit

PASSWORD = "Root#Admin2026"

pytestmark = pytest.mark.django_db


def test_wagtails_default_groups_with_root_permissions_are_gone():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupPagePermission.objects.filter(group__name__in=["Editors", "Moderators"]).exists()


def test_loading_the_demo_again_does_not_bring_them_back():
    groups = set(Group.objects.values_list("name", flat=True))
    load_demo(log=lambda *args: None)
    assert set(Group.objects.values_list("name", flat=True)) == groups


# Handing out powers: superusers only, every attempt audited


@pytest.fixture
def pingtai():
    """The demo 平台管理员: manages accounts and groups, is not a superuser."""
    user = User.objects.get(username="pingtai")
    assert not user.is_superuser and user.groups.filter(name=PLATFORM_ADMINS).exists()
    return user


@pytest.fixture
def root():
    return User.objects.create_superuser(
        username="root", password=PASSWORD, real_name="系统管理员", mobile="13800000001", unit=unit("市政数局")
    )


@pytest.fixture
def editor():
    return factories.user_in("市教体局", username="jtj-editor", real_name="潘越")


def unit(short_name):
    return OrgUnit.objects.get(short_name=short_name)


def new_account(**fields):
    return {
        "username": "lisi",
        "email": "lisi@example.cn",
        "first_name": "四",
        "last_name": "李",
        "real_name": "李四",
        "mobile": "13907980002",
        "unit": unit("市教体局").pk,
        "password1": "Lisi#Strong2026",
        "password2": "Lisi#Strong2026",
        **fields,
    }


def account_form(user, **fields):
    return {
        "username": user.username,
        "email": user.email or f"{user.username}@example.cn",
        "first_name": user.first_name or "名",
        "last_name": user.last_name or "姓",
        "real_name": user.real_name,
        "mobile": user.mobile,
        "unit": user.unit_id,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        **fields,
    }


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def platform_admins():
    return Group.objects.get(name=PLATFORM_ADMINS)


def test_a_platform_admin_cannot_create_a_superuser(client, pingtai):
    client.force_login(pingtai)
    response = client.post(reverse("wagtailusers_users:add"), new_account(is_superuser="on"))
    assert response.status_code == 200
    assert "只有超级管理员可以设置或取消超级管理员" in response.content.decode()
    assert not User.objects.filter(username="lisi").exists()
    refused = events(AuditAction.PRIVILEGE_REFUSED, user=pingtai).get()
    assert refused.details["attempted"] == ["is_superuser"] and refused.details["target"] == "lisi"


def test_a_platform_admin_cannot_grant_the_platform_admin_group(client, pingtai, editor):
    client.force_login(pingtai)
    response = client.post(reverse("wagtailusers_users:add"), new_account(groups=[platform_admins().pk]))
    assert response.status_code == 200 and "只有超级管理员可以授予或收回" in response.content.decode()
    assert not User.objects.filter(username="lisi").exists()

    groups = set(editor.groups.all())
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    data = account_form(editor, groups=[*(group.pk for group in groups), platform_admins().pk])
    response = client.post(url, data)
    assert response.status_code == 200 and "只有超级管理员可以授予或收回" in response.content.decode()
    assert set(editor.groups.all()) == groups
    assert events(AuditAction.PRIVILEGE_REFUSED, user=pingtai).count() == 2
    assert not events(AuditAction.GROUPS_CHANGED, object_id=str(editor.pk), user=pingtai).exists()


def test_a_platform_admin_cannot_reset_a_superusers_password(client, pingtai, root):
    client.force_login(pingtai)
    url = reverse("wagtailusers_users:edit", args=[root.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, account_form(root, password1="Taken#Over2026", password2="Taken#Over2026"))
    assert response.status_code == 403
    assert "只有超级管理员可以修改超级管理员和平台管理员的账号" in response.content.decode()
    root.refresh_from_db()
    assert root.check_password(PASSWORD)
    assert events(AuditAction.PRIVILEGE_REFUSED, user=pingtai, object_id=str(root.pk)).count() == 1
    assert not events(AuditAction.PASSWORD_CHANGED, object_id=str(root.pk)).exists()


def test_a_platform_admin_cannot_bulk_assign_the_platform_admin_group(client, pingtai, editor):
    client.force_login(pingtai)
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "assign_role"]) + f"?id={editor.pk}"
    response = client.post(url, {"role": platform_admins().pk})
    assert response.status_code == 403
    assert not editor.groups.filter(name=PLATFORM_ADMINS).exists()
    assert events(AuditAction.PRIVILEGE_REFUSED, user=pingtai).count() == 1


def test_a_platform_admin_cannot_bulk_deactivate_a_superuser(client, pingtai, root):
    client.force_login(pingtai)
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "set_active_state"]) + f"?id={root.pk}"
    response = client.post(url, {"mark_as_active": "False"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active
    assert events(AuditAction.PRIVILEGE_REFUSED, user=pingtai, object_id=str(root.pk)).count() == 1


def test_a_platform_admin_cannot_give_a_group_account_management(client, pingtai):
    client.force_login(pingtai)
    response = client.post(reverse("wagtailusers_groups:edit", args=[platform_admins().pk]), {"name": "改名"})
    assert response.status_code == 403
    assert Group.objects.filter(name=PLATFORM_ADMINS).exists()

    editors = Group.objects.get(name="市教体局·编辑")
    add_user = Permission.objects.get(content_type__app_label="accounts", codename="add_user")
    response = client.post(reverse("wagtailusers_groups:add"), {"name": "账号管理员", "permissions": [add_user.pk]})
    assert (
        response.status_code == 200
        and "只有超级管理员可以授予或收回管理账号和用户组的权限" in response.content.decode()
    )
    assert not Group.objects.filter(name="账号管理员").exists()
    assert not editors.permissions.filter(pk=add_user.pk).exists()
    assert events(AuditAction.PRIVILEGE_REFUSED, user=pingtai).count() == 2


def test_a_platform_admin_still_creates_ordinary_accounts_and_that_is_audited(client, pingtai):
    client.force_login(pingtai)
    editors = Group.objects.get(name="市教体局·编辑")
    response = client.post(reverse("wagtailusers_users:add"), new_account(groups=[editors.pk]))
    assert response.status_code == 302, response.context["form"].errors
    lisi = User.objects.get(username="lisi")
    assert list(lisi.groups.all()) == [editors] and not lisi.is_superuser
    assert events(AuditAction.ACCOUNT_CREATED, user=pingtai, object_id=str(lisi.pk)).exists()
    assert events(AuditAction.GROUPS_CHANGED, user=pingtai, object_id=str(lisi.pk)).get().details["names"] == [
        "市教体局·编辑"
    ]
    assert not events(AuditAction.SUPERUSER_CHANGED, object_id=str(lisi.pk)).exists()


def test_a_superuser_grants_these_powers_and_each_grant_is_audited(client, root, pingtai, editor):
    client.force_login(root)
    response = client.post(reverse("wagtailusers_users:add"), new_account(is_superuser="on"))
    assert response.status_code == 302
    lisi = User.objects.get(username="lisi")
    assert lisi.is_superuser
    assert events(AuditAction.ACCOUNT_CREATED, user=root, object_id=str(lisi.pk)).exists()
    assert events(AuditAction.SUPERUSER_CHANGED, user=root, object_id=str(lisi.pk)).get().details["change"] == "granted"

    data = account_form(editor, groups=[*(group.pk for group in editor.groups.all()), platform_admins().pk])
    assert client.post(reverse("wagtailusers_users:edit", args=[editor.pk]), data).status_code == 302
    assert editor.groups.filter(name=PLATFORM_ADMINS).exists()
    assert (
        PLATFORM_ADMINS
        in events(AuditAction.GROUPS_CHANGED, user=root, object_id=str(editor.pk)).get().details["names"]
    )

    data = account_form(pingtai, password1="Pingtai#Reset2026", password2="Pingtai#Reset2026")
    assert client.post(reverse("wagtailusers_users:edit", args=[pingtai.pk]), data).status_code == 302
    pingtai.refresh_from_db()
    assert pingtai.check_password("Pingtai#Reset2026")
    reset = events(AuditAction.PASSWORD_CHANGED, object_id=str(pingtai.pk)).get()
    assert (reset.user, reset.details["by"]) == (root, "管理员重置")

    data = account_form(lisi)
    assert client.post(reverse("wagtailusers_users:edit", args=[lisi.pk]), data).status_code == 302
    lisi.refresh_from_db()
    assert not lisi.is_superuser
    assert events(AuditAction.SUPERUSER_CHANGED, user=root, object_id=str(lisi.pk), details__change="revoked").exists()


def test_a_self_service_password_reset_is_audited(client, editor):
    editor.email = "panyue@example.cn"
    editor.save()
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    confirm = client.get(reverse("wagtailadmin_password_reset_confirm", args=[uid, token]))
    assert confirm.status_code == 302
    response = client.post(confirm["Location"], {"new_password1": "Panyue#New2026", "new_password2": "Panyue#New2026"})
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("Panyue#New2026")
    reset = events(AuditAction.PASSWORD_CHANGED, object_id=str(editor.pk)).get()
    assert (reset.user, reset.details["by"]) == (editor, "本人通过找回密码重置")


def group_form(name, permissions):
    data = {"name": name, "permissions": [permission.pk for permission in permissions]}
    for prefix in ("page_permissions", "collection_permissions", "image_permissions", "document_permissions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def test_group_permissions_given_by_a_superuser_are_audited(client, root):
    client.force_login(root)
    add_user = Permission.objects.get(content_type__app_label="accounts", codename="add_user")
    response = client.post(reverse("wagtailusers_groups:add"), group_form("账号管理员", [add_user]))
    assert response.status_code == 302
    group = Group.objects.get(name="账号管理员")
    assert list(group.permissions.all()) == [add_user]
    granted = events(AuditAction.PERMISSIONS_CHANGED, user=root, object_id=str(group.pk)).get()
    assert granted.details["change"] == "added" and granted.details["ids"] == [add_user.pk]


def test_a_platform_admin_edits_ordinary_groups_and_that_is_audited(client, pingtai):
    client.force_login(pingtai)
    # One the group form offers that manages neither accounts nor groups.
    offered = GroupForm().fields["permissions"].queryset
    ordinary = offered.exclude(pk__in=management_permissions()).first()
    response = client.post(reverse("wagtailusers_groups:add"), group_form("单位名录维护", [ordinary]))
    assert response.status_code == 302
    group = Group.objects.get(name="单位名录维护")
    assert events(AuditAction.PERMISSIONS_CHANGED, user=pingtai, object_id=str(group.pk)).exists()
