"""The operator (市政数局) opens a new department website in the admin, and the
limits every role meets when it reaches past its own unit — clicked through
in Chromium from the sign-in page, as people would."""

import re

import pytest

pytestmark = pytest.mark.browser
PASSWORD = "Browser-test-2026"
NEW_SITE = "tjj.jdz.gov.cn"


class Clicks:
    """Counts what a person clicks, to keep journeys short."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def check(self, locator):
        self.count += 1
        locator.check()


def sign_in(page, site_url, username, domain="www.jdz.gov.cn"):
    page.context.clear_cookies()
    page.goto(site_url(domain, "/admin/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def open_menu(page, clicks, group: str, item: str):
    clicks.click(page.locator("#wagtail-sidebar").get_by_role("button", name=group))
    clicks.click(page.locator("#wagtail-sidebar").get_by_role("link", name=item))


def test_the_operator_opens_a_department_website(page, site_url, tmp_path):
    clicks = Clicks(page)
    sign_in(page, site_url, "pingtai")
    open_menu(page, clicks, "网站群管理", "政府网站")
    clicks.click(page.get_by_role("link", name=re.compile("添加")).first)

    form = page.locator("main")
    form.locator("#id_unit").select_option(label="市统计局")
    form.locator("#id_kind").select_option(label="部门网站")
    form.locator("#id_parent").select_option(label="景德镇市人民政府")
    form.locator("#id_host_unit").select_option(label="市统计局")
    form.locator("#id_operator_unit").select_option(label="市统计局")
    form.locator("#id_domain").fill(NEW_SITE)
    form.locator("#id_chinese_domain").fill("景德镇市统计局.政务")
    clicks.click(page.get_by_role("button", name="创建"))
    page.wait_for_url(re.compile(r"/admin/siterecord/$"))
    row = page.locator("table.listing tbody tr", has_text="景德镇市统计局")
    assert "筹建中" in row.inner_text() and "缺" in row.inner_text()

    # Online without its filings: refused, with the list of what is missing.
    clicks.click(row.get_by_role("link", name="变更状态"))
    clicks.check(page.get_by_label("运行中"))
    clicks.click(page.get_by_role("button", name=re.compile("变更|保存|确定")))
    error = page.locator("main").inner_text()
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    assert "ICP备案号" in error and "政府网站标识码" in error
    assert page.locator("main").get_by_text("运行中").count() >= 1

    # The filings come in; the site goes online and answers on its domain.
    page.goto(site_url("www.jdz.gov.cn", "/admin/siterecord/"))
    clicks.click(page.get_by_role("link", name="景德镇市统计局"))
    form = page.locator("main")
    form.locator("#id_icp_number").fill("赣ICP备05003497号-31")
    form.locator("#id_police_filing_number").fill("赣公网安备 36020202000131号")
    form.locator("#id_mlps_level").select_option(label="第二级")
    form.locator("#id_mlps_filing_number").fill("36020043001-23031")
    form.locator("#id_site_code").fill("3602000031")
    form.locator("#id_conac_mark_id").fill("0300000030020031")
    form.locator("#id_supervisor_name").fill("刘统计")
    form.locator("#id_supervisor_phone").fill("0798-8223101")
    form.locator("#id_responsible_name").fill("陈数据")
    form.locator("#id_responsible_phone").fill("0798-8223102")
    form.locator("#id_liaison_name").fill("王联络")
    form.locator("#id_liaison_phone").fill("13807981031")
    clicks.click(page.get_by_role("button", name="保存"))
    page.wait_for_url(re.compile(r"/admin/siterecord/$"))
    row = page.locator("table.listing tbody tr", has_text="景德镇市统计局")
    assert "齐全" in row.inner_text()
    clicks.click(row.get_by_role("link", name="变更状态"))
    clicks.check(page.get_by_label("运行中"))
    clicks.click(page.get_by_role("button", name=re.compile("变更|保存|确定")))
    page.wait_for_url(re.compile(r"/admin/siterecord/$"))
    assert "运行中" in page.locator("table.listing tbody tr", has_text="景德镇市统计局").inner_text()

    response = page.goto(site_url(NEW_SITE, "/"))
    assert response.status == 200
    assert "景德镇市统计局" in page.title()

    page.goto(site_url("www.jdz.gov.cn", "/admin/"))
    assert "景德镇市统计局" in page.locator("main").inner_text()
    print(f"\njourney pingtai opens a department website: {clicks.count} clicks")


def first_link(page, site_url, username, path, pattern):
    """The address of the first link matching ``pattern`` on ``path`` as
    ``username`` sees it: how the negative journeys learn another unit's URLs."""
    sign_in(page, site_url, username)
    page.goto(site_url("www.jdz.gov.cn", path))
    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return next(href for href in hrefs if re.search(pattern, href))


