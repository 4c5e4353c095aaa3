"""Sites, columns and resources as the API, the feeds and the webhooks
present them: plain dicts matching ``schemas``. Addresses are absolute,
built by a ``Links`` for the request (or, for a webhook, the site) at hand."""

import datetime
import re
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import expand_db_html

from cluster import routing
from cluster.models import ColumnPage, GuaranteeMode, SiteKind, SiteRecord, SiteStatus
from library import models as library
from library.models import AfterExpiry, PlacementOrigin, Resource
from library.routing import placement_path

from .selectors import TYPE_NAMES, Shown

RENDITIONS = {"thumbnail": "fill-400x300", "medium": "max-800x800", "large": "max-1600x1600"}
_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')


class Links:
    """Absolute addresses for one response. Pages are linked on their own
    site's canonical domain (cluster.routing), whichever hostname the API was
    called on, and each page's URL is worked out once per response."""

    def __init__(self, request):
        self.request = request
        # Where Wagtail keeps the site root paths between pages; deliberately
        # not the request, so no page URL depends on the host asked.
        self._roots = SimpleNamespace()
        self._pages: dict[int, str | None] = {}
        self._resources_api = None

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path) if path.startswith("/") else path

    def page(self, page) -> str | None:
        if page.pk not in self._pages:
            self._pages[page.pk] = page.get_full_url(self._roots)
        return self._pages[page.pk]

    def column(self, column_id: int, url_path: str) -> str | None:
        """A column's URL from its tree path, without loading the column."""
        if column_id not in self._pages:
            self._pages[column_id] = ColumnPage(id=column_id, url_path=url_path).get_full_url(self._roots)
        return self._pages[column_id]

    def resource_api(self, resource_id: int) -> str:
        if self._resources_api is None:
            self._resources_api = self.absolute(reverse("api:resources"))
        return f"{self._resources_api}{resource_id}/"


class SiteLinks(Links):
    """Absolute addresses on one site's domain, without a request."""

    def __init__(self, record: SiteRecord):
        super().__init__(request=None)
        self.root = record.site.root_url

    def absolute(self, path: str) -> str:
        return f"{self.root}{path}" if path.startswith("/") else path


def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value) if value else None


def unit_ref(unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name}


def site_ref(record: SiteRecord) -> dict:
    return {"id": record.pk, "name": record.name, "domain": record.domain}


def _archived_at(record: SiteRecord) -> datetime.datetime | None:
    return _local(record.archived_at)


def site(record: SiteRecord) -> dict:
    archived_at = _archived_at(record)
    return {
        **site_ref(record),
        "kind": record.kind,
        "kind_label": SiteKind(record.kind).label,
        "chinese_domain": record.chinese_domain or None,
        "extra_domains": list(record.extra_domains or []),
        "url": f"{routing.canonical_root(record.site_id, default=(record.site_id, record.site.root_url))[1]}/",
        "site_code": record.site_code or None,
        "host_unit": unit_ref(record.host_unit),
        "operator_unit": unit_ref(record.operator_unit),
        "parent": record.parent_id,
        "status": record.status,
        "status_label": SiteStatus(record.status).label,
        "archived": archived_at is not None,
        "archived_at": archived_at,
        "icp_number": record.icp_number,
        "police_filing_number": record.police_filing_number,
        "conac_mark_id": record.conac_mark_id,
    }


def columns(record: SiteRecord, pages: list[ColumnPage], links: Links) -> list[dict]:
    """The column tree as a flat list in tree order, each column naming its parent."""
    home_path = record.site.root_page.path
    by_path = {}
    rows = []
    for column in pages:
        by_path[column.path] = column
        parent = by_path.get(column.path[: -column.steplen])
        titles = [
            by_path[column.path[:end]].title
            for end in range(len(home_path) + column.steplen, len(column.path) + 1, column.steplen)
            if column.path[:end] in by_path
        ]
        rows.append(
            {
                "id": column.pk,
                "site": record.pk,
                "parent": parent.pk if parent else None,
                "level": column.level,
                "title": column.title,
                "path": "/".join(titles),
                "column_type": column.column_type,
                "mode": column.mode,
                "mode_label": GuaranteeMode(column.mode).label,
                "units": [
                    {**unit_ref(link.unit), "role": link.role, "role_label": link.get_role_display()}
                    for link in column.unit_links.all()
                ],
                "url": links.page(column),
                "link_url": column.link_url or None,
                "update_interval_days": column.update_interval_days,
            }
        )
    return rows


