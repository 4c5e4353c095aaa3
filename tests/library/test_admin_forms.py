"""Every resource type is entered (先入库) through Wagtail's own add form,
POSTed as the editor's browser would, and copied, previewed and published
through the admin's own views."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.models import User
from library.models import (
    RESOURCE_TYPES,
    Article,
    LeaderProfile,
    LinkResource,
    Notice,
    OrgFunctions,
    Overview,
    PolicyDocument,
    PolicyInterpretation,
    Resource,
    ServiceGuide,
    SpecialTopic,
    UnitLibrary,
)
from library.services import resource_create, unit_library
from review.services import resource_publish
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db

FINANCE = "市财政局"


@pytest.fixture
def finance_editor():
    return factories.user_in(FINANCE, username="czj-editor", real_name="财政编辑")


@pytest.fixture
def finance_reviewer():
    return factories.user_in(FINANCE, role="reviewer", username="czj-reviewer", real_name="财政审核")


@pytest.fixture
def shelf() -> UnitLibrary:
    return unit_library(OrgUnit.objects.get(short_name=FINANCE))


@pytest.fixture
def document():
    return get_document_model().objects.create(title="预算表", file=ContentFile(b"%PDF-1.4 budget", name="budget.pdf"))


def common(title: str, **fields) -> dict:
    """What every resource's add form posts besides its own fields."""
    return {
        "title": title,
        # The editor's browser fills the slug in from the title as it is typed.
        "slug": slugify(title, allow_unicode=True),
        "source": "",
        "drafter": "张三",
        "summary": "",
        "comments": inline_formset([]),
        "secrecy_confirmed": "",
        "vetting_override_reason": "",
        "seo_title": "",
        "search_description": "",
        **fields,
    }


def attachments(document=None) -> dict:
    rows = [{"title": "附件一", "document": document.pk}] if document else []
    return inline_formset(rows)


