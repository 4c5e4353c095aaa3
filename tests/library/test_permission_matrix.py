"""Least privilege (第十三条(三)) read from the portal's own catalogue: an
editor of a unit publishes into the columns 附件1 gives that unit, and is
refused (403) everywhere else."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from cluster.catalogue import catalogue_rows
from cluster.models import ColumnPage, GuaranteeMode, SiteRecord
from library.models import Placement
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db

# Catalogue entries that name every municipal department at once.
ALL_DEPARTMENTS = {"市直各部门", "市政府各部门", "其他相关单位", "政策起草部门", "专题牵头单位"}
UNITS = ["市财政局", "市发改委", "市教体局", "市住建局", "市统计局", "市司法局"]


def portal_columns_by_responsibility(unit: str) -> tuple[list[ColumnPage], list[ColumnPage]]:
    record = SiteRecord.objects.get(domain="www.jdz.gov.cn")
    rows = catalogue_rows(record)
    columns = {c.path: c for c in ColumnPage.objects.descendant_of(record.site.root_page)}
    by_path = {"/".join(row["path"]): row for row in rows}
    own, other = [], []
    for column in sorted(columns.values(), key=lambda c: c.path):
        if column.numchild or column.mode in (GuaranteeMode.SUBMISSION, GuaranteeMode.LINK):
            continue
        names = [a.title for a in column.get_ancestors()[2:]] + [column.title]
        units = set(by_path["/".join(names)]["units"])
        (own if unit in units or units & ALL_DEPARTMENTS else other).append(column)
    return own, other


def sample(columns, k=4):
    step = max(len(columns) // k, 1)
    return columns[::step][:k]


@pytest.mark.parametrize("unit", UNITS)
def test_an_editor_publishes_only_into_the_columns_of_their_unit(client, unit):
    own, other = portal_columns_by_responsibility(unit)
    assert own and other
    editor = factories.user_in(unit)
    client.force_login(editor)
    resource = factories.article(unit=unit, title=f"{unit}发布测试")
    url = reverse("library:place", args=[resource.pk])
    for column in sample(own):
        assert client.post(url, {"columns": [column.pk]}).status_code == 302, column.title
        assert Placement.objects.filter(resource=resource, column=column).exists()
    for column in sample(other):
        response = client.post(url, {"columns": [column.pk]})
        assert response.status_code == 403, column.title
        assert not Placement.objects.filter(resource=resource, column=column).exists()


def test_the_finance_bureau_publishes_budgets_and_not_rules(client):
    editor = factories.user_in("市财政局")
    client.force_login(editor)
    resource = factories.article(unit="市财政局", title="2026年市本级预算公开")
    budget = factories.column("www.jdz.gov.cn", "政务公开/法定主动公开内容/管理公开/财政信息/预决算公开")
    rules = factories.column("www.jdz.gov.cn", "政务公开/法定主动公开内容/政策文件/规章")
    url = reverse("library:place", args=[resource.pk])
    assert client.post(url, {"columns": [budget.pk]}).status_code == 302
    refused = client.post(url, {"columns": [rules.pk]})
    assert refused.status_code == 403 and "规章" in refused.content.decode()
    assert list(resource.placements.values_list("column__title", flat=True)) == ["预决算公开"]


def test_an_account_without_the_editor_role_places_nothing(client):
    outsider = User.objects.create_user(
        username="no-role",
        password="Pw-2026-test",
        unit=OrgUnit.objects.get(short_name="市财政局"),
        mobile="13907989999",
    )
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    resource = factories.article(unit="市财政局", title="无角色账号")
    budget = factories.column("www.jdz.gov.cn", "政务公开/法定主动公开内容/管理公开/财政信息/预决算公开")
    assert client.post(reverse("library:place", args=[resource.pk]), {"columns": [budget.pk]}).status_code == 403
    assert not resource.placements.exists()
