"""Every kind of change (``library.changes``) has the consequences its
table declares, on the same database: the API's answers go stale (a
conditional GET gets 200, not 304), the search entry follows (database
backend) and subscribers are told, or not, as declared."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from api.models import WebhookDelivery
from cluster.models import SiteRecord
from cluster.services import column_create
from library import changes
from library.changes import Consequence, Kind
from library.models import Placement, UnitLibrary
from library.services import placement_delete, placement_update, placements_create, resource_create
from sitesearch.models import SearchEntry
from tests import factories
from tests.api.test_webhooks import Receiver, receiver, subscribe  # noqa: F401 (fixture)
from units.models import OrgUnit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PORTAL = "www.jdz.gov.cn"
NEWS = "政务资讯/今日瓷都"
NOTICES = "政务资讯/公告公示"
URL = "/api/v2/resources/?limit=5"


class World:
    """The article every case changes, placed in 今日瓷都 of the portal unless
    the case's setup says otherwise, and the column it may sit in."""

    article = None
    column = None

    def entry(self):
        return SearchEntry.objects.filter(resource_id=self.article.pk, site__domain=PORTAL).first()


def placed(world):
    world.article = factories.placed_article(PORTAL, NEWS, title="扇出测试稿件")


def unplaced(world):
    world.article = factories.article(title="扇出测试稿件")


def in_own_column(world):
    world.column = column_create(parent=factories.portal().site.root_page, title="扇出专题")
    world.article = factories.article(title="扇出测试稿件")
    placements_create(resource=world.article, columns=[world.column])


def publish_draft(world):
    world.article.save_revision().publish()


def draft(world):
    from library.models import Article

    world.article = resource_create(
        resource=Article(title="扇出测试稿件", unit=OrgUnit.objects.get(short_name="市政数局"), body="<p>正文</p>"),
        publish=False,
    )
    placements_create(resource=world.article, columns=[factories.column(PORTAL, NEWS)])


def move_resource(world):
    here = world.article.get_parent()
    world.article.move(UnitLibrary.objects.exclude(pk=here.pk).first(), pos="last-child")


def move_column(world):
    world.column.move(factories.column(PORTAL, "政务资讯"), pos="last-child")


def rename_column(world):
    column = factories.column(PORTAL, NEWS)
    column.title = "今日瓷都(新)"
    column.save()


def change_site(world):
    record = SiteRecord.objects.get(domain=PORTAL)
    record.chinese_domain = "景德镇市人民政府.政务"
    record.save()


def change_unit(world):
    unit = OrgUnit.objects.get(short_name="市政数局")
    unit.aliases = [*unit.aliases, "数据局"]
    unit.save()


def add_document(world):
    get_document_model().objects.create(title="扇出附件", file=SimpleUploadedFile("fanout.txt", b"fanout"))


def placement(world) -> Placement:
    return Placement.objects.get(resource=world.article, column=factories.column(PORTAL, NEWS))


@dataclass
class Case:
    setup: Callable
    act: Callable
    # What the portal's search entry of the article does: "appears",
    # "gone", "kept", or a check of the new entry.
    search: str | Callable
    # The webhook events sent for the portal, in order.
    events: tuple[str, ...] = ()


CASES = {
    Kind.RESOURCE_PUBLISHED: Case(draft, publish_draft, "appears", ("resource.published",)),
    Kind.RESOURCE_UNPUBLISHED: Case(placed, lambda w: w.article.unpublish(), "gone", ("resource.unpublished",)),
    Kind.RESOURCE_DELETED: Case(placed, lambda w: w.article.delete(), "gone", ("resource.unpublished",)),
    Kind.RESOURCE_MOVED: Case(placed, move_resource, "kept"),
    Kind.PLACEMENT_MADE: Case(
        unplaced,
        lambda w: placements_create(resource=w.article, columns=[factories.column(PORTAL, c) for c in (NEWS, NOTICES)]),
        "appears",
        ("resource.published",),
    ),
    Kind.PLACEMENT_CHANGED: Case(
        placed, lambda w: placement_update(placement=placement(w), live=False), "gone", ("resource.unpublished",)
    ),
    Kind.PLACEMENT_REMOVED: Case(
        placed, lambda w: placement_delete(placement=placement(w)), "gone", ("resource.unpublished",)
    ),
    Kind.COLUMN_CREATED: Case(
        placed, lambda w: column_create(parent=factories.portal().site.root_page, title="新设栏目"), "kept"
    ),
    Kind.COLUMN_RENAMED: Case(placed, rename_column, lambda entry: entry.column_titles[-1] == "今日瓷都(新)"),
    Kind.COLUMN_MOVED: Case(
        in_own_column,
        move_column,
        lambda entry: entry.column_titles[-2:] == ["政务资讯", "扇出专题"],
        ("resource.updated",),
    ),
    Kind.COLUMN_REMOVED: Case(in_own_column, lambda w: w.column.unpublish(), "gone"),
    Kind.SITE_CHANGED: Case(placed, change_site, "kept"),
    Kind.UNIT_CHANGED: Case(placed, change_unit, "kept"),
    Kind.MEDIA_CHANGED: Case(placed, add_document, "kept"),
}


def test_every_kind_has_a_case_and_its_consequences():
    assert set(CASES) == set(Kind)
    assert set(changes.FOLLOWS) == set(Kind)
    assert all(Consequence.CONTENT_VERSION in follows for follows in changes.FOLLOWS.values())


@pytest.mark.parametrize("kind", list(Kind), ids=str)
def test_a_change_has_its_declared_consequences(kind, client, receiver, django_capture_on_commit_callbacks):  # noqa: F811
    case = CASES[kind]
    follows = changes.FOLLOWS[kind]
    world = World()
    with django_capture_on_commit_callbacks(execute=True):
        case.setup(world)
    subscribe(receiver.url, PORTAL)
    before_entry = world.entry()
    assert (before_entry is None) == (case.search == "appears")
    before = client.get(URL, HTTP_HOST=PORTAL)
    assert client.get(URL, HTTP_HOST=PORTAL, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    reported = []

    def seen(change, **kwargs):
        reported.append(change.kind)

    changes.changed.connect(seen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case.act(world)
    finally:
        changes.changed.disconnect(seen)
    assert kind in reported

    # The content version: the API's answers are stale.
    after = client.get(URL, HTTP_HOST=PORTAL, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]

    # Search entries.
    entry = world.entry()
    if case.search == "appears":
        assert entry is not None and entry.title == "扇出测试稿件"
    elif case.search == "gone":
        assert entry is None
    elif case.search == "kept":
        assert entry is not None and entry.pk == before_entry.pk
    else:
        assert Consequence.SEARCH_ENTRIES in follows
        assert entry is not None and case.search(entry)

    # Webhooks: a delivery logged and received for each event.
    deliveries = WebhookDelivery.objects.filter(resource_id=world.article.pk).order_by("id")
    assert tuple(d.event for d in deliveries) == case.events
    assert [event["event"] for event in receiver.events()] == list(case.events)
    if case.events:
        assert Consequence.WEBHOOKS in follows
