import re

from django.core.exceptions import ValidationError
from django.db import models

# 统一社会信用代码 (GB 32100): registering authority and kind, six digits of
# the administrative division, then nine characters of the organisation code
# and a check character, drawn from digits and capitals without I, O, S, V, Z.
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class UnitKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", "市人民政府"
    MUNICIPAL_DEPARTMENT = "municipal_department", "市直部门"
    MUNICIPAL_BODY = "municipal_body", "市直其他机关"
    COUNTY_GOVERNMENT = "county_government", "县(市、区)人民政府"
    COUNTY_DEPARTMENT = "county_department", "县区部门"
    TOWN = "town", "乡镇(街道)"
    INTERNAL_BODY = "internal_body", "内设机构"
    COLLECTIVE = "collective", "单位集合"


class OrgUnit(models.Model):
    """An organisation unit (单位) of the registry: a department, a county
    government, a town, an internal office, or a named collective such as
    “市直各部门” that stands for every unit of the kinds it lists."""

    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("规范简称", max_length=50, unique=True)
    kind = models.CharField("类别", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    member_kinds = models.JSONField(
        "集合包含的单位类别", default=list, blank=True, help_text="仅用于单位集合,如“市直各部门”"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.short_name

    @property
    def is_collective(self) -> bool:
        return self.kind == UnitKind.COLLECTIVE

    def covers(self, unit: "OrgUnit") -> bool:
        """Whether ``unit`` is this unit, or a member of this collective."""
        if self.is_collective:
            return unit.kind in self.member_kinds
        return unit.pk == self.pk

    @property
    def names(self) -> list[str]:
        """Every name the unit is known by: full name, 规范简称 and aliases."""
        return [self.name, self.short_name, *self.aliases]

    def clean(self):
        errors = {}
        self.credit_code = (self.credit_code or "").strip().upper()
        if self.credit_code and not CREDIT_CODE.match(self.credit_code):
            errors["credit_code"] = (
                "统一社会信用代码为18位:前两位为登记管理部门和机构类别代码,第3至8位为行政区划代码,"
                "其余为数字或除I、O、S、V、Z以外的大写字母,如“11360200014471813P”。"
            )
        elif self.credit_code and OrgUnit.objects.filter(credit_code=self.credit_code).exclude(pk=self.pk).exists():
            errors["credit_code"] = f"统一社会信用代码{self.credit_code}已登记给其他单位。"
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) and a.strip() for a in self.aliases):
            errors["aliases"] = "别名须为若干个名称。"
        elif clash := self._name_used_elsewhere():
            errors["aliases"] = (
                f"名称“{clash[0]}”已是“{clash[1]}”的名称或别名:单位的每个名称须唯一,才能按名称找到单位。"
            )
        if self.is_collective:
            kinds = set(self.member_kinds or [])
            if not kinds or not kinds <= set(UnitKind.values) - {UnitKind.COLLECTIVE}:
                errors["member_kinds"] = "单位集合须选择它包含的单位类别(不能包含其他单位集合)。"
        elif self.member_kinds:
            errors["member_kinds"] = "只有单位集合才能指定包含的单位类别。"
        if self.parent_id and self._parent_loops():
            errors["parent"] = "上级单位不能是本单位或本单位的下级单位。"
        if errors:
            raise ValidationError(errors)

    def _name_used_elsewhere(self) -> tuple[str, str] | None:
        """(name, other unit) if an alias of this unit is another unit's name."""
        mine = set(self.aliases) - {self.name, self.short_name}
        for other in OrgUnit.objects.exclude(pk=self.pk).only("name", "short_name", "aliases"):
            if used := mine & set(other.names):
                return used.pop(), other.name
        return None

    def _parent_loops(self) -> bool:
        seen, unit = set(), self.parent
        while unit is not None:
            if unit.pk == self.pk or unit.pk in seen:
                return True
            seen.add(unit.pk)
            unit = unit.parent
        return False
