"""Writes to the site registry and column trees. Admin views, commands, the
demo loader and tests all go through these functions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from audit.models import AuditAction
from audit.services import audit_record
from core.pinyin import initials
from units.models import OrgUnit

from . import domains, routing
from .models import (
    ColumnPage,
    ColumnSource,
    ColumnUnit,
    GuaranteeMode,
    SiteHomePage,
    SiteRecord,
    SiteStatus,
    UnitRole,
)
from .models.pages import MAX_COLUMN_DEPTH, MAX_COLUMN_LEVELS

REGISTRY_FIELDS = (
    "kind",
    "parent",
    "host_unit",
    "operator_unit",
    "domain",
    "chinese_domain",
    "extra_domains",
    "icp_number",
    "police_filing_number",
    "mlps_level",
    "mlps_filing_number",
    "conac_mark_id",
    "site_code",
    "supervisor_name",
    "supervisor_phone",
    "responsible_name",
    "responsible_phone",
    "liaison_name",
    "liaison_phone",
    "index_number_pattern",
    "sort_order",
)


class ColumnDepthError(ValidationError):
    pass


def _check_hostnames_free(record: SiteRecord, *, root_page_id: int | None) -> None:
    """Refuse, beside the field that names it, a hostname that already routes
    to another website (for instance one website's extra domain given as
    another's domain), before any Site row is written."""
    named = [("domain", record.domain), ("chinese_domain", record.chinese_domain)]
    named += [("extra_domains", name) for name in record.extra_domains]
    named = [(field, name, domains.to_ascii(name)) for field, name in named if name]
    taken = set(
        Site.objects.filter(hostname__in=[host for _, _, host in named])
        .exclude(root_page_id=root_page_id)
        .values_list("hostname", flat=True)
    )
    errors = {}
    for field, name, host in named:
        if host in taken:
            errors.setdefault(field, f"域名{name}已被其他网站使用。")
    if errors:
        raise ValidationError(errors)


def _sync_hostnames(record: SiteRecord) -> None:
    """Make the Wagtail Site rows of ``record`` exactly its hostnames (plus the
    local aliases of a developer machine); the primary row is ``record.site``."""
    wanted = record.hostnames()
    if settings.LOCAL_DOMAIN_SUFFIX:
        wanted += [routing.local_hostname(name) for name in wanted]
    primary = record.site
    _check_hostnames_free(record, root_page_id=primary.root_page_id)
    primary.hostname = wanted[0]
    primary.site_name = record.name
    primary.save()
    aliases = Site.objects.filter(root_page_id=primary.root_page_id).exclude(pk=primary.pk)
    aliases.exclude(hostname__in=wanted[1:]).delete()
    existing = set(aliases.values_list("hostname", flat=True))
    local_port = settings.LOCAL_DOMAIN_PORT if settings.LOCAL_DOMAIN_SUFFIX else 80
    for hostname in wanted[1:]:
        if hostname not in existing:
            port = local_port if hostname.endswith(f".{settings.LOCAL_DOMAIN_SUFFIX}") else 80
            Site.objects.create(hostname=hostname, port=port, root_page_id=primary.root_page_id, site_name=record.name)


@transaction.atomic
def site_record_create(*, unit: OrgUnit, domain: str, **fields) -> SiteRecord:
    """Open a website for ``unit``: its home page, its Wagtail site and its
    registry record. It starts 筹建中 (preparing) unless a status is given.
    The record is validated before anything is written."""
    domain = domains.normalize(domain)
    status = fields.pop("status", SiteStatus.PREPARING)
    record = SiteRecord(unit=unit, domain=domain, status=status, status_changed_at=timezone.now(), **fields)
    record.full_clean(exclude=["site"])
    _check_hostnames_free(record, root_page_id=None)
    root = Page.get_first_root_node()
    home = root.add_child(instance=SiteHomePage(title=unit.name, slug=domain.replace(".", "-")))
    record.site = Site.objects.create(
        hostname=domain,
        port=80,
        root_page=home,
        site_name=unit.name,
        is_default_site=not Site.objects.filter(is_default_site=True).exists(),
    )
    record.save()
    _sync_hostnames(record)
    return record


@transaction.atomic
def site_record_update(*, record: SiteRecord, **fields) -> SiteRecord:
    for name, value in fields.items():
        if name not in REGISTRY_FIELDS:
            raise TypeError(f"{name} is not a registry field")
        setattr(record, name, domains.normalize(value) if name == "domain" else value)
    record.full_clean()
    record.save()
    _follow_unit_name(record)
    _sync_hostnames(record)
    return record


def _follow_unit_name(record: SiteRecord) -> None:
    home = record.site.root_page.specific
    if home.title != record.name:
        home.title = record.name
        home.save_revision().publish()
    Site.objects.filter(root_page_id=home.pk).exclude(site_name=record.name).update(site_name=record.name)


@transaction.atomic
def site_names_follow_unit(*, unit: OrgUnit) -> None:
    """A website bears its unit's name (第五条(四)): once the unit is renamed
    in the registry, its home page and Wagtail sites take the new name."""
    record = SiteRecord.objects.select_related("site__root_page").filter(unit=unit).first()
    if record is not None:
        record.unit = unit
        _follow_unit_name(record)


@transaction.atomic
def site_set_status(*, record: SiteRecord, status: str, user=None) -> SiteRecord:
    """Switch a website's status; going online needs every filing (第五条(三))."""
    previous = record.status
    record.status = status
    record.status_changed_at = timezone.now()
    record.full_clean()
    record.save(update_fields=["status", "status_changed_at"])
    if previous != status:
        audit_record(action=AuditAction.SITE_STATUS, obj=record, user=user, previous=previous, status=status)
    return record


def unique_child_slug(parent: Page, name: str) -> str:
    base = initials(name) or "lm"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}{n}", n + 1
    return slug