def placement_url(item: Shown, links: Links) -> str | None:
    column_url = links.column(item.column_id, item.column_url_path)
    return placement_path(column_url, item.resource_id) if column_url else None


def placement(item: Shown, links: Links) -> dict:
    archived_at = _archived_at(item.site)
    return {
        "site": site_ref(item.site),
        "column": {"id": item.column_id, "title": item.column_title},
        "url": placement_url(item, links),
        "origin": item.origin,
        "origin_label": PlacementOrigin(item.origin).label,
        "syndicated_from": site_ref(item.syndicated_from) if item.syndicated_from else None,
        "pinned": item.pinned,
        "archived": archived_at is not None,
        "archived_at": archived_at,
    }


def _preferred(placements: list[Shown], resource: Resource, site: SiteRecord | None) -> Shown | None:
    """The placement whose page stands for the resource: on the site asked
    about, else on the publishing unit's own site, else the first."""
    for wanted in (
        lambda p: site is not None and p.site.pk == site.pk,
        lambda p: p.site.unit_id == resource.unit_id,
        lambda p: True,
    ):
        for item in placements:
            if wanted(item):
                return item
    return None


def _draft_fields(resource: Resource) -> dict:
    """Summary fields from the newest revision of a resource with unpublished changes."""
    if not resource.has_unpublished_changes or resource.latest_revision is None:
        return {}
    content = resource.latest_revision.content
    fields = {name: content[name] for name in ("title", "summary", "source") if name in content}
    if "valid_until" in content:
        fields["valid_until"] = datetime.date.fromisoformat(content["valid_until"]) if content["valid_until"] else None
    return fields


def resource_summary(
    resource: Resource,
    placements: list[Shown],
    links: Links,
    *,
    site: SiteRecord | None = None,
    drafts: bool = False,
) -> dict:
    fields = {
        "title": resource.title,
        "summary": resource.summary,
        "source": resource.source,
        "valid_until": resource.valid_until,
    }
    if drafts:
        fields.update(_draft_fields(resource))
    valid_until = fields["valid_until"]
    expired = valid_until is not None and valid_until < timezone.localdate()
    archived_times = [_archived_at(p.site) for p in placements]
    archived_at = max(archived_times) if archived_times and all(archived_times) else None
    shown_at = _preferred(placements, resource, site)
    return {
        "id": resource.pk,
        "type": TYPE_NAMES[resource.specific_class],
        "type_label": str(resource.specific_class._meta.verbose_name),
        **fields,
        "unit": unit_ref(resource.unit),
        "published_at": _local(resource.first_published_at),
        "updated_at": _local(resource.last_published_at),
        "expired": expired,
        "after_expiry": resource.after_expiry or AfterExpiry.MARK,
        "archived": archived_at is not None,
        "archived_at": archived_at,
        "state": "已归档" if archived_at else "已失效" if expired else None,
        "live": resource.live,
        "draft": drafts and resource.has_unpublished_changes,
        "url": placement_url(shown_at, links) if shown_at else None,
        "detail_url": links.resource_api(resource.pk),
    }


def resource_ref(resource: Resource, links: Links) -> dict:
    return {
        "id": resource.pk,
        "type": TYPE_NAMES[resource.specific_class],
        "title": resource.title,
        "published_at": _local(resource.first_published_at),
        "detail_url": links.resource_api(resource.pk),
    }


def rich_text(value: str, links: Links) -> str:
    """Stored rich text as HTML, its site-relative links made absolute."""
    html = expand_db_html(value or "")
    return _RELATIVE_LINK.sub(lambda m: f"{m[1]}{links.absolute('/')}", html)


def document(doc, links: Links) -> dict:
    return {
        "id": doc.pk,
        "title": doc.title,
        "url": links.absolute(doc.url),
        "file_extension": doc.file_extension,
        "file_size": doc.file_size,
    }


