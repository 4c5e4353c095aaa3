"""Builds the Jingdezhen demo cluster from the data files beside this module.
Every step looks for what exists before creating it, so a second run
changes nothing."""

from pathlib import Path

import yaml
from django.db import transaction
from wagtail.models import Page, Site

from cluster.catalogue import catalogue_import, catalogue_parse
from cluster.models import SiteRecord, SiteStatus
from cluster.services import site_record_create, site_set_status
from units.selectors import unit_get_by_name, units_by_name
from units.services import units_import

from .accounts import load_accounts, load_roles_and_workflows
from .content import load_content

DATA = Path(__file__).resolve().parent / "data"
PORTAL_CATALOGUE = Path(__file__).resolve().parent.parent / "cluster" / "data" / "portal-catalogue.yaml"
CATALOGUES = {
    "portal": PORTAL_CATALOGUE,
    "county": DATA / "county-catalogue.yaml",
    "department": DATA / "department-catalogue.yaml",
}
UNIT_FIELDS = ("host_unit", "operator_unit")


def _remove_wagtail_welcome_page() -> None:
    """Wagtail's first migration creates a placeholder site and page."""
    for site in Site.objects.filter(hostname="localhost", root_page__content_type__model="page"):
        page = site.root_page
        site.delete()
        if page.depth == 2 and not page.get_children().exists():
            page.delete()
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", title__startswith="Welcome").delete()


@transaction.atomic
def load_sites(log=print) -> list[SiteRecord]:
    _remove_wagtail_welcome_page()
    records = []
    by_domain = {}
    for entry in yaml.safe_load((DATA / "sites.yaml").read_text(encoding="utf-8")):
        entry = dict(entry)
        catalogue = entry.pop("catalogue")
        index = units_by_name()
        unit = unit_get_by_name(entry.pop("unit"), index=index)
        fields = {key: unit_get_by_name(entry.pop(key), index=index) for key in UNIT_FIELDS}
        parent_domain = entry.pop("parent", None)
        fields["parent"] = by_domain[parent_domain] if parent_domain else None
        fields.update(entry)
        record = SiteRecord.objects.filter(unit=unit).first()
        if record is None:
            record = site_record_create(unit=unit, **fields)
            log(f"  网站 {record.name} ({record.domain})")
        specs = catalogue_parse(CATALOGUES[catalogue], site_unit=unit)
        created = catalogue_import(record=record, specs=specs)
        if created:
            log(f"    {created} 个栏目")
        if record.status != SiteStatus.ONLINE:
            site_set_status(record=record, status=SiteStatus.ONLINE)
        by_domain[record.domain] = record
        records.append(record)
    return records


def load_demo(log=print) -> None:
    log("单位名录 …")
    units_import()
    log("网站与栏目 …")
    load_sites(log)
    log("角色、审核流程与账号 …")
    load_roles_and_workflows(log)
    load_accounts(log)
    log("信息资源库 …")
    load_content(log)
