import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from wagtail.models import Site

from units.models import UnitKind

from .. import domains
from .choices import SiteKind, SiteStatus

icp_validator = RegexValidator(r"^[\u4e00-\u9fa5]ICP备\d{8}号(-\d+)?$", "ICP备案号格式应如“赣ICP备05003497号-1”。")
police_validator = RegexValidator(
    r"^[\u4e00-\u9fa5]公网安备 ?\d{14}号$", "公安机关备案号格式应如“赣公网安备 36020202000123号”。"
)
site_code_validator = RegexValidator(r"^[0-9A-Za-z]{10}$", "政府网站标识码为10位字母或数字,如“3602000001”。")
phone_validator = RegexValidator(r"^[0-9-]{7,20}$", "请输入电话号码,如“0798-8336122”或手机号码。")

FILINGS = {
    "icp_number": "ICP备案号",
    "police_filing_number": "公安机关备案号",
    "mlps_filing_number": "等保定级备案",
    "site_code": "政府网站标识码",
    "conac_mark_id": "党政机关网站标识",
}


PUBLIC_STATUSES = (SiteStatus.ONLINE, SiteStatus.CLOSED)

# Which units may open which kind of website (第五条(一)): governments open
# portals, municipal departments their own sites; county departments, towns
# and streets publish through their county portal instead.
UNIT_KINDS_BY_SITE_KIND = {
    SiteKind.PORTAL: (UnitKind.CITY_GOVERNMENT,),
    SiteKind.COUNTY_PORTAL: (UnitKind.COUNTY_GOVERNMENT,),
    SiteKind.DEPARTMENT: (UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.MUNICIPAL_BODY),
}


class SiteRecordQuerySet(models.QuerySet):
    def online(self):
        return self.filter(status=SiteStatus.ONLINE)

    def public(self):
        """Sites whose content the public may read: those running, and those
        closed for good, kept readable as an archive (已归档, 第七条)."""
        return self.filter(status__in=PUBLIC_STATUSES)


