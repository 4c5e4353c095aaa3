from .models import OrgUnit


class UnknownUnit(LookupError):
    def __init__(self, name: str):
        super().__init__(f"单位“{name}”不在单位名录中:先在单位名录中登记它,或改用已登记的名称。")
        self.name = name


def units_by_name() -> dict[str, OrgUnit]:
    """Every unit under each of its names (the registry is a few hundred rows,
    so one query and a dict beat a JSON lookup that SQLite cannot index)."""
    index = {}
    for unit in OrgUnit.objects.all():
        for name in unit.names:
            index[name] = unit
    return index


def unit_get_by_name(name: str, *, index: dict[str, OrgUnit] | None = None) -> OrgUnit:
    index = units_by_name() if index is None else index
    try:
        return index[name]
    except KeyError:
        raise UnknownUnit(name) from None
