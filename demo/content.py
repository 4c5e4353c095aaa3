"""Loads the demo library from data/content.yaml: every resource is entered
once into its unit's shelf and then used in columns, syndicated or submitted
exactly as an editor would, through the library's services."""

import datetime
import html
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from cluster.models import ColumnPage, SiteRecord
from cluster.services import column_set_sources
from library import models as lib
from library.services import (
    placements_create,
    resource_create,
    submission_approve,
    submission_create,
    submission_reject,
    syndicate,
    unit_library,
)
from units.selectors import unit_get_by_name, units_by_name

DATA = Path(__file__).resolve().parent / "data"


class ColumnIndex:
    """Columns addressed as “<site domain> <名称/名称/…>”."""

    def __init__(self):
        self._homes = {r.domain: r.site.root_page for r in SiteRecord.objects.select_related("site__root_page")}
        self._cache: dict[str, ColumnPage] = {}

    def __call__(self, address: str) -> ColumnPage:
        if address not in self._cache:
            domain, path = address.split(" ", 1)
            column = self._homes[domain]
            for name in path.split("/"):
                column = ColumnPage.objects.child_of(column).get(title=name)
            self._cache[address] = column
        return self._cache[address]


def _paragraphs(text: str) -> str:
    blocks = [block.strip() for block in (text or "").split("\n\n") if block.strip()]
    return "".join(f"<p>{html.escape(' '.join(block.split()))}</p>" for block in blocks)


def _lines(text: str) -> str:
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in (text or "").splitlines() if line.strip())


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(str(value)) if value else None