class SiteRecord(models.Model):
    """A government website (政府网站) of the cluster: the registry data of
    第五、六条 for one Wagtail site. Its domains route to that site."""

    site = models.OneToOneField(Site, verbose_name="站点", on_delete=models.PROTECT, related_name="record")
    unit = models.OneToOneField(
        "units.OrgUnit",
        verbose_name="开设单位",
        on_delete=models.PROTECT,
        related_name="website",
        help_text="网站名称与单位名称一致;一家单位最多开设一个网站。",
    )
    kind = models.CharField("网站类型", max_length=20, choices=SiteKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级门户网站", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    host_unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="主办单位", on_delete=models.PROTECT, related_name="hosted_websites"
    )
    operator_unit = models.ForeignKey(
        "units.OrgUnit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="operated_websites"
    )
    domain = models.CharField("英文域名", max_length=253, unique=True)
    chinese_domain = models.CharField("中文域名", max_length=253, blank=True)
    extra_domains = models.JSONField("其他域名", default=list, blank=True)

    icp_number = models.CharField("ICP备案号", max_length=40, blank=True, validators=[icp_validator])
    police_filing_number = models.CharField("公安机关备案号", max_length=40, blank=True, validators=[police_validator])
    mlps_level = models.PositiveSmallIntegerField(
        "等保级别", null=True, blank=True, choices=[(n, f"第{'一二三四五'[n - 1]}级") for n in range(1, 6)]
    )
    mlps_filing_number = models.CharField("等保定级备案编号", max_length=40, blank=True)
    conac_mark_id = models.CharField("党政机关网站标识编号", max_length=40, blank=True)
    site_code = models.CharField(
        "政府网站标识码", max_length=10, blank=True, unique=True, null=True, validators=[site_code_validator]
    )

    supervisor_name = models.CharField("主管领导", max_length=50, blank=True)
    supervisor_phone = models.CharField("主管领导电话", max_length=20, blank=True, validators=[phone_validator])
    responsible_name = models.CharField("责任人", max_length=50, blank=True)
    responsible_phone = models.CharField("责任人电话", max_length=20, blank=True, validators=[phone_validator])
    liaison_name = models.CharField("联络员", max_length=50, blank=True)
    liaison_phone = models.CharField("联络员电话", max_length=20, blank=True, validators=[phone_validator])

    index_number_pattern = models.CharField(
        "索引号规则",
        max_length=100,
        default="{code}/{year}-{serial:05d}",
        help_text="政策文件索引号的格式:{code} 统一社会信用代码,{org_code} 组织机构代码,{year} 年份,{serial} 序号。",
    )

    status = models.CharField("状态", max_length=20, choices=SiteStatus.choices, default=SiteStatus.PREPARING)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = SiteRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "政府网站"
        verbose_name_plural = "政府网站"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """网站名称 = 单位名称 (第五条(四))."""
        return self.unit.name

    @property
    def is_online(self) -> bool:
        return self.status == SiteStatus.ONLINE

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def archived_at(self):
        """When a site closed for good became an archive (已归档), else None."""
        return self.status_changed_at if self.status == SiteStatus.CLOSED else None

    @property
    def police_record_code(self) -> str:
        return "".join(re.findall(r"\d", self.police_filing_number))

    @property
    def filings_complete(self) -> bool:
        return not self.missing_filings()

    def missing_filings(self) -> list[str]:
        """管理备案 not yet recorded; a site cannot go online while any is missing."""
        return [label for field, label in FILINGS.items() if not getattr(self, field)]

    def format_index_number(self, *, code: str, year: int, serial: int) -> str:
        # 组织机构代码 is characters 9–17 of the 统一社会信用代码.
        return self.index_number_pattern.format(code=code, org_code=code[8:17], year=year, serial=serial)

    def hostnames(self) -> list[str]:
        """Every hostname that must route to this site, in Host-header form."""
        names = [self.domain, *([self.chinese_domain] if self.chinese_domain else []), *self.extra_domains]
        return list(dict.fromkeys(domains.to_ascii(name) for name in names))

    def clean(self):
        errors = {}
        try:
            self.format_index_number(code="X" * 18, year=2000, serial=1)
        except (KeyError, ValueError, IndexError):
            errors["index_number_pattern"] = "索引号规则只能使用 {code}、{org_code}、{year}、{serial} 占位符。"
        if self.unit_id and (other := SiteRecord.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk).first()):
            errors["unit"] = (
                f"“{self.unit.name}”已开设网站({other.domain}):原则上一家单位最多开设一个网站(第五条(一))。"
            )
        elif self.unit_id and self.kind in UNIT_KINDS_BY_SITE_KIND:
            allowed = UNIT_KINDS_BY_SITE_KIND[self.kind]
            if self.unit.kind not in allowed:
                errors["unit"] = (
                    f"“{self.unit.name}”是{self.unit.get_kind_display()},不能开设{SiteKind(self.kind).label}"
                    f"(第五条(一)):只有{'、'.join(UnitKind(kind).label for kind in allowed)}可以开设;"
                    "县(市、区)政府部门及乡镇(街道)通过本地政府门户网站开展政务公开,原则上不单独开设网站。"
                )
        try:
            self._check_domain()
        except domains.DomainRuleError as exc:
            errors["domain"] = str(exc)
        if self.chinese_domain and self.unit_id:
            try:
                domains.check_chinese_domain(self.chinese_domain, self.unit.names)
            except domains.DomainRuleError as exc:
                errors["chinese_domain"] = str(exc)
        for extra in self.extra_domains or []:
            try:
                domains.check_hostname(extra)
            except domains.DomainRuleError as exc:
                errors["extra_domains"] = str(exc)
        if self.kind == SiteKind.PORTAL and self.parent_id:
            errors["parent"] = "市政府门户网站没有上级门户网站。"
        if self.kind != SiteKind.PORTAL and not self.parent_id:
            errors["parent"] = "县区门户网站和部门网站须指定上级门户网站。"
        if self.status == SiteStatus.ONLINE and (missing := self.missing_filings()):
            errors["status"] = f"未完成管理备案的网站不得上线运行(第五条(三)),缺少:{'、'.join(missing)}。"
        if errors:
            raise ValidationError(errors)

    def _check_domain(self):
        domains.check_hostname(self.domain)
        if self.kind == SiteKind.COUNTY_PORTAL and self.unit_id:
            domains.check_county_portal_domain(self.domain, self.unit.short_name)
        elif self.kind == SiteKind.DEPARTMENT and self.parent_id:
            domains.check_department_domain(self.domain, self.parent.domain)
