from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import OrgUnit, UnitKind
from .selectors import unit_get_by_name

# What the admin may set on a unit; everything but the primary key.
UNIT_FIELDS = ("name", "short_name", "kind", "parent", "credit_code", "aliases", "member_kinds", "sort_order")
REGISTRY_FILE = Path(__file__).resolve().parent / "data" / "jingdezhen.yaml"


@transaction.atomic
def units_import(path: Path = REGISTRY_FILE) -> int:
    """Create or update the units listed in a registry file (idempotent);
    returns how many rows were created or changed."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = 0
    index: dict[str, OrgUnit] = {}
    for order, entry in enumerate(entries):
        entry = dict(entry)
        parent_name = entry.pop("parent", None)
        if entry.get("kind") not in UnitKind.values:
            raise ValidationError(f"单位“{entry.get('name')}”的类别“{entry.get('kind')}”未知。")
        values = {"sort_order": order, "aliases": [], "member_kinds": [], "credit_code": "", **entry}
        if not isinstance(values["credit_code"], str):
            # YAML reads an unquoted all-digit code as a number, losing leading zeros.
            raise ValidationError(f"单位“{values['name']}”的统一社会信用代码须加引号,写成字符串。")
        values["parent"] = unit_get_by_name(parent_name, index=index) if parent_name else None
        unit = OrgUnit.objects.filter(name=values["name"]).first() or OrgUnit(name=values["name"])
        if unit.pk is None or any(getattr(unit, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(unit, key, value)
            unit.full_clean()
            unit.save()
            changed += 1
        for name in unit.names:
            index[name] = unit
    return changed


def _save(unit: OrgUnit, fields: dict) -> OrgUnit:
    for name, value in fields.items():
        if name not in UNIT_FIELDS:
            raise TypeError(f"{name} is not a unit field")
        setattr(unit, name, value.strip() if isinstance(value, str) else value)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_create(*, name: str, short_name: str, kind: str, **fields) -> OrgUnit:
    """Register a unit (单位名录); refused with the reasons if a rule fails."""
    return _save(OrgUnit(), {"name": name, "short_name": short_name, "kind": kind, **fields})


@transaction.atomic
def unit_update(*, unit: OrgUnit, **fields) -> OrgUnit:
    return _save(unit, fields)
