"""A 附件2 submission walked through its three review stages in the admin,
as the three reviewers of 市政数局 would do it in a browser."""

import re

import pytest

pytestmark = pytest.mark.browser
PASSWORD = "Browser-test-2026"
STAGES = [
    ("shuju-jingban", "经办人审核", "拟同意报送。"),
    ("shuju-kezhang", "科室科长审核", "同意。"),
    ("shuju-fenguan", "分管领导审核", "同意发布。"),
]


def sign_in(page, site_url, username):
    page.context.clear_cookies()
    page.goto(site_url("www.jdz.gov.cn", "/admin/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_three_reviewers_approve_a_submission_and_it_appears_on_the_portal(page, site_url):
    title = None
    for username, stage, opinion in STAGES:
        sign_in(page, site_url, username)
        page.goto(site_url("www.jdz.gov.cn", "/admin/library/review/"))
        rows = page.locator("table.listing tbody tr")
        if title is None:
            row = rows.filter(has_text="市教体局").first
            title = row.locator("td").first.inner_text().strip()
        else:
            row = rows.filter(has_text=title).first
        row.get_by_role("link", name="审核", exact=True).click()
        assert stage in page.locator("main").inner_text()
        page.fill("textarea[name=opinion]", opinion)
        page.get_by_role("button", name=f"{stage}通过").click()
        page.wait_for_url(re.compile(r"/admin/library/review/$"))
        assert "已审核通过" in page.locator("main").inner_text() or "已采用" in page.locator("main").inner_text()
        assert page.locator("table.listing tbody tr", has_text=title).count() == 0

    page.goto(site_url("www.jdz.gov.cn", "/zwzx/bmdt/"))
    assert title in page.locator(".item-list").inner_text()