def post_data(model, *, document) -> dict:
    body = rich_text("<p>正文内容</p>")
    if model is Article:
        return common("财政局召开年度工作会议", author="李四", cover="", body=body)
    if model is Notice:
        return common(
            "关于2027年预算公开的公告",
            body=body,
            valid_until=(datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            after_expiry="mark",
            attachments=attachments(),
        )
    if model is PolicyDocument:
        return common(
            "关于加强预算管理的通知",
            doc_number="景财〔2026〕1号",
            written_on=datetime.date.today().isoformat(),
            subject="财政、金融、审计",
            validity="有效",
            validity_changed_on="",
            body=body,
            attachments=attachments(document),
        )
    if model is PolicyInterpretation:
        documents = PolicyDocument.objects.live().values_list("pk", flat=True)[:1]
        return common("《关于加强预算管理的通知》解读", documents=tuple(documents), body=body)
    if model is ServiceGuide:
        return common(
            "政府采购供应商登记办事指南",
            basis="《政府采购法》",
            conditions="依法设立的供应商",
            process="网上申请、审核、登记",
            time_limit="5个工作日",
            fees="不收费",
            notes="",
            office="市财政局政府采购科",
            contact="0798-1234567",
            forms=inline_formset(
                [{"title": "登记表", "blank_form": document.pk, "instructions": "逐项填写", "sample": ""}]
            ),
        )
    if model is LinkResource:
        return common("江西省财政厅", url="https://jxf.jiangxi.gov.cn/")
    if model is Overview:
        return common("财政概况", body=body)
    if model is OrgFunctions:
        return common(
            "市财政局机构职能",
            functions=body,
            internal_bodies="办公室\n预算科",
            address="景德镇市珠山区",
            phone="0798-8222222",
            office_hours="工作日 8:30-12:00",
        )
    if model is LeaderProfile:
        return common(
            "局长", person_name="王五", photo="", position="市财政局局长", duties="主持全面工作", resume="历任……"
        )
    if model is SpecialTopic:
        return common("优化营商环境专题", lead_unit=OrgUnit.objects.get(short_name=FINANCE).pk, body=body, items=())
    raise AssertionError(model)


def add_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def test_every_resource_type_of_the_shelf_is_creatable():
    assert {model.__name__ for model in UnitLibrary.creatable_subpage_models()} == {
        model.__name__ for model in RESOURCE_TYPES
    }


@pytest.mark.parametrize("model", RESOURCE_TYPES, ids=lambda model: model.__name__)
def test_an_editor_saves_a_draft_of_each_type_through_the_add_form(client, finance_editor, shelf, document, model):
    client.force_login(finance_editor)
    data = post_data(model, document=document)
    response = client.post(add_url(model, shelf), nested_form_data(data))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    created = model.objects.child_of(shelf).get(title=data["title"])
    assert created.unit.short_name == FINANCE
    assert created.owner == finance_editor
    assert not created.live
    assert response.url == reverse("wagtailadmin_pages:edit", args=[created.pk])
    if model is PolicyDocument:
        assert created.index_number
        assert created.attachments.get().document == document


def test_a_reviewer_publishes_from_the_add_form_with_the_secrecy_confirmation(
    client, finance_reviewer, shelf, document
):
    client.force_login(finance_reviewer)
    data = post_data(PolicyDocument, document=document) | {"secrecy_confirmed": "on", "action-publish": "publish"}
    response = client.post(add_url(PolicyDocument, shelf), nested_form_data(data))

    assert response.status_code == 302
    created = PolicyDocument.objects.get(title=data["title"])
    assert created.live
    assert created.first_published_at is not None


def test_publishing_without_the_secrecy_confirmation_is_refused_and_nothing_is_created(
    client, finance_reviewer, shelf, document
):
    client.force_login(finance_reviewer)
    data = post_data(Article, document=document) | {"action-publish": "publish"}
    response = client.post(add_url(Article, shelf), nested_form_data(data))

    assert response.status_code == 200
    assert "发布或送审前须确认已经保密审查" in response.content.decode()
    assert not Article.objects.filter(title=data["title"]).exists()


def test_an_editor_cannot_add_to_another_units_shelf(client, finance_editor, document):
    other = unit_library(OrgUnit.objects.get(short_name="市发改委"))
    client.force_login(finance_editor)
    data = post_data(Article, document=document)
    response = client.post(add_url(Article, other), nested_form_data(data))

    assert response.status_code in (302, 403)
    assert not Article.objects.filter(title=data["title"]).exists()


def test_a_superuser_enters_a_resource_for_the_unit_of_the_shelf(admin_client, shelf, document):
    data = post_data(Overview, document=document)
    response = admin_client.post(add_url(Overview, shelf), nested_form_data(data))

    assert response.status_code == 302
    assert Overview.objects.get(title=data["title"]).unit.short_name == FINANCE


# Copy


def copy(client, page, *, parent, title: str, publish: bool = False):
    data = {"new_title": title, "new_slug": f"copy-{page.pk}", "new_parent_page": parent.pk}
    if publish:
        data["publish_copies"] = "on"
    return client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)


def test_copying_a_policy_document_gives_the_copy_a_new_index_number(admin_client, shelf, document):
    source = PolicyDocument.objects.filter(unit__short_name=FINANCE).live().first() or factories.policy_document(
        unit=FINANCE
    )
    response = copy(admin_client, source, parent=source.get_parent(), title="复制的政策文件")

    assert response.status_code == 302
    duplicate = PolicyDocument.objects.get(title="复制的政策文件")
    assert duplicate.index_number and duplicate.index_number != source.index_number
    assert duplicate.unit_id == source.unit_id
    assert not duplicate.live and duplicate.first_published_at is None


