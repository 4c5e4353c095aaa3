"""The 栏目设置及内容保障责任目录 (附件1) of a site, as data.

A catalogue file is YAML: a list of columns, each with ``name`` and optionally
``slug``, ``type`` (national ColumnType; inherited from the parent column),
``mode`` (a GuaranteeMode value; default ``direct``), ``lead`` and
``cooperating`` (unit names from the unit registry), ``update_days``
(inherited), ``link`` (for link columns), ``description`` and ``children``.
The unit name “本单位” stands for the unit that runs the site, so one file
can serve every county portal. ``catalogue_parse`` checks a whole file before ``catalogue_import`` writes
anything, so a bad file changes nothing."""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from units.models import OrgUnit
from units.selectors import UnknownUnit, unit_get_by_name, units_by_name

from .models import MAX_COLUMN_LEVELS, ColumnPage, ColumnType, GuaranteeMode, SiteRecord, UnitRole
from .services import column_create

SITE_UNIT = "本单位"
_KEYS = {"name", "slug", "type", "mode", "lead", "cooperating", "update_days", "link", "description", "children"}


class CatalogueError(ValueError):
    pass


@dataclass
class ColumnSpec:
    path: tuple[str, ...]
    slug: str
    column_type: str
    mode: str
    lead: list[OrgUnit]
    cooperating: list[OrgUnit]
    update_interval_days: int | None
    link_url: str
    description: str
    children: list["ColumnSpec"] = field(default_factory=list)

    def page_fields(self) -> dict:
        return {
            "column_type": self.column_type,
            "mode": self.mode,
            "update_interval_days": self.update_interval_days,
            "link_url": self.link_url,
            "description": self.description,
        }


def catalogue_parse(source: str | Path, *, site_unit: OrgUnit | None = None) -> list[ColumnSpec]:
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"栏目目录不是合法的YAML:{exc}") from exc
    if not isinstance(data, list):
        raise CatalogueError("栏目目录应是栏目列表。")
    index = units_by_name()
    if site_unit is not None:
        index[SITE_UNIT] = site_unit
    return [_parse_column(item, (), ColumnType.OTHER, None, index) for item in data]


def _parse_column(item, parent_path, parent_type, parent_days, index) -> ColumnSpec:
    if not isinstance(item, dict) or not item.get("name"):
        raise CatalogueError(f"“{'/'.join(parent_path) or '顶层'}”下有一个栏目缺少名称。")
    path = (*parent_path, str(item["name"]))
    where = "/".join(path)
    if unknown := set(item) - _KEYS:
        raise CatalogueError(f"栏目“{where}”有未知的字段:{'、'.join(sorted(unknown))}。")
    if len(path) > MAX_COLUMN_LEVELS:
        raise CatalogueError(f"栏目“{where}”是第{len(path)}级:栏目最多{MAX_COLUMN_LEVELS}级。")
    column_type = item.get("type", parent_type)
    if column_type not in ColumnType.values:
        raise CatalogueError(f"栏目“{where}”的栏目类型“{column_type}”不在国家规范的栏目类型中。")
    mode = item.get("mode", GuaranteeMode.DIRECT)
    if mode not in GuaranteeMode.values:
        raise CatalogueError(f"栏目“{where}”的保障方式“{mode}”未知,应为{'、'.join(GuaranteeMode.values)}之一。")
    if mode == GuaranteeMode.LINK and not item.get("link"):
        raise CatalogueError(f"网站链接栏目“{where}”缺少链接地址(link)。")
    try:
        lead = [unit_get_by_name(name, index=index) for name in item.get("lead", [])]
        cooperating = [unit_get_by_name(name, index=index) for name in item.get("cooperating", [])]
    except UnknownUnit as exc:
        raise CatalogueError(f"栏目“{where}”:{exc}") from exc
    days = item.get("update_days", parent_days)
    spec = ColumnSpec(
        path=path,
        slug=item.get("slug", ""),
        column_type=column_type,
        mode=mode,
        lead=lead,
        cooperating=cooperating,
        update_interval_days=days,
        link_url=item.get("link", ""),
        description=item.get("description", ""),
    )
    spec.children = [_parse_column(child, path, column_type, days, index) for child in item.get("children", [])]
    return spec


@transaction.atomic
def catalogue_import(*, record: SiteRecord, specs: list[ColumnSpec]) -> int:
    """Create the columns of ``specs`` that the site lacks, matching existing
    columns by name under the same parent; returns how many were created.
    Existing columns and columns the file does not mention are left alone."""
    created = 0

    def walk(parent, items):
        nonlocal created
        existing = {page.title: page for page in ColumnPage.objects.child_of(parent)}
        for spec in items:
            column = existing.get(spec.path[-1])
            if column is None:
                try:
                    column = column_create(
                        parent=parent,
                        title=spec.path[-1],
                        slug=spec.slug,
                        lead_units=spec.lead,
                        cooperating_units=spec.cooperating,
                        **spec.page_fields(),
                    )
                except ValidationError as exc:
                    raise CatalogueError(f"栏目“{'/'.join(spec.path)}”:{'; '.join(exc.messages)}") from exc
                created += 1
            walk(column, spec.children)

    walk(record.site.root_page, specs)
    return created


def catalogue_rows(record: SiteRecord) -> list[dict]:
    """One row per column of the site, in tree order (the published 目录)."""
    home = record.site.root_page
    columns = list(ColumnPage.objects.descendant_of(home).order_by("path").prefetch_related("unit_links__unit"))
    titles = {home.path: None}
    rows = []
    for column in columns:
        titles[column.path] = column.title
        path = [
            titles[column.path[:i]]
            for i in range(len(home.path) + column.steplen, len(column.path) + 1, column.steplen)
        ]
        links = list(column.unit_links.all())
        leads = [link.unit.short_name for link in links if link.role == UnitRole.LEAD]
        rows.append(
            {
                "path": path,
                "units": [link.unit.short_name for link in links],
                "lead_unit": leads[0] if leads else None,
                "cooperating_units": [link.unit.short_name for link in links if link.role == UnitRole.COOPERATING],
                "mode": column.mode,
                "mode_label": GuaranteeMode(column.mode).label,
                "column_type": column.column_type,
                "update_interval_days": column.update_interval_days,
                "link_url": column.link_url or None,
            }
        )
    return rows


def catalogue_render(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "path",
            "units",
            "lead_unit",
            "cooperating_units",
            "mode",
            "mode_label",
            "column_type",
            "update_interval_days",
            "link_url",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                "/".join(row["path"]),
                "、".join(row["units"]),
                row["lead_unit"] or "",
                "、".join(row["cooperating_units"]),
                row["mode"],
                row["mode_label"],
                row["column_type"],
                "" if row["update_interval_days"] is None else row["update_interval_days"],
                row["link_url"] or "",
            ]
        )
    return out.getvalue()