@transaction.atomic
def column_create(
    *,
    parent: Page,
    title: str,
    lead_units: list[OrgUnit] = (),
    cooperating_units: list[OrgUnit] = (),
    slug: str = "",
    **fields,
) -> ColumnPage:
    """Add a column under a site's home page or another column (≤5 levels)."""
    if parent.depth >= MAX_COLUMN_DEPTH:
        raise ColumnDepthError(
            f"栏目最多{MAX_COLUMN_LEVELS}级:“{parent.title}”已是第{MAX_COLUMN_LEVELS}级栏目,不能在其下再建栏目。"
        )
    if not isinstance(parent.specific, SiteHomePage | ColumnPage):
        raise ValidationError(f"“{parent.title}”不是网站首页或栏目,不能在其下建栏目。")
    now = timezone.now()
    # Created live directly: a column's first version needs no review, and
    # a catalogue of hundreds of columns loads without a revision for each.
    column = ColumnPage(
        title=title,
        slug=slug or unique_child_slug(parent, title),
        live=True,
        first_published_at=now,
        last_published_at=now,
        **fields,
    )
    for role, units in ((UnitRole.LEAD, lead_units), (UnitRole.COOPERATING, cooperating_units)):
        for unit in units:
            column.unit_links.add(ColumnUnit(unit=unit, role=role))
    if column.mode == GuaranteeMode.LINK and not column.link_url:
        raise ValidationError({"link_url": f"网站链接栏目“{title}”须填写链接地址。"})
    parent.add_child(instance=column)
    return column


@transaction.atomic
def column_set_sources(*, column: ColumnPage, sources: list[ColumnPage]) -> None:
    """Make ``column`` aggregate (栏目汇聚) the items of ``sources``."""
    if any(source.pk == column.pk for source in sources):
        raise ValidationError({"aggregation_sources": "栏目不能汇聚自身。"})
    column.aggregation_sources.exclude(source__in=sources).delete()
    existing = set(column.aggregation_sources.values_list("source_id", flat=True))
    for source in sources:
        if source.pk not in existing:
            ColumnSource.objects.create(column=column, source=source)
