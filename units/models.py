from django.db import models


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
