"""Domain rules of 第五条(四): how each kind of government website is named.

Each rule raises ``DomainRuleError`` with a message that names the rule, so an
operator who types a wrong domain learns what the right one looks like."""

import re

from core.pinyin import initials_readings

CHINESE_TLD = "政务"
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_ADMIN_SUFFIXES = ("市", "区", "县")


class DomainRuleError(ValueError):
    pass


def normalize(hostname: str) -> str:
    return hostname.strip().rstrip(".").lower()


def to_ascii(hostname: str) -> str:
    """The form a Host header carries: Chinese labels become punycode."""
    try:
        return normalize(hostname).encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise DomainRuleError(f"“{hostname}”不是合法的域名。") from exc


def to_unicode(hostname: str) -> str:
    try:
        return normalize(hostname).encode("ascii").decode("idna")
    except UnicodeError:
        return normalize(hostname)


def _labels(domain: str) -> list[str]:
    labels = normalize(domain).split(".")
    for label in labels:
        if not _LABEL.match(label):
            raise DomainRuleError(f"“{domain}”含有不合法的域名标签“{label}”:只能使用小写字母、数字和连字符。")
    return labels


def county_label_options(county_name: str) -> set[str]:
    """Initials of the county's name, with or without its 市/区/县 suffix."""
    names = {county_name}
    if county_name.endswith(_ADMIN_SUFFIXES) and len(county_name) > 2:
        names.add(county_name[:-1])
    return {reading for name in names for reading in initials_readings(name)}


def check_county_portal_domain(domain: str, county_name: str) -> None:
    """县(市、区)政府门户网站: www.<拼音首字母>.gov.cn."""
    labels = _labels(domain)
    options = county_label_options(county_name)
    if len(labels) != 4 or labels[0] != "www" or labels[2:] != ["gov", "cn"] or labels[1] not in options:
        example = sorted(options, key=len)[0] if options else "xx"
        raise DomainRuleError(
            f"县(市、区)政府门户网站的英文域名应为“www.□□□.gov.cn”,□□□为“{county_name}”名称的拼音首字母组合"
            f"(如 www.{example}.gov.cn),而不是“{domain}”。"
        )


def check_department_domain(domain: str, parent_domain: str) -> None:
    """部门网站: <部门名称拼音或英文>.<本级政府门户网站域名>, i.e. one label below
    the parent portal's domain with its leading “www.” dropped."""
    labels = _labels(domain)
    parent = normalize(parent_domain)
    base = parent[4:] if parent.startswith("www.") else parent
    if len(labels) < 2 or ".".join(labels[1:]) != base or labels[0] == "www":
        raise DomainRuleError(
            f"部门网站的英文域名应为“○○○.{base}”(○○○为部门名称拼音或英文),使用本级政府门户网站{parent}的下级域名,"
            f"而不是“{domain}”。"
        )


def check_chinese_domain(domain: str, unit_names: list[str]) -> None:
    """中文域名: <中文全称或规范简称>.政务."""
    name, _, tld = to_unicode(domain).rpartition(".")
    if tld != CHINESE_TLD or name not in unit_names:
        raise DomainRuleError(
            f"中文域名应为“□□□.政务”,□□□为单位中文全称或规范简称({'、'.join(unit_names[:2])}),而不是“{domain}”。"
        )


def check_hostname(domain: str) -> None:
    _labels(to_ascii(domain))
