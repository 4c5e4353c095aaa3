"""Choosing where a resource goes: 放置到栏目 lists the unit's own website
first and filters by name; 报送 offers only the 信息报送 columns the unit is
responsible for, and refuses a forged choice."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from library.models import Submission
from library.permissions import user_can_place
from library.selectors import submission_columns
from library.services import submission_create
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
FINANCE_SITE = "czj.jdz.gov.cn"
BUDGET = "政务公开/法定主动公开内容/管理公开/财政信息/预决算公开"
DEPARTMENT_NEWS = "政务资讯/部门动态"
COUNTY_NEWS = "政务资讯/县区动态"
FORM = {"contact_name": "冯雪", "contact_phone": "0798-8221202", "summary": "摘要", "declaration_accepted": "on"}


@pytest.fixture
def finance():
    return factories.user_in("市财政局", username="finance-editor")


@pytest.fixture
def changjiang():
    return factories.user_in("昌江区", username="cjq-editor")


def choosable_boxes(html: str) -> set[int]:
    """Column ids of the checkboxes that can be ticked."""
    return {
        int(value)
        for tag, value in re.findall(r'(<input type="checkbox" name="columns" value="(\d+)"[^>]*>)', html)
        if "disabled" not in tag
    }


# 放置到栏目


def test_the_editors_own_website_comes_first_then_the_others_under_their_own_heading(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.get(reverse("library:place", args=[resource.pk]))
    trees = response.context["trees"]
    assert [(tree.record.domain, tree.own) for tree in trees] == [(FINANCE_SITE, True), (PORTAL, False)]
    html = response.content.decode()
    own_heading, others_heading = html.index("本单位网站"), html.index("其他网站")
    own_site, portal = html.index("景德镇市财政局"), html.index("景德镇市人民政府")
    assert own_heading < own_site < others_heading < portal


def test_a_county_editor_sees_the_county_portal_first(client, changjiang):
    resource = factories.article(unit="昌江区")
    client.force_login(changjiang)
    trees = client.get(reverse("library:place", args=[resource.pk])).context["trees"]
    assert trees[0].record.domain == "www.cjq.gov.cn" and trees[0].own
    assert all(not tree.own for tree in trees[1:])


def test_only_columns_the_editor_may_place_into_can_be_ticked(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.get(reverse("library:place", args=[resource.pk]))
    options = {option.column.pk: option for tree in response.context["trees"] for option in tree.options}
    boxes = choosable_boxes(response.content.decode())
    assert boxes == {pk for pk, option in options.items() if option.selectable}
    assert all(user_can_place(finance, options[pk].column) for pk in boxes)
    # 信息报送 columns are filled by review, never ticked directly.
    assert factories.column(PORTAL, DEPARTMENT_NEWS).pk not in boxes


def test_the_filter_keeps_matching_columns_and_the_columns_above_them(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.get(reverse("library:place", args=[resource.pk]), {"q": "财政信息"})
    assert response.context["column_filter"] == "财政信息"
    options = [option for tree in response.context["trees"] for option in tree.options]
    choosable = [option for option in options if option.selectable]
    assert choosable and all("财政信息" in option.path for option in choosable)
    assert factories.column(PORTAL, BUDGET).pk in {option.column.pk for option in choosable}
    # Context above the matches carries no box.
    assert any(option.path == "政务公开" and not option.selectable for option in options)
    html = response.content.decode()
    assert 'name="q" value="财政信息"' in html and "清除筛选" in html


def test_a_filter_matching_nothing_says_so(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.get(reverse("library:place", args=[resource.pk]), {"q": "没有这个栏目"})
    assert response.context["trees"] == []
    assert "没有符合筛选条件、您可以放置的栏目。" in response.content.decode()


def test_placing_from_a_filtered_list_places_the_ticked_column(client, finance):
    resource = factories.article(unit="市财政局")
    budget = factories.column(PORTAL, BUDGET)
    client.force_login(finance)
    url = reverse("library:place", args=[resource.pk]) + "?q=财政信息"
    assert client.post(url, {"columns": [budget.pk]}).status_code == 302
    assert list(resource.placements.values_list("column_id", flat=True)) == [budget.pk]


def test_a_forged_placement_into_a_submission_column_is_refused(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.post(
        reverse("library:place", args=[resource.pk]), {"columns": [factories.column(PORTAL, DEPARTMENT_NEWS).pk]}
    )
    assert response.status_code == 403
    assert "不是栏目“部门动态”的内容保障单位" in response.content.decode()
    assert not resource.placements.exists()


# 报送


def test_the_submission_columns_follow_the_units_responsibility():
    finance_unit, county = OrgUnit.objects.get(short_name="市财政局"), OrgUnit.objects.get(short_name="昌江区")
    assert list(submission_columns(unit=finance_unit)) == [factories.column(PORTAL, DEPARTMENT_NEWS)]
    assert list(submission_columns(unit=county)) == [factories.column(PORTAL, COUNTY_NEWS)]


def test_a_city_department_is_offered_department_news_only(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.get(reverse("library:submit", args=[resource.pk]))
    field = response.context["form"].fields["column"]
    assert list(field.queryset) == [factories.column(PORTAL, DEPARTMENT_NEWS)]
    html = response.content.decode()
    assert f'name="column" value="{factories.column(PORTAL, DEPARTMENT_NEWS).pk}"' in html
    assert f'name="column" value="{factories.column(PORTAL, COUNTY_NEWS).pk}"' not in html


def test_a_forged_submission_to_county_news_is_refused_and_creates_nothing(client, finance):
    resource = factories.article(unit="市财政局")
    client.force_login(finance)
    response = client.post(
        reverse("library:submit", args=[resource.pk]), {**FORM, "column": factories.column(PORTAL, COUNTY_NEWS).pk}
    )
    assert response.status_code == 200
    assert "请选择列出的信息报送栏目。" in response.content.decode()
    assert not Submission.objects.filter(resource=resource).exists()


def test_the_service_refuses_a_column_the_unit_is_not_responsible_for(finance):
    resource = factories.article(unit="市财政局")
    with pytest.raises(PermissionDenied, match="市财政局不是栏目“县区动态”的内容保障单位"):
        submission_create(
            resource=resource,
            column=factories.column(PORTAL, COUNTY_NEWS),
            user=finance,
            contact_name="冯雪",
            contact_phone="0798-8221202",
            declaration_accepted=True,
        )
    assert not Submission.objects.filter(resource=resource).exists()


def test_a_county_submits_to_county_news(client, changjiang):
    resource = factories.article(unit="昌江区")
    county_news = factories.column(PORTAL, COUNTY_NEWS)
    client.force_login(changjiang)
    response = client.post(reverse("library:submit", args=[resource.pk]), {**FORM, "column": county_news.pk})
    assert response.status_code == 302
    submission = Submission.objects.get(resource=resource)
    assert submission.column == county_news and submission.unit.short_name == "昌江区"
