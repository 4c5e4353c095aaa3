"""The editors' admin for the library: 资源库 listing, 放置到栏目, the 栏目使用
tab, 转载, 报送 and review, and deleting a resource still in use."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cluster.models import GuaranteeMode, SiteRecord
from cluster.services import column_create
from library.models import (
    Article,
    Notice,
    Placement,
    PlacementOrigin,
    PolicyDocument,
    Resource,
    Submission,
    SubmissionStatus,
)
from library.services import placement_create, resource_create, submission_create
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
COUNTIES = ["www.cjq.gov.cn", "www.zsq.gov.cn", "www.flx.gov.cn", "www.lps.gov.cn"]
BUDGET = "政务公开/法定主动公开内容/管理公开/财政信息/预决算公开"
RULES = "政务公开/法定主动公开内容/政策文件/规章"
DEPARTMENT_NEWS = "政务资讯/部门动态"


def unit(short_name: str) -> OrgUnit:
    return OrgUnit.objects.get(short_name=short_name)


def editor_of(short_name: str) -> User:
    """An editor of a unit, in the unit's 编辑 group."""
    return factories.user_in(short_name, username=f"editor-{short_name}", real_name=f"{short_name}编辑")


@pytest.fixture
def operator():
    return User.objects.create_superuser(
        username="operator", password="Pw-2026-test", unit=unit("市政数局"), real_name="平台管理员"
    )


@pytest.fixture
def finance():
    return editor_of("市财政局")


def finance_article(title="2026年市本级预算执行情况") -> Article:
    return factories.article(unit="市财政局", title=title)


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {resource.pk for resource in response.context["paginator"].object_list}


# 资源库 listing


def test_an_editor_lists_only_the_resources_of_their_unit(client, finance):
    client.force_login(finance)
    rows = listed(client.get(reverse("library:index")))
    assert rows == set(Resource.objects.filter(unit=unit("市财政局")).values_list("pk", flat=True))
    assert rows


def test_listing_filters_by_type_unit_status_site_column_and_title(client, operator):
    client.force_login(operator)
    url = reverse("library:index")
    notice_type = ContentType.objects.get_for_model(Notice)
    assert listed(client.get(url, {"content_type": notice_type.pk})) == set(Notice.objects.values_list("pk", flat=True))
    finance_unit = unit("市财政局")
    assert listed(client.get(url, {"unit": finance_unit.pk})) == set(
        Resource.objects.filter(unit=finance_unit).values_list("pk", flat=True)
    )

    expired = resource_create(
        resource=Notice(
            title="过期的公示", unit=unit("市政数局"), body="<p>公示</p>", valid_until=datetime.date(2020, 1, 1)
        )
    )
    draft = resource_create(
        resource=Article(title="草稿新闻", unit=unit("市政数局"), body="<p>稿</p>", live=False), publish=False
    )
    assert expired.pk in listed(client.get(url, {"status": "expired"}))
    assert expired.pk not in listed(client.get(url, {"status": "published"}))
    assert listed(client.get(url, {"status": "draft"})) == {draft.pk}

    czj = SiteRecord.objects.get(domain="czj.jdz.gov.cn")
    assert listed(client.get(url, {"site": czj.pk})) == set(
        Placement.objects.filter(site=czj).values_list("resource_id", flat=True)
    )
    budget = factories.column(PORTAL, BUDGET)
    in_budget = set(Placement.objects.filter(column=budget).values_list("resource_id", flat=True))
    assert in_budget
    assert listed(client.get(url, {"column": budget.pk})) == in_budget

    assert listed(client.get(url, {"q": "过期的"})) == {expired.pk}


def test_a_notice_expiry_shows_as_expired_in_the_listing(client, operator):
    notice = resource_create(
        resource=Notice(
            title="公示期已满的公示",
            unit=unit("市政数局"),
            body="<p>公示</p>",
            valid_until=timezone.localdate() - datetime.timedelta(days=1),
        )
    )
    client.force_login(operator)
    response = client.get(reverse("library:index"), {"q": "公示期已满"})
    assert listed(response) == {notice.pk}
    assert "已失效" in response.content.decode()