def image(img, links: Links) -> dict | None:
    if img is None:
        return None
    renditions = img.get_renditions(*RENDITIONS.values())
    return {
        "id": img.pk,
        "title": img.title,
        "width": img.width,
        "height": img.height,
        "renditions": {
            name: {
                "url": links.absolute(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITIONS.items()
        },
    }


def typed_fields(resource: Resource, links: Links, related: dict[str, list[Resource]]) -> dict:
    """What only some types have, in blocks that are null for the others."""
    fields = {
        "body": rich_text(resource.body, links) if hasattr(resource, "body") else None,
        "author": getattr(resource, "author", None) or None,
        "drafter": resource.drafter,
        "cover": image(getattr(resource, "cover", None), links),
        "link_url": getattr(resource, "url", None) if isinstance(resource, library.LinkResource) else None,
        "policy": None,
        "service_guide": None,
        "org_functions": None,
        "leader": None,
        "topic": None,
        "interpretations": [resource_ref(r, links) for r in related.get("interpretations", [])],
        "documents": [resource_ref(r, links) for r in related.get("documents", [])],
        "attachments": [
            {"title": a.title, "document": document(a.document, links)}
            for a in resource.attachments.select_related("document")
        ],
    }
    if isinstance(resource, library.PolicyDocument):
        fields["policy"] = {
            "index_number": resource.index_number,
            "doc_number": resource.doc_number,
            "publisher": resource.unit.name,
            "written_on": resource.written_on,
            "subject": resource.subject,
            "validity": resource.validity,
            "validity_changed_on": resource.validity_changed_on,
        }
    elif isinstance(resource, library.ServiceGuide):
        fields["service_guide"] = {
            "rows": [
                {"key": name, "label": label, "value": getattr(resource, name)}
                for name, label in library.GUIDE_ROWS
                if getattr(resource, name)
            ],
            "forms": [
                {
                    "title": form.title,
                    "instructions": form.instructions,
                    "blank_form": document(form.blank_form, links),
                    "sample": document(form.sample, links) if form.sample else None,
                }
                for form in resource.forms.select_related("blank_form", "sample")
            ],
        }
    elif isinstance(resource, library.OrgFunctions):
        fields["org_functions"] = {
            "functions": rich_text(resource.functions, links),
            "internal_bodies": resource.internal_body_list,
            "address": resource.address,
            "phone": resource.phone,
            "office_hours": resource.office_hours,
        }
    elif isinstance(resource, library.LeaderProfile):
        fields["leader"] = {
            "person_name": resource.person_name,
            "position": resource.position,
            "duties": resource.duties,
            "resume": resource.resume,
            "photo": image(resource.photo, links),
        }
    elif isinstance(resource, library.SpecialTopic):
        fields["topic"] = {
            "lead_unit": unit_ref(resource.lead_unit),
            "items": [resource_ref(r, links) for r in related.get("items", [])],
        }
    return fields


# sitesearch names a type by its model; the API by its TYPES name.
_TYPE_BY_MODEL_NAME = {model._meta.model_name: name for model, name in TYPE_NAMES.items()}


def search_hit(hit, links: Links) -> dict:
    entry = hit.entry
    url = hit.url
    if url.startswith("/"):
        # Relative to the hit's own site, as the search page links it.
        record = entry.site
        url = routing.canonical_root(record.site_id, default=(record.site_id, record.site.root_url))[1] + url
    return {
        "id": entry.resource_id,
        "type": _TYPE_BY_MODEL_NAME[entry.resource_type],
        "type_label": hit.type_label,
        "title": entry.title,
        "title_html": hit.title_html,
        "snippet_html": hit.snippet_html,
        "url": url,
        "site": site_ref(entry.site),
        "column": list(entry.column_titles),
        "unit": entry.unit.name if entry.unit_id else "",
        "published_at": _local(entry.published_at),
        "expired": entry.is_expired,
        "archived": entry.is_archived,
        "detail_url": links.resource_api(entry.resource_id),
    }


def type_facets(facets: dict) -> dict[str, int]:
    return {_TYPE_BY_MODEL_NAME[name]: count for name, count in facets.items() if name in _TYPE_BY_MODEL_NAME}
