"""The unit registry (单位名录): every name a unit goes by finds it, a
collective stands for its member kinds, and a bad registry file changes
nothing."""

import pytest
from django.core.exceptions import ValidationError

from units.models import OrgUnit
from units.selectors import UnknownUnit, unit_get_by_name
from units.services import units_import

pytestmark = pytest.mark.django_db


def test_a_unit_is_found_by_full_name_short_name_and_alias():
    office = OrgUnit.objects.get(short_name="市政府办公室")
    for name in ("景德镇市人民政府办公室", "市政府办公室", "市政府办"):
        assert unit_get_by_name(name) == office


def test_an_unknown_name_says_how_to_fix_it():
    with pytest.raises(UnknownUnit, match="不在单位名录中"):
        unit_get_by_name("市航天局")


def test_a_collective_covers_its_member_kinds_only():
    every_department = OrgUnit.objects.get(name="市直各部门")
    assert every_department.covers(OrgUnit.objects.get(short_name="市财政局"))
    assert every_department.covers(OrgUnit.objects.get(short_name="市税务局"))
    assert not every_department.covers(OrgUnit.objects.get(short_name="昌江区"))
    finance = OrgUnit.objects.get(short_name="市财政局")
    assert finance.covers(finance)
    assert not finance.covers(OrgUnit.objects.get(short_name="市发改委"))


def test_importing_the_registry_again_changes_nothing():
    assert units_import() == 0


def test_a_registry_file_with_an_unknown_parent_or_kind_changes_nothing(tmp_path):
    before = list(OrgUnit.objects.order_by("pk").values())
    bad_parent = tmp_path / "parent.yaml"
    bad_parent.write_text(
        "- {name: 景德镇市新设局, short_name: 市新设局, kind: municipal_department}\n"
        "- {name: 新设局办公室, short_name: 新设局办公室, kind: internal_body, parent: 市不存在局}\n",
        encoding="utf-8",
    )
    with pytest.raises(UnknownUnit, match="市不存在局"):
        units_import(bad_parent)
    bad_kind = tmp_path / "kind.yaml"
    bad_kind.write_text("- {name: 景德镇市新设局, short_name: 市新设局, kind: ministry}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="类别“ministry”未知"):
        units_import(bad_kind)
    assert list(OrgUnit.objects.order_by("pk").values()) == before