def refused(response, page) -> bool:
    """403 or 404, or Wagtail's way of saying no: back to the dashboard with
    a permission message."""
    if response.status in (403, 404):
        return True
    return page.url.endswith("/admin/") and "权限" in page.locator("body").inner_text()


def test_a_unit_editor_reaching_into_another_units_work_is_refused(page, site_url):
    submission = first_link(page, site_url, "shuju-jingban", "/admin/library/review/", r"/admin/library/review/\d+/$")
    submission_id = re.search(r"/(\d+)/$", submission).group(1)
    draft = first_link(page, site_url, "flx-bianji", "/admin/library/", r"/admin/pages/\d+/edit/$")
    draft_id = re.search(r"/pages/(\d+)/", draft).group(1)

    sign_in(page, site_url, "czj-bianji")
    for path in (
        f"/admin/snippets/library/submission/edit/{submission_id}/",
        f"/admin/snippets/library/submission/history/{submission_id}/",
        f"/admin/library/review/{submission_id}/print/",
        f"/admin/pages/{draft_id}/edit/",
        f"/admin/pages/{draft_id}/view_draft/",
        f"/admin/pages/{draft_id}/history/",
    ):
        response = page.goto(site_url("www.jdz.gov.cn", path))
        assert refused(response, page), path

    page.goto(site_url("www.jdz.gov.cn", "/admin/snippets/library/submission/"))
    assert "浮梁县" not in page.locator("main").inner_text()


def test_the_platform_administrator_cannot_make_a_superuser_or_take_over_admin(page, site_url, tmp_path):
    clicks = Clicks(page)
    sign_in(page, site_url, "pingtai")
    open_menu(page, clicks, "设置", "用户")
    clicks.click(page.get_by_role("link", name=re.compile("添加用户")).first)
    form = page.locator("main")
    form.locator("[name=username]").fill("shadow-admin")
    for name, value in (
        ("email", "shadow@jdz.gov.cn"),
        ("first_name", "影"),
        ("last_name", "子"),
        ("real_name", "影子管理员"),
        ("mobile", "13907989999"),
    ):
        form.locator(f"[name={name}]").fill(value)
    form.locator("select[name=unit]").select_option(label="市政数局")
    form.locator("[name=password1]").fill("Shadow#Admin-2026")
    form.locator("[name=password2]").fill("Shadow#Admin-2026")
    clicks.click(page.get_by_role("tab", name="角色").first)
    clicks.check(form.locator("[name=is_superuser]"))
    clicks.click(page.get_by_role("button", name=re.compile("添加用户|保存|创建")).last)
    page.screenshot(path=str(tmp_path / "superuser-refused.png"), full_page=True)
    assert "只有超级管理员可以设置或取消超级管理员" in page.locator("main").inner_text()

    page.goto(site_url("www.jdz.gov.cn", "/admin/users/"))
    assert "shadow-admin" not in page.locator("main").inner_text()
    admin_row = page.locator("table.listing tbody tr").filter(has=page.get_by_text("admin", exact=True))
    href = admin_row.locator("a[href*='/edit/']").first.get_attribute("href")
    response = page.goto(site_url("www.jdz.gov.cn", href))
    assert response.status == 403

    sign_in(page, site_url, "admin")
    page.goto(site_url("www.jdz.gov.cn", "/admin/audit/"))
    assert "越权操作被拒绝" in page.locator("main").inner_text()