def test_listing_runs_the_same_queries_for_a_full_page_and_a_single_row(client, operator):
    client.force_login(operator)
    url = reverse("library:index")
    client.get(url)
    with CaptureQueriesContext(connection) as full_page:
        assert len(client.get(url).context["object_list"]) == 30
    with CaptureQueriesContext(connection) as one_row:
        assert len(client.get(url, {"q": "关于公开2026年全市和市本级预算"}).context["object_list"]) == 1
    assert len(full_page) == len(one_row)


def test_listing_rows_link_to_the_edit_view_and_offer_the_library_actions(client, finance):
    resource = finance_article()
    client.force_login(finance)
    html = client.get(reverse("library:index")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[resource.pk]) in html
    assert reverse("library:place", args=[resource.pk]) in html
    assert reverse("library:submit", args=[resource.pk]) in html


def test_the_admin_menu_offers_the_library(client, finance):
    client.force_login(finance)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is drawn from JSON: look for the menu's addresses.
    assert reverse("library:index") in html and reverse("library_mine:index") in html
    assert reverse("library_review:index") not in html


# 放置到栏目


def test_the_place_view_offers_only_the_columns_of_the_editors_unit(client, finance):
    resource = finance_article()
    client.force_login(finance)
    response = client.get(reverse("library:place", args=[resource.pk]))
    assert response.status_code == 200
    options = {o.column.pk: o for tree in response.context["trees"] for o in tree.options}
    budget, rules = factories.column(PORTAL, BUDGET), factories.column(PORTAL, RULES)
    assert options[budget.pk].selectable
    # 规章 belongs to 市政府办公室: not offered, and its branch is not even shown.
    assert rules.pk not in options
    assert {tree.record.domain for tree in response.context["trees"]} == {PORTAL, "czj.jdz.gov.cn"}
    assert f'value="{budget.pk}"' in response.content.decode()


def test_placing_creates_placements_and_shows_them_placed(client, finance):
    resource = finance_article()
    budget = factories.column(PORTAL, BUDGET)
    own = factories.column("czj.jdz.gov.cn", "工作动态/部门动态")
    client.force_login(finance)
    url = reverse("library:place", args=[resource.pk])
    response = client.post(url, {"columns": [budget.pk, own.pk]})
    assert response.status_code == 302
    assert set(resource.placements.values_list("column_id", flat=True)) == {budget.pk, own.pk}
    assert all(p.created_by == finance and p.origin == PlacementOrigin.DIRECT for p in resource.placements.all())

    options = {o.column.pk: o for tree in client.get(url).context["trees"] for o in tree.options}
    assert options[budget.pk].placed and not options[budget.pk].selectable


def test_a_tampered_post_to_a_column_of_another_unit_is_refused_whole(client, finance):
    resource = finance_article()
    client.force_login(finance)
    response = client.post(
        reverse("library:place", args=[resource.pk]),
        {"columns": [factories.column(PORTAL, BUDGET).pk, factories.column(PORTAL, RULES).pk]},
    )
    assert response.status_code == 403
    assert not resource.placements.exists()


def test_placing_without_a_column_is_a_form_error(client, finance):
    resource = finance_article()
    client.force_login(finance)
    response = client.post(reverse("library:place", args=[resource.pk]), {})
    assert response.status_code == 200
    assert "请至少选择一个栏目。" in response.content.decode()


def test_an_editor_cannot_place_another_units_resource(client, finance):
    resource = factories.article(unit="市政数局")
    client.force_login(finance)
    assert client.get(reverse("library:place", args=[resource.pk])).status_code == 403