def _document(title: str, text: str):
    document = get_document_model()(title=title)
    document.file.save(f"{title[:40]}.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


def _build(item: dict, unit, units) -> lib.Resource:
    kind = item["type"]
    common = {
        "title": item["title"],
        "slug": item["key"],
        "unit": unit,
        "source": item.get("source", ""),
        "summary": item.get("summary", ""),
    }
    if kind == "article":
        return lib.Article(author=item.get("author", ""), body=_paragraphs(item["body"]), **common)
    if kind == "notice":
        return lib.Notice(
            body=_paragraphs(item["body"]),
            valid_until=_date(item.get("valid_until")),
            after_expiry=item.get("after_expiry", lib.AfterExpiry.MARK),
            **common,
        )
    if kind == "policy":
        return lib.PolicyDocument(
            doc_number=item.get("doc_number", ""),
            written_on=_date(item["written"]),
            subject=item["subject"],
            validity=item.get("validity", lib.Validity.VALID),
            validity_changed_on=_date(item.get("validity_date")),
            body=_paragraphs(item["body"]),
            **common,
        )
    if kind == "interpretation":
        return lib.PolicyInterpretation(body=_paragraphs(item["body"]), **common)
    if kind == "guide":
        return lib.ServiceGuide(**{name: item.get(name, "") for name, _ in lib.GUIDE_ROWS}, **common)
    if kind == "overview":
        return lib.Overview(body=_paragraphs(item["body"]), **common)
    if kind == "functions":
        return lib.OrgFunctions(
            functions=_lines(item["functions"]),
            internal_bodies="\n".join(item.get("bodies", [])),
            address=item.get("address", ""),
            phone=item.get("phone", ""),
            office_hours=item.get("office_hours", ""),
            **common,
        )
    if kind == "leader":
        return lib.LeaderProfile(
            person_name=item["name"], position=item["position"], duties=item["duties"], resume=item["resume"], **common
        )
    if kind == "topic":
        return lib.SpecialTopic(
            lead_unit=unit_get_by_name(item["lead"], index=units), body=_paragraphs(item["body"]), **common
        )
    if kind == "link":
        return lib.LinkResource(url=item["url"], **common)
    raise ValueError(f"content.yaml: unknown resource type “{kind}” for {item['key']}")


def _attach(resource, item) -> None:
    for order, title in enumerate(item.get("attachments", [])):
        lib.ResourceAttachment.objects.create(
            resource=resource, sort_order=order, title=title, document=_document(title, f"{resource.title}\n{title}\n")
        )
    for order, form in enumerate(item.get("forms", [])):
        blank = _document(form["title"], f"{form['title']}\n\n填写说明:{form['instructions']}\n")
        sample = _document(f"{form['title']}(示范文本)", f"{form['title']} 示范文本\n") if form.get("sample") else None
        lib.GuideForm.objects.create(
            guide=resource,
            sort_order=order,
            title=form["title"],
            blank_form=blank,
            instructions=form["instructions"],
            sample=sample,
        )


def _enter(item: dict, units) -> tuple[lib.Resource, bool]:
    unit = unit_get_by_name(item["unit"], index=units)
    existing = lib.Resource.objects.child_of(unit_library(unit)).filter(slug=item["key"]).first()
    if existing:
        return existing.specific, False
    published = timezone.make_aware(datetime.datetime.fromisoformat(item["published"]))
    resource = _build(item, unit, units)
    resource.first_published_at = published
    resource_create(resource=resource)
    lib.Resource.objects.filter(pk=resource.pk).update(first_published_at=published, last_published_at=published)
    resource.first_published_at = published
    _attach(resource, item)
    return resource, True


@transaction.atomic
def load_content(log=print) -> None:
    items = yaml.safe_load((DATA / "content.yaml").read_text(encoding="utf-8"))
    units = units_by_name()
    columns = ColumnIndex()
    resources: dict[str, lib.Resource] = {}
    created = 0
    for item in items:
        resource, is_new = _enter(item, units)
        resources[item["key"]] = resource
        if not is_new:
            continue
        created += 1
        placements_create(resource=resource, columns=[columns(address) for address in item["placements"]])
    for item in items:
        resource = resources[item["key"]]
        if item["type"] == "interpretation" and not resource.documents.exists():
            resource.documents.set([resources[key] for key in item["interprets"]])
            resource.save_revision().publish()
        if item["type"] == "topic" and not resource.items.exists():
            resource.items.set([resources[key] for key in item["includes"]])
            resource.save_revision().publish()
        if item.get("syndicate") and not resource.placements.filter(origin=lib.PlacementOrigin.SYNDICATED).exists():
            syndicate(resource=resource, columns=[columns(address) for address in item["syndicate"]])
        if item.get("submit") and not resource.submissions.exists():
            _submit(resource, item["submit"], columns)
    for entry in yaml.safe_load((DATA / "aggregations.yaml").read_text(encoding="utf-8")):
        column_set_sources(column=columns(entry["column"]), sources=[columns(a) for a in entry["sources"]])
    log(f"  {created} 条信息资源入库" if created else "  信息资源已齐全")


# The three stages of 附件2 review, as demo accounts sign them.
REVIEWERS = (("shuju-jingban", "拟同意报送。"), ("shuju-kezhang", "同意。"), ("shuju-fenguan", "同意发布。"))


def _submit(resource, submit: dict, columns) -> None:
    """报送 to the portal through 附件2, reviewed as far as the item says."""
    User = get_user_model()
    submitter = User.objects.filter(unit=resource.unit, groups__name__endswith="·编辑").first()
    site = SiteRecord.objects.filter(unit=resource.unit).first()
    submission = submission_create(
        resource=resource,
        column=columns(f"www.jdz.gov.cn {submit['column']}"),
        user=submitter,
        unit=resource.unit,
        contact_name=site.liaison_name if site else resource.unit.short_name,
        contact_phone=site.liaison_phone if site else "0798-8336122",
        summary=resource.title,
        declaration_accepted=True,
    )
    stages = {"accepted": 3, "rejected": 1, "pending": 0}[submit["outcome"]]
    for username, opinion in REVIEWERS[:stages]:
        submission = submission_approve(
            submission=submission, user=User.objects.get(username=username), opinion=opinion
        )
    if submit["outcome"] == "rejected":
        stage_two = User.objects.get(username=REVIEWERS[1][0])
        submission_reject(submission=submission, reason=submit.get("reason", ""), user=stage_two)
