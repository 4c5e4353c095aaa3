"""网站群管理 › 政府网站: the operator opens, edits and switches websites in
the admin, through the registry services and their rules."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from accounts.models import User
from audit.models import AuditAction, AuditEvent
from cluster.models import SiteRecord, SiteStatus
from cluster.services import site_record_update
from tests.factories import portal, user_in
from units.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db

FILINGS = {
    "icp_number": "赣ICP备05003497号-21",
    "police_filing_number": "赣公网安备 36020202000121号",
    "mlps_level": "2",
    "mlps_filing_number": "36020043001-23021",
    "conac_mark_id": "0300000030020021",
    "site_code": "3602000021",
}


@pytest.fixture
def operator(client):
    """The demo's 平台管理员 of 市政数局: not a superuser."""
    user = User.objects.get(username="pingtai")
    client.force_login(user)
    return user


@pytest.fixture
def new_unit():
    return OrgUnit.objects.create(name="景德镇市交通运输局", short_name="市交通局", kind=UnitKind.MUNICIPAL_DEPARTMENT)


def _form(opening: OrgUnit, **fields):
    """The create or edit form of a department site opened by ``opening``."""
    data = {
        "unit": opening.pk,
        "kind": "department",
        "parent": portal().pk,
        "host_unit": opening.pk,
        "operator_unit": opening.pk,
        "domain": "jtysj.jdz.gov.cn",
        "chinese_domain": "市交通局.政务",
        "extra_domains": "",
        "index_number_pattern": "{code}/{year}-{serial:05d}",
        "sort_order": "50",
        "responsible_name": "陈明",
        "responsible_phone": "0798-8200001",
    }
    return {**data, **fields}


def _counts():
    return Page.objects.count(), Site.objects.count(), SiteRecord.objects.count()


