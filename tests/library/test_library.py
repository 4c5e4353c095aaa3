"""Store once, use everywhere (先入库、后使用): resources, placements,
syndication, submission and aggregation through the library's services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from library import selectors
from library.models import (
    AfterExpiry,
    Article,
    Notice,
    Placement,
    PlacementOrigin,
    PolicyDocument,
    PolicyInterpretation,
    Resource,
    SubmissionStatus,
)
from library.services import (
    placement_create,
    placement_delete,
    placement_update,
    placements_create,
    resource_create,
    submission_approve,
    submission_create,
    submission_reject,
    syndicate,
)
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db
PORTAL = "www.jdz.gov.cn"
COUNTIES = ["www.cjq.gov.cn", "www.zsq.gov.cn", "www.flx.gov.cn", "www.lps.gov.cn"]


def editor_of(unit: str) -> User:
    return factories.user_in(unit, username=f"editor-{unit}")


def page_text(client, url: str, host: str) -> str:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return response.content.decode()


def test_one_resource_in_many_columns_is_one_row_and_an_edit_shows_everywhere(client):
    resource = factories.article(title="全市政务服务“一网通办”再提速")
    columns = [factories.column(d, "政务动态/本地要闻") for d in COUNTIES] + [
        factories.column(PORTAL, "政务资讯/今日瓷都")
    ]
    placements_create(resource=resource, columns=columns)
    assert Resource.objects.filter(title="全市政务服务“一网通办”再提速").count() == 1
    assert Placement.objects.filter(resource=resource).count() == 5

    resource.title = "全市政务服务“一网通办”再提速增效"
    resource.save_revision().publish()
    for column in columns:
        html = page_text(
            client, f"{column.url_path[column.url_path.index('/', 1) :]}{resource.pk}/", column.get_site().hostname
        )
        assert "全市政务服务“一网通办”再提速增效" in html


def test_detail_pages_link_to_the_origin_and_credit_syndication(client):
    document = PolicyDocument.objects.get(doc_number="赣府发〔2026〕7号")
    placement = document.placements.get(site__domain="www.cjq.gov.cn")
    assert placement.origin == PlacementOrigin.SYNDICATED
    html = page_text(client, f"/zwdt/sjwj/{document.pk}/", "www.cjq.gov.cn")
    assert f'<link rel="canonical" href="http://www.jdz.gov.cn/zwgk/fdzdgknr/zcwj/sjwj/{document.pk}/">' in html
    assert "转载自:" in html and "景德镇市人民政府" in html


def test_syndication_puts_a_portal_item_into_every_county_in_one_action():
    resource = factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="全市防汛工作会议召开")
    created = syndicate(resource=resource, columns=[factories.column(d, "政务动态/上级文件") for d in COUNTIES])
    assert len(created) == 4
    assert {p.syndicated_from.domain for p in created} == {PORTAL}
    with pytest.raises(ValidationError, match="其他网站"):
        syndicate(resource=resource, columns=[factories.column(PORTAL, "政务资讯/公告公示")])


def submit(resource, column, user=None):
    return submission_create(
        resource=resource,
        column=column,
        user=user,
        contact_name="冯雪",
        contact_phone="0798-8221202",
        summary=resource.title,
        declaration_accepted=True,
    )


def test_submission_appears_only_after_the_three_stages_of_review(client):
    news = factories.placed_article(
        "czj.jdz.gov.cn", "工作动态/部门动态", unit="市财政局", title="市财政局开展预算绩效评价"
    )
    target = factories.column(PORTAL, "政务资讯/部门动态")
    submission = submit(news, target, user=editor_of("市财政局"))
    assert submission.status == SubmissionStatus.PENDING
    assert submission.current_workflow_task.name == "经办人审核"

    for stage in (1, 2):
        submission = submission_approve(submission=submission, user=factories.portal_reviewer(stage), opinion="同意")
        assert submission.status == SubmissionStatus.PENDING
        assert "市财政局开展预算绩效评价" not in page_text(client, "/zwzx/bmdt/", PORTAL)
    assert submission.current_workflow_task.name == "分管领导审核"

    submission = submission_approve(submission=submission, user=factories.portal_reviewer(3), opinion="同意发布")
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.reviewed_by == factories.portal_reviewer(3)
    assert "市财政局开展预算绩效评价" in page_text(client, "/zwzx/bmdt/", PORTAL)
    assert submission.placement.origin == PlacementOrigin.SUBMITTED


def test_a_rejection_at_stage_two_returns_it_with_the_reason():
    news = factories.placed_article("jtj.jdz.gov.cn", "工作动态/部门动态", unit="市教体局", title="市教体局召开会议")
    submission = submit(news, factories.column(PORTAL, "政务资讯/部门动态"))
    submission = submission_approve(submission=submission, user=factories.portal_reviewer(1))
    with pytest.raises(ValidationError, match="理由"):
        submission_reject(submission=submission, reason="  ", user=factories.portal_reviewer(2))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING
    submission_reject(
        submission=submission, reason="内容以会议程序为主,缺少工作成效。", user=factories.portal_reviewer(2)
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED and "工作成效" in submission.reason
    assert submission.reviewed_by == factories.portal_reviewer(2)
    assert not news.placements.filter(column__title="部门动态", site__domain=PORTAL).exists()


def test_only_submission_columns_take_submissions_and_only_the_stage_reviews():
    news = factories.placed_article("czj.jdz.gov.cn", "工作动态/部门动态", unit="市财政局", title="报送测试")
    with pytest.raises(ValidationError, match="不是信息报送栏目"):
        submit(news, factories.column(PORTAL, "政务资讯/今日瓷都"))
    with pytest.raises(ValidationError, match="单位声明"):
        submission_create(
            resource=news,
            column=factories.column(PORTAL, "政务资讯/部门动态"),
            contact_name="x",
            contact_phone="0798-1234567",
        )
    submission = submit(news, factories.column(PORTAL, "政务资讯/部门动态"))
    for outsider in (editor_of("市教体局"), factories.portal_reviewer(2)):
        with pytest.raises(PermissionDenied, match="经办人审核"):
            submission_approve(submission=submission, user=outsider)
    submission.refresh_from_db()
    assert submission.current_workflow_task.name == "经办人审核" and submission.status == SubmissionStatus.PENDING


def test_an_aggregating_column_shows_the_source_columns_newest_first(client):
    html = page_text(client, "/zwzx/xqdt/", PORTAL)
    for county in ("www.cjq.gov.cn", "www.flx.gov.cn"):
        assert f"http://{county}/zwdt/bdyw/" in html
    fresh = factories.placed_article(
        "www.lps.gov.cn", "政务动态/本地要闻", unit="乐平市", title="乐平市新建农产品冷链物流中心"
    )
    html = page_text(client, "/zwzx/xqdt/", PORTAL)
    assert html.index("乐平市新建农产品冷链物流中心") < html.index("http://www.cjq.gov.cn/zwdt/bdyw/")
    assert f"http://www.lps.gov.cn/zwdt/bdyw/{fresh.pk}/" in html


def test_a_link_column_refuses_placements():
    with pytest.raises(ValidationError, match="网站链接栏目"):
        placement_create(
            resource=factories.article(),
            column=factories.column(
                PORTAL, "政务公开/法定主动公开内容/重点领域信息公开/公共资源配置/工程建设项目招标投标"
            ),
        )


def test_an_editor_places_only_into_columns_of_their_unit():
    finance = editor_of("市财政局")
    resource = factories.article(unit="市财政局", title="2026年市本级预算执行情况")
    budget = factories.column(PORTAL, "政务公开/法定主动公开内容/管理公开/财政信息/预决算公开")
    rules = factories.column(PORTAL, "政务公开/法定主动公开内容/政策文件/规章")
    placements_create(resource=resource, columns=[budget], user=finance)
    with pytest.raises(PermissionDenied, match="规章"):
        placements_create(resource=resource, columns=[rules], user=finance)
    with pytest.raises(PermissionDenied):
        placements_create(resource=resource, columns=[budget, rules], user=finance)
    assert list(resource.placements.values_list("column__title", flat=True)) == ["预决算公开"]


def test_pin_takedown_and_removal_of_a_placement(client):
    resource = factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="置顶测试新闻")
    placement = resource.placements.get()
    placement_update(placement=placement, pinned=True)
    html = page_text(client, "/zwzx/jrcd/", PORTAL)
    assert html.index("置顶测试新闻") < html.index("2026瓷博会")
    placement_update(placement=placement, live=False)
    assert "置顶测试新闻" not in page_text(client, "/zwzx/jrcd/", PORTAL)
    placement_delete(placement=placement)
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_unpublishing_or_deleting_a_resource_takes_it_off_every_site(client):
    resource = factories.placed_article(PORTAL, "政务资讯/今日瓷都", title="即将撤下的新闻")
    syndicate(resource=resource, columns=[factories.column("www.cjq.gov.cn", "政务动态/上级文件")])
    resource.unpublish()
    assert "即将撤下的新闻" not in page_text(client, "/zwzx/jrcd/", PORTAL)
    assert client.get(f"/zwdt/sjwj/{resource.pk}/", HTTP_HOST="www.cjq.gov.cn").status_code == 404
    resource.delete()
    assert not Placement.objects.filter(resource_id=resource.pk).exists()


def test_expired_notices_show_yishixiao_or_disappear_as_chosen(client):
    marked = Notice.objects.get(slug="portal-notice-kg")
    hidden = Notice.objects.get(slug="portal-notice-sydw")
    assert marked.is_expired and marked.after_expiry == AfterExpiry.MARK
    assert hidden.is_expired and hidden.after_expiry == AfterExpiry.HIDE
    listing = page_text(client, "/zwzx/gggs/", PORTAL)
    assert marked.title in listing and "已失效" in listing
    assert hidden.title not in listing
    detail = page_text(client, f"/zwzx/gggs/{marked.pk}/", PORTAL)
    assert "此公示已失效" in detail
    assert client.get(f"/zwzx/gggs/{hidden.pk}/", HTTP_HOST=PORTAL).status_code == 404


def test_policy_documents_get_unique_index_numbers_in_the_site_pattern():
    unit = OrgUnit.objects.get(short_name="市财政局")
    make = lambda title: resource_create(  # noqa: E731
        resource=PolicyDocument(title=title, unit=unit, written_on=datetime.date(2026, 3, 1), body="<p>正文</p>")
    )
    first, second = make("关于甲的通知"), make("关于乙的通知")
    year = timezone.localdate().year
    assert first.index_number.startswith(f"{unit.credit_code}/{year}-")
    assert int(second.index_number[-5:]) == int(first.index_number[-5:]) + 1

    record = factories.SiteRecord.objects.get(domain="czj.jdz.gov.cn")
    record.index_number_pattern = "JX-{org_code}-{year}-{serial:04d}"
    record.save()
    assert (
        make("关于丙的通知").index_number
        == f"JX-{unit.credit_code[8:17]}-{year}-{int(second.index_number[-5:]) + 1:04d}"
    )


def test_policy_metadata_errors_name_the_field_and_write_nothing():
    unit = OrgUnit.objects.get(short_name="市财政局")
    before = PolicyDocument.objects.count()
    future = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        resource_create(resource=PolicyDocument(title="成文日期错误", unit=unit, written_on=future, body="<p>x</p>"))
    assert "成文日期" in exc.value.message_dict["written_on"][0]
    assert PolicyDocument.objects.count() == before

    taken = PolicyDocument.objects.first().index_number
    with pytest.raises(ValidationError) as exc:
        resource_create(
            resource=PolicyDocument(
                title="索引号重复", unit=unit, index_number=taken, written_on=datetime.date(2026, 1, 5), body="<p>x</p>"
            )
        )
    assert "index_number" in exc.value.message_dict
    assert PolicyDocument.objects.count() == before


def test_an_interpretation_must_link_a_document_and_both_pages_link_each_other(client):
    from wagtail.admin.forms import WagtailAdminPageForm  # noqa: F401 - the admin form is what editors use

    form_class = PolicyInterpretation.get_edit_handler().get_form_class()
    form = form_class(data={"title": "无文件的解读", "slug": "x", "body": "{}"}, parent_page=None, for_user=None)
    assert not form.is_valid() and "documents" in form.errors

    interpretation = PolicyInterpretation.objects.filter(documents__isnull=False).first()
    document = interpretation.documents.first()
    doc_placement = document.placements.first()
    doc_html = page_text(
        client,
        f"{doc_placement.column.url_path[doc_placement.column.url_path.index('/', 1) :]}{document.pk}/",
        doc_placement.site.domain,
    )
    assert "相关解读" in doc_html and interpretation.title in doc_html
    placement = interpretation.placements.first()
    html = page_text(
        client,
        f"{placement.column.url_path[placement.column.url_path.index('/', 1) :]}{interpretation.pk}/",
        placement.site.domain,
    )
    assert "解读的文件" in html and document.title in html


def test_rich_text_is_sanitised_on_save(client):
    resource = factories.placed_article(
        PORTAL,
        "政务资讯/今日瓷都",
        title="含脚本的正文",
        body='<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:alert(2)">链接</a>'
        '<a href="https://www.jdz.gov.cn/">官网</a></p>',
    )
    stored = Article.objects.get(pk=resource.pk).body
    assert "script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert 'href="https://www.jdz.gov.cn/"' in stored
    html = page_text(client, f"/zwzx/jrcd/{resource.pk}/", PORTAL)
    assert "alert(" not in html and "steal()" not in html


def test_column_listing_queries_do_not_depend_on_the_number_of_placements():
    column = factories.column(PORTAL, "政务资讯/今日瓷都")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = selectors.column_listing(column=column, page_number=1)
            [p.resource.title for p in page.object_list]
        return len(captured)

    before = queries()
    placements_create(resource=factories.article(title="又一条"), columns=[column])
    for n in range(25):
        placements_create(resource=factories.article(title=f"批量{n}"), columns=[column])
    assert queries() == before == 4
