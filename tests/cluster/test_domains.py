import re

import pytest

from cluster import domains


@pytest.mark.parametrize(
    ("domain", "county"),
    [
        ("www.cjq.gov.cn", "昌江区"),
        ("www.cj.gov.cn", "昌江区"),
        ("www.flx.gov.cn", "浮梁县"),
        ("www.lps.gov.cn", "乐平市"),
        # 乐 reads lè or yuè: either reading's initials are accepted.
        ("www.yps.gov.cn", "乐平市"),
        ("WWW.ZSQ.GOV.CN.", "珠山区"),
    ],
)
def test_county_portal_domain_accepts_pinyin_initials(domain, county):
    domains.check_county_portal_domain(domain, county)


@pytest.mark.parametrize(
    "domain",
    ["www.changjiang.gov.cn", "cjq.gov.cn", "www.cjq.gov.com", "www.abc.gov.cn", "www.cjq.jdz.gov.cn"],
)
def test_county_portal_domain_names_the_rule_when_wrong(domain):
    with pytest.raises(domains.DomainRuleError) as exc:
        domains.check_county_portal_domain(domain, "昌江区")
    assert "www.□□□.gov.cn" in str(exc.value)
    assert "拼音首字母" in str(exc.value)
    assert domain in str(exc.value)


def test_department_domain_is_one_label_below_the_parent_portal():
    domains.check_department_domain("fgw.jdz.gov.cn", "www.jdz.gov.cn")
    domains.check_department_domain("fgj.cjq.gov.cn", "www.cjq.gov.cn")
    for wrong in ("fgw.gov.cn", "a.b.jdz.gov.cn", "www.jdz.gov.cn", "fgw.cjq.gov.cn", "fgw.www.jdz.gov.cn"):
        with pytest.raises(domains.DomainRuleError, match=re.escape("○○○.jdz.gov.cn")):
            domains.check_department_domain(wrong, "www.jdz.gov.cn")


def test_chinese_domain_uses_the_unit_name_and_the_zhengwu_tld():
    names = ["景德镇市财政局", "市财政局"]
    domains.check_chinese_domain("市财政局.政务", names)
    domains.check_chinese_domain(domains.to_ascii("景德镇市财政局.政务"), names)
    for wrong in ("财政.政务", "市财政局.中国", "czj.政务"):
        with pytest.raises(domains.DomainRuleError, match=r"□□□\.政务"):
            domains.check_chinese_domain(wrong, names)


def test_chinese_domain_round_trips_through_punycode():
    ascii_form = domains.to_ascii("昌江区.政务")
    assert ascii_form.startswith("xn--") and ascii_form.endswith(".xn--zfr164b")
    assert domains.to_unicode(ascii_form) == "昌江区.政务"


@pytest.mark.parametrize("bad", ["exa mple.gov.cn", "-bad.gov.cn", "under_score.gov.cn", "a..b.cn"])
def test_malformed_hostnames_are_refused(bad):
    with pytest.raises(domains.DomainRuleError):
        domains.check_hostname(bad)
