"""Every audited action leaves an entry saying who, what, when and from where,
and nobody can change or delete an entry."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from accounts.models import User
from audit.models import AuditAction, AuditEvent
from cluster.models import SiteRecord, SiteStatus
from cluster.services import site_set_status
from library.services import placement_delete, placement_update
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return User.objects.create_superuser(username="auditor", password="Audit#Check2026", mobile="13800000002")


def latest(action):
    return AuditEvent.objects.filter(action=action).first()


def test_logins_succeeded_and_failed_with_the_address(client, admin):
    client.post("/admin/login/", {"username": "auditor", "password": "nope"}, REMOTE_ADDR="10.5.5.5")
    failed = latest(AuditAction.LOGIN_FAILED)
    assert failed.username == "auditor" and failed.ip_address == "10.5.5.5" and failed.user is None
    client.post("/admin/login/", {"username": "auditor", "password": "Audit#Check2026"}, REMOTE_ADDR="10.5.5.6")
    ok = latest(AuditAction.LOGIN)
    assert ok.user == admin and ok.ip_address == "10.5.5.6"


def test_group_and_permission_changes(admin):
    editor = User.objects.create_user(username="editor1", password="Editor#2026x", mobile="13907980010")
    group = Group.objects.create(name="测试组")
    editor.groups.add(group)
    entry = latest(AuditAction.GROUPS_CHANGED)
    assert entry.object_repr == "editor1" and entry.details["change"] == "added" and entry.details["ids"] == [group.pk]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    assert latest(AuditAction.PERMISSIONS_CHANGED).object_repr == "测试组"
    GroupPagePermission.objects.create(
        group=group,
        page=factories.column("www.jdz.gov.cn", "政务资讯"),
        permission=Permission.objects.get(codename="publish_page"),
    )
    assert latest(AuditAction.PERMISSIONS_CHANGED).details["on"] == "政务资讯"


def test_publish_unpublish_and_placements():
    resource = factories.placed_article("www.jdz.gov.cn", "政务资讯/今日瓷都", title="审计测试新闻")
    assert latest(AuditAction.PUBLISH).object_id == str(resource.pk)
    added = latest(AuditAction.PLACEMENT_ADDED)
    assert added.object_id == str(resource.pk) and added.details["column"] == "今日瓷都"
    placement = resource.placements.get()
    placement_update(placement=placement, pinned=True)
    assert latest(AuditAction.PLACEMENT_CHANGED).details["fields"] == ["pinned"]
    placement_delete(placement=placement)
    assert latest(AuditAction.PLACEMENT_REMOVED).details["site"] == "www.jdz.gov.cn"
    resource.unpublish()
    assert latest(AuditAction.UNPUBLISH).object_id == str(resource.pk)


def test_site_status_changes(admin):
    record = SiteRecord.objects.get(domain="jtj.jdz.gov.cn")
    site_set_status(record=record, status=SiteStatus.OFFLINE, user=admin)
    entry = latest(AuditAction.SITE_STATUS)
    assert entry.user == admin and entry.details == {"previous": "online", "status": "offline"}


def test_entries_cannot_be_changed_or_deleted(admin):
    entry = AuditEvent.objects.create(action=AuditAction.LOGIN, username="x")
    entry.username = "y"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(username="z")


def test_administrators_filter_and_export_editors_are_refused(client, admin):
    client.force_login(admin)
    AuditEvent.objects.create(action=AuditAction.LOGIN_FAILED, username="someone", ip_address="10.7.7.7")
    listing = client.get("/admin/audit/", {"action": "login_failed"})
    assert listing.status_code == 200 and "10.7.7.7" in listing.content.decode()
    export = client.get("/admin/audit/", {"action": "login_failed", "export": "csv"})
    assert export.status_code == 200 and "text/csv" in export["Content-Type"]
    assert "10.7.7.7" in b"".join(export.streaming_content).decode("utf-8-sig")
    entry = AuditEvent.objects.first()
    assert client.get(f"/admin/audit/edit/{entry.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/audit/delete/{entry.pk}/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=entry.pk).exists()

    editor = User.objects.create_user(username="plain", password="Plain#2026xx", mobile="13907980011")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/audit/").status_code in (302, 403)
