import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from cluster import domains
from cluster.models import SiteKind, SiteRecord, SiteStatus
from cluster.services import site_record_create, site_record_update, site_set_status
from units.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    return SiteRecord.objects.get(domain="www.jdz.gov.cn")


@pytest.fixture
def new_unit():
    return OrgUnit.objects.create(name="景德镇市交通运输局", short_name="市交通局", kind=UnitKind.MUNICIPAL_DEPARTMENT)


def _complete_filings():
    return {
        "icp_number": "赣ICP备05003497号-21",
        "police_filing_number": "赣公网安备 36020202000121号",
        "mlps_level": 2,
        "mlps_filing_number": "36020043001-23021",
        "conac_mark_id": "0300000030020021",
        "site_code": "3602000021",
    }


def test_the_demo_cluster_has_a_portal_four_counties_and_three_departments():
    kinds = list(SiteRecord.objects.values_list("kind", flat=True))
    assert kinds.count(SiteKind.PORTAL) == 1
    assert kinds.count(SiteKind.COUNTY_PORTAL) == 4
    assert kinds.count(SiteKind.DEPARTMENT) >= 3
    assert set(SiteRecord.objects.values_list("status", flat=True)) == {SiteStatus.ONLINE}


def test_site_name_is_the_unit_name_and_shown_in_the_header(client, portal):
    assert portal.name == portal.unit.name == "景德镇市人民政府"
    html = client.get("/", HTTP_HOST="www.jdz.gov.cn").content.decode()
    assert '<a class="site-name" href="/">景德镇市人民政府</a>' in html


def test_creating_a_department_site_makes_its_home_page_site_and_domains(portal, new_unit):
    record = site_record_create(
        unit=new_unit,
        kind=SiteKind.DEPARTMENT,
        parent=portal,
        host_unit=new_unit,
        operator_unit=new_unit,
        domain="jtysj.jdz.gov.cn",
        chinese_domain="市交通局.政务",
    )
    assert record.status == SiteStatus.PREPARING
    assert record.site.root_page.title == "景德镇市交通运输局"
    hostnames = set(Site.objects.filter(root_page=record.site.root_page).values_list("hostname", flat=True))
    assert hostnames == {"jtysj.jdz.gov.cn", domains.to_ascii("市交通局.政务")}


def test_a_wrong_department_domain_is_refused_naming_the_rule_and_nothing_is_written(portal, new_unit):
    pages_before, sites_before = Page.objects.count(), Site.objects.count()
    with pytest.raises(ValidationError) as exc:
        site_record_create(
            unit=new_unit,
            kind=SiteKind.DEPARTMENT,
            parent=portal,
            host_unit=new_unit,
            operator_unit=new_unit,
            domain="jtysj.gov.cn",
        )
    assert "○○○.jdz.gov.cn" in exc.value.message_dict["domain"][0]
    assert (Page.objects.count(), Site.objects.count()) == (pages_before, sites_before)
    assert not SiteRecord.objects.filter(unit=new_unit).exists()


def test_a_wrong_county_domain_and_chinese_domain_are_refused(portal):
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    with pytest.raises(ValidationError) as exc:
        site_record_update(record=county, domain="www.changjiang.gov.cn", chinese_domain="长江区.政务")
    errors = exc.value.message_dict
    assert "拼音首字母" in errors["domain"][0]
    assert "□□□.政务" in errors["chinese_domain"][0]
    county.refresh_from_db()
    assert county.domain == "www.cjq.gov.cn"


def test_one_unit_has_at_most_one_website(portal):
    with pytest.raises(ValidationError):
        site_record_create(
            unit=OrgUnit.objects.get(short_name="市财政局"),
            kind=SiteKind.DEPARTMENT,
            parent=portal,
            host_unit=portal.host_unit,
            operator_unit=portal.operator_unit,
            domain="caizheng.jdz.gov.cn",
        )


def test_going_online_needs_every_filing_and_lists_what_is_missing(portal, new_unit):
    record = site_record_create(
        unit=new_unit,
        kind=SiteKind.DEPARTMENT,
        parent=portal,
        host_unit=new_unit,
        operator_unit=new_unit,
        domain="jtysj.jdz.gov.cn",
        icp_number="赣ICP备05003497号-21",
    )
    with pytest.raises(ValidationError) as exc:
        site_set_status(record=record, status=SiteStatus.ONLINE)
    message = exc.value.message_dict["status"][0]
    for missing in ("公安机关备案号", "等保定级备案", "政府网站标识码", "党政机关网站标识"):
        assert missing in message
    assert "ICP备案号" not in message
    record.refresh_from_db()
    assert record.status == SiteStatus.PREPARING

    site_record_update(record=record, **_complete_filings())
    site_set_status(record=record, status=SiteStatus.ONLINE)
    record.refresh_from_db()
    assert record.status == SiteStatus.ONLINE


def test_filing_numbers_are_checked_for_shape(portal):
    with pytest.raises(ValidationError) as exc:
        site_record_update(record=portal, icp_number="ICP 123", police_filing_number="36020202000101", site_code="12")
    assert set(exc.value.message_dict) == {"icp_number", "police_filing_number", "site_code"}


@pytest.mark.parametrize(
    ("host", "site_name"),
    [
        ("www.jdz.gov.cn", "景德镇市人民政府"),
        ("jdz.gov.cn", "景德镇市人民政府"),
        ("xn--gmq658ainaj9am8o9ybr7rm76f.xn--zfr164b", "景德镇市人民政府"),
        ("www.cjq.gov.cn", "昌江区人民政府"),
        ("xn--dkrv15b1se.xn--zfr164b", "昌江区人民政府"),
        ("czj.jdz.gov.cn", "景德镇市财政局"),
        ("czj.jdz.gov.cn:8080", "景德镇市财政局"),
    ],
)
def test_every_domain_of_a_site_routes_to_it(client, host, site_name):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    assert f'<meta name="SiteName" content="{site_name}">' in response.content.decode()


def test_an_extra_domain_added_later_routes_to_the_site(client):
    record = SiteRecord.objects.get(domain="fgw.jdz.gov.cn")
    site_record_update(record=record, extra_domains=["drc.jdz.gov.cn"])
    response = client.get("/", HTTP_HOST="drc.jdz.gov.cn")
    assert '<meta name="SiteName" content="景德镇市发展和改革委员会">' in response.content.decode()