def test_a_copy_is_a_draft_dated_when_it_is_published(admin_client, shelf):
    source = factories.article(unit=FINANCE, title="原稿")
    Resource.objects.filter(pk=source.pk).update(first_published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    refused = copy(admin_client, source, parent=shelf, title="直接发布的复制稿", publish=True)
    assert refused.status_code == 302
    assert not Article.objects.filter(title="直接发布的复制稿").exists()

    assert copy(admin_client, source, parent=shelf, title="复制稿").status_code == 302
    duplicate = Article.objects.get(title="复制稿")
    assert not duplicate.live and duplicate.first_published_at is None
    resource_publish(resource=duplicate, user=User.objects.get(username="admin"))
    duplicate.refresh_from_db()
    assert duplicate.live
    assert duplicate.first_published_at.date() == timezone.localdate()


def test_a_copy_cannot_leave_the_library(admin_client, shelf):
    source = factories.article(unit=FINANCE, title="不可复制出库")
    portal_home = factories.portal().site.root_page
    copy(admin_client, source, parent=portal_home, title="出库的复制稿")

    assert not Article.objects.filter(title="出库的复制稿").exists()
    assert Page.objects.filter(title="出库的复制稿").count() == 0


# Preview


def assert_previewed(response, *, title: str, site_name: str):
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert site_name in html
    assert "预览:本页显示的是尚未发布的内容" in html


def test_an_editor_previews_a_new_resource_before_saving_it(client, finance_editor, shelf, document):
    client.force_login(finance_editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["library", "article", shelf.pk])
    data = nested_form_data(post_data(Article, document=document))
    assert client.post(url, data).json()["is_valid"]

    assert_previewed(client.get(url), title=data["title"], site_name="景德镇市人民政府")
    assert not Article.objects.filter(title=data["title"]).exists()


def test_an_editor_previews_edits_of_a_placed_resource_in_its_column(client, finance_editor):
    draft = factories.placed_article("www.jdz.gov.cn", "政务资讯/部门动态", unit=FINANCE, title="已放置的新闻")
    client.force_login(finance_editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    data = nested_form_data(post_data(Article, document=None) | {"title": "改过的标题"})
    assert client.post(url, data).json()["is_valid"]

    response = client.get(url)
    assert_previewed(response, title="改过的标题", site_name="景德镇市人民政府")
    assert "部门动态" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).title == "已放置的新闻"


def test_view_draft_of_an_unplaced_draft_renders_on_the_units_site(client, finance_editor, shelf, document):
    client.force_login(finance_editor)
    data = post_data(Notice, document=document)
    client.post(add_url(Notice, shelf), nested_form_data(data))
    draft = Notice.objects.get(title=data["title"])

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert_previewed(response, title=data["title"], site_name="景德镇市人民政府")


def test_choices_of_related_resources_leave_out_other_units_drafts(client, finance_editor, shelf):
    others = resource_create(
        resource=PolicyDocument(
            title="发改委尚未发布的文件",
            unit=OrgUnit.objects.get(short_name="市发改委"),
            written_on=datetime.date.today(),
            body="<p>x</p>",
        ),
        publish=False,
    )
    own = resource_create(
        resource=PolicyDocument(
            title="财政局自己的草稿文件",
            unit=OrgUnit.objects.get(short_name=FINANCE),
            written_on=datetime.date.today(),
            body="<p>x</p>",
        ),
        publish=False,
    )
    client.force_login(finance_editor)
    form = client.get(add_url(PolicyInterpretation, shelf)).context["form"]
    choices = set(form.fields["documents"].queryset.values_list("pk", flat=True))

    assert own.pk in choices
    assert others.pk not in choices
    assert set(PolicyDocument.objects.live().values_list("pk", flat=True)) <= choices


# Scheduling and unpublishing


def test_a_reviewer_schedules_a_resource_from_the_add_form(client, finance_reviewer, shelf, document):
    client.force_login(finance_reviewer)
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    data = post_data(Article, document=document) | {
        "secrecy_confirmed": "on",
        "action-publish": "publish",
        "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
    }
    response = client.post(add_url(Article, shelf), nested_form_data(data))

    assert response.status_code == 302
    created = Article.objects.get(title=data["title"])
    assert not created.live
    assert created.latest_revision.approved_go_live_at is not None


def test_a_reviewer_unpublishes_a_resource_and_every_placement_stops_showing(client, finance_reviewer):
    resource = factories.placed_article("www.jdz.gov.cn", "政务资讯/部门动态", unit=FINANCE, title="将被撤销的新闻")
    client.force_login(finance_reviewer)
    assert client.get(reverse("wagtailadmin_pages:unpublish", args=[resource.pk])).status_code == 200

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[resource.pk]))
    assert response.status_code == 302
    assert not Article.objects.get(pk=resource.pk).live
    public = client.get("/zwzx/bmdt/", HTTP_HOST="www.jdz.gov.cn").content.decode()
    assert "将被撤销的新闻" not in public


def test_an_editor_may_not_unpublish(client, finance_editor):
    resource = factories.placed_article("www.jdz.gov.cn", "政务资讯/部门动态", unit=FINANCE, title="编辑不能撤销")
    client.force_login(finance_editor)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[resource.pk]))
    assert Article.objects.get(pk=resource.pk).live
