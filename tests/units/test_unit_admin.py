"""网站群管理 › 单位名录: the operator registers and corrects units in the
admin, with the registry's rules shown on the form."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import user_in
from units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    client.force_login(User.objects.get(username="pingtai"))


def _form(**fields):
    data = {
        "name": "景德镇市交通运输局",
        "short_name": "市交通局",
        "kind": "municipal_department",
        "parent": "",
        "credit_code": "11360200014471944b",
        "aliases": "市交通运输局\n交通局",
        "sort_order": "40",
    }
    return {**data, **fields}


def test_the_operator_lists_and_searches_units(client, operator):
    listing = client.get(reverse("orgunit:index"), {"q": "财政"}).content.decode()
    assert "景德镇市财政局" in listing and "景德镇市发展和改革委员会" not in listing
    towns = client.get(reverse("orgunit:index"), {"kind": "collective"}).content.decode()
    assert "市直各部门" in towns and "景德镇市财政局" not in towns


def test_a_unit_is_registered_with_its_names_and_credit_code(client, operator):
    response = client.post(reverse("orgunit:add"), _form())
    assert response.status_code == 302
    unit = OrgUnit.objects.get(short_name="市交通局")
    assert unit.credit_code == "11360200014471944B"
    assert unit.aliases == ["市交通运输局", "交通局"]


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"credit_code": "1136020001447194"}, "credit_code", "18位"),
        ({"credit_code": "11360200014471944O"}, "credit_code", "I、O、S、V、Z"),
        ({"credit_code": "11360200014471901P"}, "credit_code", "已登记给其他单位"),
        ({"short_name": "市财政局"}, "short_name", "已存在"),
        ({"aliases": "市政府办"}, "aliases", "景德镇市人民政府办公室"),
        ({"member_kinds": ["town"]}, "member_kinds", "只有单位集合"),
        ({"kind": "collective"}, "member_kinds", "须选择"),
        ({"kind": "ministry"}, "kind", "ministry"),
    ],
)
def test_a_wrong_unit_is_refused_with_the_reason_and_nothing_is_written(client, operator, fields, field, expected):
    before = OrgUnit.objects.count()
    response = client.post(reverse("orgunit:add"), _form(**fields))
    assert response.status_code == 200
    assert expected in " ".join(response.context["form"].errors[field])
    assert OrgUnit.objects.count() == before


def test_a_unit_is_corrected_and_cannot_be_its_own_superior(client, operator):
    finance = OrgUnit.objects.get(short_name="市财政局")
    office = OrgUnit.objects.get(short_name="市财政局办公室")
    data = _form(name=finance.name, short_name=finance.short_name, credit_code=finance.credit_code, aliases="")
    refused = client.post(reverse("orgunit:edit", args=[finance.pk]), {**data, "parent": office.pk})
    assert "上级单位不能是本单位" in refused.context["form"].errors["parent"][0]
    finance.refresh_from_db()
    assert finance.parent is None

    assert client.post(reverse("orgunit:edit", args=[finance.pk]), {**data, "aliases": "财政局"}).status_code == 302
    finance.refresh_from_db()
    assert finance.aliases == ["财政局"]


def test_unit_editors_may_not_open_the_unit_registry(client):
    client.force_login(user_in("市财政局"))
    finance = OrgUnit.objects.get(short_name="市财政局")
    for url in (reverse("orgunit:index"), reverse("orgunit:add"), reverse("orgunit:edit", args=[finance.pk])):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("orgunit:edit", args=[finance.pk]), _form(name="改名")).status_code == 403
    assert OrgUnit.objects.get(pk=finance.pk).name == "景德镇市财政局"


def test_renaming_a_unit_renames_its_website(client, operator):
    finance = OrgUnit.objects.get(short_name="市财政局")
    data = _form(name="景德镇市财政局(市国资委)", short_name="市财政局", credit_code=finance.credit_code, aliases="")
    assert client.post(reverse("orgunit:edit", args=[finance.pk]), data).status_code == 302
    home = client.get("/", HTTP_HOST="czj.jdz.gov.cn").content.decode()
    assert "<title>景德镇市财政局(市国资委)</title>" in home
    assert '<meta name="SiteName" content="景德镇市财政局(市国资委)">' in home