def test_the_place_view_runs_the_same_queries_however_many_columns_there_are(client, finance):
    resource = finance_article()
    client.force_login(finance)
    url = reverse("library:place", args=[resource.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200

    finance_info = factories.column(PORTAL, BUDGET).get_parent()
    for n in range(12):
        column_create(parent=finance_info, title=f"预算专栏{n}", lead_units=[unit("市财政局")])
    column_create(parent=finance_info, title="另一单位的栏目", lead_units=[unit("市政数局")])
    client.get(url)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    options = [o for tree in response.context["trees"] for o in tree.options if o.selectable]
    assert sum(o.column.title.startswith("预算专栏") for o in options) == 12
    assert len(after) == len(before)


# 栏目使用 on the edit view, and the actions on one placement


def test_the_edit_view_lists_the_placements_of_a_resource(client, operator):
    document = PolicyDocument.objects.get(slug="portal-pol-sj-xczx")
    client.force_login(operator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "栏目使用" in html
    assert "法定主动公开内容 / 政策文件 / 上级文件" in html
    assert "转载自景德镇市人民政府" in html
    assert reverse("library:syndicate", args=[document.pk]) in html
    for placement in document.placements.all():
        assert reverse("library:placement_pin", args=[placement.pk]) in html


def test_a_new_resource_has_no_placements_tab_yet(client, operator):
    shelf = factories.article(unit="市政数局").get_parent()
    client.force_login(operator)
    response = client.get(reverse("wagtailadmin_pages:add", args=["library", "article", shelf.pk]))
    assert response.status_code == 200
    assert "栏目使用" not in response.content.decode()


def test_pin_take_down_put_back_and_remove(client, finance):
    resource = finance_article()
    placement = placement_create(resource=resource, column=factories.column(PORTAL, BUDGET))
    client.force_login(finance)
    edit_url = reverse("wagtailadmin_pages:edit", args=[resource.pk])

    def act(name):
        response = client.post(reverse(f"library:placement_{name}", args=[placement.pk]), {"next": edit_url})
        assert response.status_code == 302
        assert response["Location"] == edit_url
        placement.refresh_from_db()

    act("pin")
    assert placement.pinned
    act("unpin")
    assert not placement.pinned
    act("take_down")
    assert not placement.live
    act("put_back")
    assert placement.live
    client.post(reverse("library:placement_delete", args=[placement.pk]))
    assert not Placement.objects.filter(pk=placement.pk).exists()
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_placement_actions_in_a_column_of_another_unit_are_refused(client, finance):
    resource = finance_article()
    placement = placement_create(resource=resource, column=factories.column(PORTAL, RULES))
    client.force_login(finance)
    for name in ("pin", "take_down", "delete"):
        assert client.post(reverse(f"library:placement_{name}", args=[placement.pk])).status_code == 403
    placement.refresh_from_db()
    assert placement.live and not placement.pinned


def test_placement_actions_answer_only_posts(client, finance):
    placement = placement_create(resource=finance_article(), column=factories.column(PORTAL, BUDGET))
    client.force_login(finance)
    assert client.get(reverse("library:placement_pin", args=[placement.pk])).status_code == 405


# 转载


def test_syndicating_to_the_upper_level_documents_column_of_every_county(client):
    document = PolicyDocument.objects.get(slug="portal-pol-zdrw")
    Placement.objects.filter(resource=document, origin=PlacementOrigin.SYNDICATED).delete()
    client.force_login(editor_of("市政数局"))
    url = reverse("library:syndicate", args=[document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert ("政务动态 / 上级文件", "政务动态 / 上级文件(4个网站 · 转载栏目)") in response.context["form"].fields[
        "same_path"
    ].choices

    counties = SiteRecord.objects.filter(domain__in=COUNTIES)
    response = client.post(url, {"sites": [s.pk for s in counties], "same_path": ["政务动态 / 上级文件"]})
    assert response.status_code == 302
    syndicated = Placement.objects.filter(resource=document, origin=PlacementOrigin.SYNDICATED)
    assert {p.column_id for p in syndicated} == {factories.column(d, "政务动态/上级文件").pk for d in COUNTIES}
    assert {p.syndicated_from.domain for p in syndicated} == {PORTAL}


def test_syndication_needs_a_unit_that_runs_the_portal(client, finance):
    document = PolicyDocument.objects.get(slug="czj-pol-yjs")
    client.force_login(finance)
    assert client.get(reverse("library:syndicate", args=[document.pk])).status_code == 403


def test_syndicating_by_column_path_needs_target_sites(client, operator):
    document = PolicyDocument.objects.get(slug="portal-pol-zdrw")
    before = document.placements.count()
    client.force_login(operator)
    response = client.post(reverse("library:syndicate", args=[document.pk]), {"same_path": ["政务动态 / 上级文件"]})
    assert response.status_code == 200
    assert "按同名栏目转载时,请勾选目标网站。" in response.content.decode()
    assert document.placements.count() == before


def test_a_resource_not_on_the_portal_cannot_be_syndicated(client, operator):
    resource = finance_article()
    client.force_login(operator)
    response = client.get(reverse("library:syndicate", args=[resource.pk]))
    assert response.status_code == 302


def test_syndication_is_not_offered_into_link_columns(client, operator):
    document = PolicyDocument.objects.get(slug="portal-pol-zdrw")
    client.force_login(operator)
    trees = client.get(reverse("library:syndicate", args=[document.pk])).context["trees"]
    modes = {o.column.mode for tree in trees for o in tree.options if o.selectable}
    assert GuaranteeMode.LINK not in modes
    assert PORTAL not in {tree.record.domain for tree in trees}


# 报送 and review


FORM_1 = {
    "contact_name": "冯雪",
    "contact_phone": "0798-8221202",
    "summary": "预算绩效管理工作会",
    "declaration_accepted": "on",
}


def submit_as(finance, resource):
    return submission_create(
        resource=resource,
        column=factories.column(PORTAL, DEPARTMENT_NEWS),
        user=finance,
        contact_name="冯雪",
        contact_phone="0798-8221202",
        summary=resource.title,
        declaration_accepted=True,
    )


def test_the_submission_form_needs_the_declaration(client, finance):
    resource = finance_article(title="市财政局召开预算绩效管理工作会")
    department_news = factories.column(PORTAL, DEPARTMENT_NEWS)
    client.force_login(finance)
    data = {**FORM_1, "column": department_news.pk}
    del data["declaration_accepted"]
    response = client.post(reverse("library:submit", args=[resource.pk]), data)
    assert response.status_code == 200 and "报送前须确认单位声明" in response.content.decode()
    assert not Submission.objects.filter(resource=resource).exists()


def test_submit_then_three_stages_put_the_resource_in_the_column(client, finance):
    resource = finance_article(title="市财政局召开预算绩效管理工作会")
    department_news = factories.column(PORTAL, DEPARTMENT_NEWS)
    client.force_login(finance)
    response = client.post(reverse("library:submit", args=[resource.pk]), {**FORM_1, "column": department_news.pk})
    assert response.status_code == 302
    submission = Submission.objects.get(resource=resource)
    assert submission.status == SubmissionStatus.PENDING and submission.unit == unit("市财政局")
    assert (submission.contact_name, submission.declaration_accepted) == ("冯雪", True)
    review_url = reverse("library_review:review", args=[submission.pk])
    # 市财政局 is not a stage of the 附件2 review.
    assert client.post(review_url, {"approve": "", "opinion": "同意"}).status_code == 403

    for stage, opinion in ((1, "拟同意"), (2, "同意"), (3, "同意发布")):
        client.force_login(factories.portal_reviewer(stage))
        listing = client.get(reverse("library_review:index"))
        assert submission in listing.context["paginator"].object_list
        assert "政务资讯 / 部门动态" in listing.content.decode()
        assert client.post(review_url, {"approve": "", "opinion": opinion}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    placement = Placement.objects.get(resource=resource, column=department_news)
    assert placement.origin == PlacementOrigin.SUBMITTED and submission.placement == placement
    assert submission not in client.get(reverse("library_review:index")).context["paginator"].object_list

    client.force_login(finance)
    printed = client.get(reverse("library_review:print", args=[submission.pk])).content.decode()
    for text in (
        "景德镇市单位信息上网申请审核表",
        "冯雪",
        "0798-8221202",
        "部门动态",
        "我单位确认",
        "经办人审核意见",
        "拟同意",
        "科室科长审核意见",
        "分管领导审核意见",
        "同意发布",
        "刘晓青",
        "周文华",
        "程立新",
    ):
        assert text in printed, text


def test_submitting_twice_to_the_same_column_is_a_form_error(client, finance):
    resource = finance_article()
    submit_as(finance, resource)
    client.force_login(finance)
    data = {**FORM_1, "column": factories.column(PORTAL, DEPARTMENT_NEWS).pk}
    response = client.post(reverse("library:submit", args=[resource.pk]), data)
    assert response.status_code == 200
    assert "该信息已报送此栏目,正在等待审核。" in response.content.decode()
    assert Submission.objects.filter(resource=resource).count() == 1


def test_rejecting_needs_a_reason_and_the_submitter_sees_it(client, finance):
    resource = finance_article(title="财政局机关工会活动")
    submission = submit_as(finance, resource)
    client.force_login(factories.portal_reviewer(1))
    review_url = reverse("library_review:review", args=[submission.pk])
    assert "财政局机关工会活动" in client.get(review_url).content.decode()

    response = client.post(review_url, {"reject": "", "opinion": "  "})
    assert response.status_code == 200
    assert "退回时须填写理由" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING

    reason = "属机关内部活动,不符合部门动态栏目选题要求。"
    assert client.post(review_url, {"reject": "", "opinion": reason}).status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.reason) == (SubmissionStatus.REJECTED, reason)
    assert not Placement.objects.filter(resource=resource).exists()

    client.force_login(finance)
    mine = client.get(reverse("library_mine:index"))
    assert submission in mine.context["paginator"].object_list
    html = mine.content.decode()
    assert reason in html and "已退回" in html
    rejected = client.get(reverse("library_mine:index"), {"status": SubmissionStatus.REJECTED})
    assert set(rejected.context["paginator"].object_list) == {submission}


def test_only_the_current_stage_sees_and_acts_on_a_submission(client, finance):
    submission = submit_as(finance, finance_article())
    for outsider in (editor_of("市发改委"), factories.portal_reviewer(3)):
        client.force_login(outsider)
        assert submission not in client.get(reverse("library_review:index")).context["paginator"].object_list
        response = client.post(reverse("library_review:review", args=[submission.pk]), {"approve": ""})
        assert response.status_code == 403 and "经办人审核" in response.content.decode()
    submission.refresh_from_db()
    assert submission.current_workflow_task.name == "经办人审核"


# Deleting a resource still in use


def test_deleting_a_placed_resource_lists_its_placements_and_needs_confirmation(client, operator):
    resource = finance_article(title="待删除的预算新闻")
    placement_create(resource=resource, column=factories.column(PORTAL, BUDGET))
    placement_create(resource=resource, column=factories.column("czj.jdz.gov.cn", "工作动态/部门动态"))
    client.force_login(operator)
    url = reverse("wagtailadmin_pages:delete", args=[resource.pk])

    html = client.get(url).content.decode()
    assert "景德镇市人民政府" in html and "管理公开 / 财政信息 / 预决算公开" in html
    assert "景德镇市财政局" in html and "工作动态 / 部门动态" in html
    assert 'name="confirm_placements"' in html

    response = client.post(url, {})
    assert response.status_code == 200
    assert "请勾选下面的确认项" in response.content.decode()
    assert Resource.objects.filter(pk=resource.pk).exists()

    assert client.post(url, {"confirm_placements": "1"}).status_code == 302
    assert not Resource.objects.filter(pk=resource.pk).exists()
    assert not Placement.objects.filter(resource_id=resource.pk).exists()


def test_deleting_an_unplaced_resource_is_wagtails_usual_confirmation(client, operator):
    resource = finance_article()
    client.force_login(operator)
    url = reverse("wagtailadmin_pages:delete", args=[resource.pk])
    assert 'name="confirm_placements"' not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_bulk_deleting_placed_resources_lists_their_placements_first(client, operator):
    placed = finance_article(title="批量删除的新闻")
    placement_create(resource=placed, column=factories.column(PORTAL, BUDGET))
    unplaced = finance_article(title="未放置的新闻")
    client.force_login(operator)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={placed.pk}&id={unplaced.pk}"

    response = client.post(url, {})
    assert response.status_code == 200
    assert "管理公开 / 财政信息 / 预决算公开" in response.content.decode()
    assert Resource.objects.filter(pk__in=[placed.pk, unplaced.pk]).count() == 2

    assert client.post(url, {"confirm_placements": "1"}).status_code == 302
    assert not Resource.objects.filter(pk__in=[placed.pk, unplaced.pk]).exists()
