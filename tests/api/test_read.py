"""What the read endpoints show: the registry of live sites, column trees,
and the library's published resources with their typed fields and where
they are placed; only public content, with 已失效 and 已归档 states."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from api.selectors import TYPES
from cluster.models import ColumnPage, SiteRecord, SiteStatus
from cluster.services import site_set_status
from library.models import (
    AfterExpiry,
    Article,
    Notice,
    Placement,
    PolicyDocument,
    Resource,
    ServiceGuide,
)
from library.selectors import placements_public
from library.services import placement_create, resource_create
from tests import factories
from units.models import OrgUnit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PORTAL = "www.jdz.gov.cn"
NEWS = "政务资讯/今日瓷都"


def get(client, url, **extra):
    response = client.get(url, HTTP_HOST=PORTAL, **extra)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def test_sites_lists_the_registry_of_live_sites(client):
    body = get(client, "/api/v2/sites/").json()
    assert body["count"] == SiteRecord.objects.count() == 8
    portal = next(site for site in body["results"] if site["domain"] == PORTAL)
    assert portal == {
        **portal,
        "name": "景德镇市人民政府",
        "kind": "portal",
        "chinese_domain": "景德镇市人民政府.政务",
        "site_code": "3602000001",
        "parent": None,
        "url": "http://www.jdz.gov.cn/",
        "archived": False,
    }
    assert portal["host_unit"]["short_name"] == "市政府办公室"
    county = next(site for site in body["results"] if site["domain"] == "www.cjq.gov.cn")
    assert county["parent"] == portal["id"]


def test_sites_being_set_up_or_offline_are_not_shown_and_closed_ones_are_archived(client):
    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    department = SiteRecord.objects.get(domain="czj.jdz.gov.cn")
    site_set_status(record=county, status=SiteStatus.OFFLINE)
    site_set_status(record=department, status=SiteStatus.CLOSED)

    body = get(client, "/api/v2/sites/").json()
    assert county.pk not in ids(get(client, "/api/v2/sites/"))
    closed = next(site for site in body["results"] if site["id"] == department.pk)
    assert closed["archived"] is True
    assert closed["archived_at"]
    assert get(client, f"/api/v2/sites/{county.pk}/").status_code == 404


def test_site_detail_and_unknown_site(client):
    portal = factories.portal()
    assert get(client, f"/api/v2/sites/{portal.pk}/").json()["name"] == portal.name
    assert get(client, "/api/v2/sites/999999/").status_code == 404


@pytest.mark.parametrize("site", ["www.jdz.gov.cn", "景德镇市人民政府.政务", "jdz.gov.cn", "id"])
def test_columns_of_a_site_by_id_or_any_domain(client, site):
    portal = factories.portal()
    site = str(portal.pk) if site == "id" else site
    body = get(client, f"/api/v2/columns/?site={site}&limit=100").json()
    live_columns = ColumnPage.objects.live().descendant_of(portal.site.root_page)
    assert body["count"] == live_columns.count()
    rows = {row["id"]: row for row in body["results"]}
    news = factories.column(PORTAL, NEWS)
    row = rows[news.pk]
    assert row["title"] == "今日瓷都"
    assert row["path"] == NEWS
    assert row["level"] == 2
    assert rows[row["parent"]]["title"] == "政务资讯"
    assert row["url"] == "http://www.jdz.gov.cn/zwzx/jrcd/"
    assert row["mode"] == "direct"
    assert [unit["short_name"] for unit in row["units"]] == ["景德镇融媒体中心"]
    assert all(r["parent"] is None or r["parent"] in rows or r["parent"] < min(rows) for r in body["results"])


def test_columns_need_a_site_and_an_unknown_site_is_a_400(client):
    missing = get(client, "/api/v2/columns/")
    assert missing.status_code == 400
    assert "site" in missing.json()["errors"]
    unknown = get(client, "/api/v2/columns/?site=no.such.site")
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "未知的网站:no.such.site", "errors": {"site": ["未知的网站:no.such.site"]}}


def every(client, url) -> list[dict]:
    """All results of a list endpoint, page by page."""
    results, offset = [], 0
    while True:
        body = get(client, f"{url}{'&' if '?' in url else '?'}limit=100&offset={offset}").json()
        results += body["results"]
        offset += 100
        if offset >= body["count"]:
            return results


def test_link_columns_carry_their_link(client):
    links = [row for row in every(client, f"/api/v2/columns/?site={PORTAL}") if row["mode"] == "link"]
    assert links
    assert all(row["link_url"].startswith("http") for row in links)


def test_resources_are_what_the_sites_show(client):
    listed = every(client, "/api/v2/resources/")
    assert {item["id"] for item in listed} == set(placements_public().values_list("resource_id", flat=True))
    assert len(listed) == len({item["id"] for item in listed})
    first = listed[0]
    assert first["detail_url"] == f"http://{PORTAL}/api/v2/resources/{first['id']}/"
    assert first["url"].startswith("http://")
    published = [item["published_at"] for item in listed]
    assert published == sorted(published, reverse=True)


def test_pagination_is_capped_and_counts_the_total(client):
    first = get(client, "/api/v2/resources/?limit=5").json()
    second = get(client, "/api/v2/resources/?limit=5&offset=5").json()
    assert first["count"] == second["count"] > 10
    assert len(first["results"]) == len(second["results"]) == 5
    assert not set(ids_of(first)) & set(ids_of(second))
    too_many = get(client, "/api/v2/resources/?limit=101")
    assert too_many.status_code == 400
    assert list(too_many.json()["errors"]) == ["limit"]
    assert get(client, "/api/v2/resources/?limit=100").status_code == 200


def ids_of(body) -> list[int]:
    return [item["id"] for item in body["results"]]


def test_filters(client):
    portal = factories.portal()
    news = factories.column(PORTAL, NEWS)
    by_site = {item["id"] for item in every(client, f"/api/v2/resources/?site={PORTAL}")}
    assert by_site == set(placements_public().filter(site=portal).values_list("resource_id", flat=True))
    by_column = ids(get(client, f"/api/v2/resources/?column={news.pk}&limit=100"))
    assert set(by_column) == set(news.placements.values_list("resource_id", flat=True))
    policies = get(client, "/api/v2/resources/?type=policy_document&limit=100").json()
    assert policies["count"] and {item["type"] for item in policies["results"]} == {"policy_document"}
    unit = OrgUnit.objects.get(short_name="景德镇融媒体中心")
    by_unit = get(client, f"/api/v2/resources/?unit={unit.pk}&limit=100").json()["results"]
    assert by_unit and {item["unit"]["id"] for item in by_unit} == {unit.pk}
    searched = get(client, "/api/v2/resources/?search=瓷博会").json()["results"]
    assert searched and all("瓷博会" in item["title"] + item["summary"] for item in searched)


def test_aggregating_column_lists_its_sources_items(client):
    aggregating = ColumnPage.objects.filter(aggregation_sources__isnull=False).distinct().first()
    source_ids = aggregating.aggregation_sources.values_list("source_id", flat=True)
    expected = set(Placement.objects.filter(column_id__in=source_ids, live=True).values_list("resource_id", flat=True))
    assert expected
    assert set(ids(get(client, f"/api/v2/resources/?column={aggregating.pk}&limit=100"))) >= expected & set(
        Resource.objects.live().values_list("pk", flat=True)
    )


def test_time_filters_and_ordering(client):
    old = factories.placed_article(PORTAL, NEWS, title="旧闻")
    new = factories.placed_article(PORTAL, NEWS, title="新闻")
    Resource.objects.filter(pk=old.pk).update(
        first_published_at=timezone.make_aware(datetime.datetime(2020, 1, 1)),
        last_published_at=timezone.make_aware(datetime.datetime(2026, 11, 1, 12)),
    )
    after = ids(get(client, "/api/v2/resources/?published_after=2026-11-20&limit=100"))
    assert new.pk in after and old.pk not in after
    since = ids(get(client, "/api/v2/resources/?updated_since=2026-11-01T11:00:00%2B08:00&limit=100"))
    assert old.pk in since
    oldest_first = ids(get(client, "/api/v2/resources/?ordering=published_at&limit=1"))
    assert oldest_first == [old.pk]
    by_title = get(client, "/api/v2/resources/?ordering=title&limit=100").json()["results"]
    assert [i["title"] for i in by_title] == sorted(i["title"] for i in by_title)


@pytest.mark.parametrize(
    "query",
    [
        "published_after=yesterday",
        "published_after=2026-02-30",
        "updated_since=2026-11-01T08:00:00",
        "type=blog",
        "ordering=colour",
        "column=0",
        "unit=abc",
        "offset=-1",
        "search=a%00b",
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, query):
    response = get(client, f"/api/v2/resources/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [query.split("=")[0]]


@pytest.mark.parametrize(
    ("parameter", "value", "detail"),
    [
        ("site", "www.nowhere.gov.cn", "未知的网站:www.nowhere.gov.cn"),
        ("site", "999999", "未知的网站:999999"),
        ("column", "999999", "未知的栏目:999999"),
        ("unit", "999999", "未知的单位:999999"),
    ],
)
def test_unknown_filter_values_are_a_400_naming_them(client, parameter, value, detail):
    response = get(client, f"/api/v2/resources/?{parameter}={value}")
    assert response.status_code == 400
    assert response.json() == {"detail": detail, "errors": {parameter: [detail]}}


def test_an_offline_site_is_unknown_and_a_page_that_is_no_column_too(client):
    record = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    site_set_status(record=record, status=SiteStatus.OFFLINE)
    assert get(client, "/api/v2/resources/?site=www.cjq.gov.cn").status_code == 400
    home = factories.portal().site.root_page_id
    response = get(client, f"/api/v2/resources/?column={home}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["column"]


def test_an_unknown_type_is_a_400_naming_it(client):
    response = get(client, "/api/v2/resources/?type=no_such_type")
    assert response.status_code == 400
    detail = "未知的信息类型:no_such_type"
    assert response.json() == {"detail": detail, "errors": {"type": [detail]}}


def test_unpublished_unplaced_and_offline_content_is_not_shown(client):
    shown = factories.placed_article(PORTAL, NEWS, title="公开")
    unplaced = factories.article(title="未放置")
    draft = resource_create(
        resource=Article(title="草稿", unit=OrgUnit.objects.get(short_name="市政数局"), body="<p>x</p>", live=False),
        publish=False,
    )
    placement_create(resource=draft, column=factories.column(PORTAL, NEWS))
    withdrawn = factories.placed_article(PORTAL, NEWS, title="撤下")
    Placement.objects.filter(resource=withdrawn).update(live=False)
    listed = ids(get(client, "/api/v2/resources/?limit=100"))
    assert shown.pk in listed
    for hidden in (unplaced, draft, withdrawn):
        assert hidden.pk not in listed
        assert get(client, f"/api/v2/resources/{hidden.pk}/").status_code == 404

    county = SiteRecord.objects.get(domain="www.cjq.gov.cn")
    only_there = Placement.objects.filter(site=county).values_list("resource_id", flat=True)
    site_set_status(record=county, status=SiteStatus.OFFLINE)
    listed = set(ids(get(client, "/api/v2/resources/?limit=100")))
    elsewhere = set(Placement.objects.exclude(site=county).values_list("resource_id", flat=True))
    assert not (set(only_there) - elsewhere) & listed


def _notice(title, valid_until, after_expiry):
    notice = resource_create(
        resource=Notice(
            title=title,
            unit=OrgUnit.objects.get(short_name="市政数局"),
            body="<p>公示</p>",
            valid_until=valid_until,
            after_expiry=after_expiry,
        )
    )
    placement_create(resource=notice, column=factories.column(PORTAL, "政务资讯/公告公示"))
    return notice


def test_expired_notices_are_marked_or_hidden(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    marked = _notice("已过公示期(标注)", yesterday, AfterExpiry.MARK)
    hidden = _notice("已过公示期(隐藏)", yesterday, AfterExpiry.HIDE)
    current = _notice("公示中", timezone.localdate(), AfterExpiry.MARK)
    items = {item["id"]: item for item in get(client, "/api/v2/resources/?type=notice&limit=100").json()["results"]}
    assert items[marked.pk]["expired"] is True
    assert items[marked.pk]["state"] == "已失效"
    assert items[current.pk]["expired"] is False
    assert items[current.pk]["state"] is None
    assert hidden.pk not in items
    assert get(client, f"/api/v2/resources/{marked.pk}/").json()["state"] == "已失效"


def test_content_only_on_a_closed_site_is_archived(client):
    department = SiteRecord.objects.get(domain="czj.jdz.gov.cn")
    column = ColumnPage.objects.live().descendant_of(department.site.root_page).filter(mode="direct").last()
    resource = factories.article(unit="市财政局", title="财政局旧闻")
    placement_create(resource=resource, column=column)
    site_set_status(record=department, status=SiteStatus.CLOSED)
    detail = get(client, f"/api/v2/resources/{resource.pk}/").json()
    assert detail["archived"] is True
    assert detail["state"] == "已归档"
    assert detail["placements"][0]["archived"] is True
    assert detail["archived_at"]
    shared = factories.placed_article(PORTAL, NEWS, title="两处发布")
    placement_create(resource=shared, column=column)
    assert get(client, f"/api/v2/resources/{shared.pk}/").json()["archived"] is False


def test_policy_document_detail(client):
    document = PolicyDocument.objects.live().filter(interpretations__isnull=False).first()
    body = get(client, f"/api/v2/resources/{document.pk}/").json()
    assert body["type"] == "policy_document"
    assert body["policy"] == {
        "index_number": document.index_number,
        "doc_number": document.doc_number,
        "publisher": document.unit.name,
        "written_on": document.written_on.isoformat(),
        "subject": document.subject,
        "validity": document.validity,
        "validity_changed_on": None,
    }
    assert body["body"].startswith("<p>")
    interpretation = document.interpretations.live().first()
    assert interpretation.pk in [ref["id"] for ref in body["interpretations"]]
    placements = body["placements"]
    assert placements
    assert {p["site"]["id"] for p in placements} == set(
        document.placements.filter(live=True).values_list("site_id", flat=True)
    )
    for placement in placements:
        assert placement["url"].startswith("http://")
        assert placement["url"].endswith(f"/{document.pk}/")
    back = get(client, f"/api/v2/resources/{interpretation.pk}/").json()
    assert back["type"] == "policy_interpretation"
    assert document.pk in [ref["id"] for ref in back["documents"]]


def test_service_guide_detail_has_its_table_and_forms(client):
    guide = ServiceGuide.objects.live().filter(forms__isnull=False).first()
    body = get(client, f"/api/v2/resources/{guide.pk}/").json()
    rows = {row["key"]: row for row in body["service_guide"]["rows"]}
    assert rows["conditions"] == {"key": "conditions", "label": "申请条件", "value": guide.conditions}
    form = body["service_guide"]["forms"][0]
    first = guide.forms.first()
    assert form["title"] == first.title
    assert form["blank_form"]["url"] == f"http://{PORTAL}{first.blank_form.url}"
    assert body["policy"] is None and body["body"] is None


def test_attachments_and_cover_image(client):
    document = PolicyDocument.objects.live().filter(attachments__isnull=False).first()
    attachment = get(client, f"/api/v2/resources/{document.pk}/").json()["attachments"][0]
    assert attachment["document"]["url"].startswith(f"http://{PORTAL}/documents/")
    download = client.get(attachment["document"]["url"].removeprefix(f"http://{PORTAL}"), HTTP_HOST=PORTAL)
    assert download.status_code == 200

    image = _image()
    article = factories.placed_article(PORTAL, NEWS, title="有图", cover=image)
    cover = get(client, f"/api/v2/resources/{article.pk}/").json()["cover"]
    assert cover["width"] == 1200
    assert set(cover["renditions"]) == {"thumbnail", "medium", "large"}
    assert cover["renditions"]["thumbnail"] | {"url": ""} == {"url": "", "width": 400, "height": 300}
    assert cover["renditions"]["medium"]["width"] == 800


def _image():
    from io import BytesIO

    from django.core.files.images import ImageFile

    buffer = BytesIO()
    PILImage.new("RGB", (1200, 900), "#b22").save(buffer, "PNG")
    return get_image_model().objects.create(title="瓷博会开幕", file=ImageFile(buffer, name="cover.png"))


def test_every_type_has_a_detail(client):
    for name, model in TYPES.items():
        resource = model.objects.live().filter(placements__live=True).first()
        if resource is None:
            continue
        body = get(client, f"/api/v2/resources/{resource.pk}/").json()
        assert body["type"] == name
        assert body["type_label"] == model._meta.verbose_name


def test_drafts_need_a_key_that_may_read_them(client, make_key):
    article = factories.placed_article(PORTAL, NEWS, title="已发布标题")
    article.title = "修改中的标题"
    article.save_revision()
    unpublished = resource_create(
        resource=Article(title="待发布", unit=OrgUnit.objects.get(short_name="市政数局"), body="<p>x</p>", live=False),
        publish=False,
    )
    placement_create(resource=unpublished, column=factories.column(PORTAL, NEWS))

    anonymous = get(client, f"/api/v2/resources/{article.pk}/?drafts=true")
    assert anonymous.status_code == 401
    plain = get(client, f"/api/v2/resources/{article.pk}/?drafts=true", HTTP_X_API_KEY=make_key())
    assert plain.status_code == 403

    key = make_key(can_read_drafts=True)
    draft = get(client, f"/api/v2/resources/{article.pk}/?drafts=true", HTTP_X_API_KEY=key).json()
    assert draft["title"] == "修改中的标题"
    assert draft["draft"] is True
    published = get(client, f"/api/v2/resources/{article.pk}/", HTTP_X_API_KEY=key).json()
    assert published["title"] == "已发布标题"
    listed = get(client, "/api/v2/resources/?drafts=true&ordering=-id", HTTP_X_API_KEY=key).json()["results"]
    by_id = {item["id"]: item for item in listed}
    assert by_id[article.pk]["title"] == "修改中的标题"
    assert by_id[unpublished.pk]["live"] is False
    assert get(client, f"/api/v2/resources/{unpublished.pk}/?drafts=true", HTTP_X_API_KEY=key).status_code == 200