def test_the_operator_lists_sites_with_their_filings_and_can_search_and_filter(client, operator):
    response = client.get(reverse("siterecord:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "景德镇市人民政府" in html and "www.cjq.gov.cn" in html and "齐全" in html
    found = client.get(reverse("siterecord:index"), {"q": "昌江"}).content.decode()
    assert "www.cjq.gov.cn" in found and "www.zsq.gov.cn" not in found
    departments = client.get(reverse("siterecord:index"), {"kind": "department"}).content.decode()
    assert "czj.jdz.gov.cn" in departments and "www.cjq.gov.cn" not in departments


def test_a_site_created_in_the_admin_and_put_online_answers_on_its_domains(client, operator, new_unit):
    response = client.post(reverse("siterecord:add"), _form(new_unit, extra_domains="jtys.jdz.gov.cn\n"))
    assert response.status_code == 302, response.context["form"].errors
    record = SiteRecord.objects.get(unit=new_unit)
    assert (record.status, record.domain, record.extra_domains) == (
        SiteStatus.PREPARING,
        "jtysj.jdz.gov.cn",
        ["jtys.jdz.gov.cn"],
    )
    assert record.site.root_page.specific.title == "景德镇市交通运输局"

    refused = client.post(reverse("siterecord:status", args=[record.pk]), {"status": "online"})
    assert refused.status_code == 200
    message = refused.content.decode()
    for missing in ("ICP备案号", "公安机关备案号", "等保定级备案", "政府网站标识码", "党政机关网站标识"):
        assert missing in message
    record.refresh_from_db()
    assert record.status == SiteStatus.PREPARING

    edit = client.post(
        reverse("siterecord:edit", args=[record.pk]), _form(new_unit, extra_domains="jtys.jdz.gov.cn", **FILINGS)
    )
    assert edit.status_code == 302
    assert client.post(reverse("siterecord:status", args=[record.pk]), {"status": "online"}).status_code == 302
    record.refresh_from_db()
    assert record.status == SiteStatus.ONLINE
    assert AuditEvent.objects.filter(action=AuditAction.SITE_STATUS, object_id=str(record.pk), user=operator).exists()

    client.logout()
    for host in ("jtysj.jdz.gov.cn", "jtys.jdz.gov.cn", "xn--tlqr54askbwx7h.xn--zfr164b"):
        page = client.get("/", HTTP_HOST=host)
        assert page.status_code == 200, host
        assert '<meta name="SiteName" content="景德镇市交通运输局">' in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"domain": "jtysj.gov.cn"}, "domain", "○○○.jdz.gov.cn"),
        ({"chinese_domain": "交通.政务"}, "chinese_domain", "□□□.政务"),
        ({"kind": "county_portal", "domain": "www.jtysj.gov.cn"}, "unit", "第五条(一)"),
        ({"parent": ""}, "parent", "须指定上级门户网站"),
        ({"icp_number": "ICP 123"}, "icp_number", "赣ICP备05003497号-1"),
        ({"responsible_phone": "电话"}, "responsible_phone", "电话号码"),
        ({"domain": "czj.jdz.gov.cn"}, "domain", "已存在"),
        ({"extra_domains": "www.jdz.gov.cn"}, "extra_domains", "已被其他网站使用"),
    ],
)
def test_a_wrong_site_form_names_the_rule_and_writes_nothing(client, operator, new_unit, fields, field, expected):
    before = _counts()
    response = client.post(reverse("siterecord:add"), _form(new_unit, **fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert expected in " ".join(errors.get(field, errors.get("__all__", []))), errors
    assert _counts() == before


def test_a_domain_that_already_routes_to_another_site_is_refused(client, operator, new_unit):
    site_record_update(record=SiteRecord.objects.get(domain="fgw.jdz.gov.cn"), extra_domains=["jtysj.jdz.gov.cn"])
    before = _counts()
    response = client.post(reverse("siterecord:add"), _form(new_unit))
    assert response.status_code == 200
    assert response.context["form"].errors["domain"] == ["域名jtysj.jdz.gov.cn已被其他网站使用。"]
    assert _counts() == before


def test_a_unit_with_a_website_cannot_open_another(client, operator):
    finance = OrgUnit.objects.get(short_name="市财政局")
    response = client.post(reverse("siterecord:add"), _form(finance, domain="caizheng.jdz.gov.cn"))
    assert "一家单位最多开设一个网站" in response.context["form"].errors["unit"][0]


def test_editing_a_site_goes_through_the_registry_rules(client, operator):
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    url = reverse("siterecord:edit", args=[county.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["extra_domains"] = "\n".join(county.extra_domains)

    refused = client.post(url, {**data, "domain": "www.changjiang.gov.cn"})
    assert "拼音首字母" in refused.context["form"].errors["domain"][0]
    county.refresh_from_db()
    assert county.domain == "www.cjq.gov.cn"

    assert client.post(url, {**data, "liaison_name": "徐航航"}).status_code == 302
    county.refresh_from_db()
    assert county.liaison_name == "徐航航"


def test_sites_are_never_deleted_from_the_admin(client, operator):
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    response = client.post(reverse("siterecord:delete", args=[county.pk]))
    assert response.status_code in (302, 403)
    assert SiteRecord.objects.filter(pk=county.pk).exists()
    assert (
        reverse("siterecord:delete", args=[county.pk])
        not in client.get(reverse("siterecord:edit", args=[county.pk])).content.decode()
    )


def test_unit_editors_may_not_open_the_site_registry(client):
    client.force_login(user_in("市财政局"))
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    for url in (
        reverse("siterecord:index"),
        reverse("siterecord:add"),
        reverse("siterecord:edit", args=[county.pk]),
        reverse("siterecord:status", args=[county.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("siterecord:status", args=[county.pk]), {"status": "offline"}).status_code == 403
    county.refresh_from_db()
    assert county.status == SiteStatus.ONLINE
    assert "网站群管理" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"mlps_level": "9"},
        {"extra_domains": "http://例子 .com/路径, ..", "domain": "x" * 300},
        {"unit": "999999", "parent": "abc", "sort_order": "-1"},
        {"chinese_domain": "..政务", "index_number_pattern": "{unknown}"},
    ],
)
def test_any_bad_input_is_answered_with_the_form_not_an_error(client, operator, new_unit, fields):
    before = _counts()
    response = client.post(reverse("siterecord:add"), _form(new_unit, **fields))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _counts() == before


def test_an_unknown_status_or_site_is_refused(client, operator):
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    response = client.post(reverse("siterecord:status", args=[county.pk]), {"status": "bogus"})
    assert response.status_code == 200 and "status" in response.context["form"].errors
    assert client.post(reverse("siterecord:status", args=[999999]), {"status": "offline"}).status_code == 404
    county.refresh_from_db()
    assert county.status == SiteStatus.ONLINE
