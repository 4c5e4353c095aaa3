import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "portal home": ("www.jdz.gov.cn", "/"),
    "county home": ("www.cjq.gov.cn", "/"),
    "department home": ("czj.jdz.gov.cn", "/"),
    "parent column": ("www.jdz.gov.cn", "/zwgk/fdzdgknr/"),
    "leaf column": ("www.jdz.gov.cn", "/zwzx/jrcd/"),
    "link column": ("www.jdz.gov.cn", "/zwgk/fdzdgknr/zdlyxxgk/ggzypz/gcjsxmzbtb/"),
    "catalogue": ("www.jdz.gov.cn", "/catalogue/"),
    "not found": ("www.jdz.gov.cn", "/no-such-page/"),
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_public_pages_pass_axe(sized_page, site_url, axe_violations, page_type):
    domain, path = PAGE_TYPES[page_type]
    response = sized_page.goto(site_url(domain, path))
    assert response.status == (404 if page_type == "not found" else 200)
    assert sized_page.locator("html").get_attribute("lang") == "zh-CN"
    assert axe_violations(sized_page) == []


def test_a_detail_page_opened_from_a_column_list(page, site_url, axe_violations):
    page.goto(site_url("www.jdz.gov.cn", "/zwzx/jrcd/"))
    first = page.locator(".item-list a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("article.resource h1").inner_text() == title.replace("置顶", "")
    assert page.locator('meta[name="ArticleTitle"]').get_attribute("content") == page.locator("h1").inner_text()
    assert "发布时间" in page.locator(".resource-meta").inner_text()
    assert axe_violations(page) == []


def test_navigation_reaches_a_fifth_level_column(page, site_url):
    page.goto(site_url("www.jdz.gov.cn"))
    page.get_by_role("navigation", name="主栏目").get_by_role("link", name="政务公开").click()
    page.get_by_role("link", name="法定主动公开内容").first.click()
    page.get_by_role("link", name="重点领域信息公开").first.click()
    page.get_by_role("link", name="三大攻坚战").first.click()
    page.get_by_role("link", name="防范化解重大风险").first.click()
    crumbs = page.get_by_role("navigation", name="当前位置").locator("li").all_inner_texts()
    assert crumbs == ["首页", "政务公开", "法定主动公开内容", "重点领域信息公开", "三大攻坚战", "防范化解重大风险"]


def test_chinese_domain_serves_the_same_site(page, site_url):
    page.goto(site_url("昌江区.政务"))
    assert page.locator('meta[name="SiteName"]').get_attribute("content") == "昌江区人民政府"


DETAIL_PAGES = {
    "news": ("www.jdz.gov.cn", "/zwzx/jrcd/"),
    "notice": ("www.jdz.gov.cn", "/zwzx/gggs/"),
    "policy document": ("www.jdz.gov.cn", "/zwgk/fdzdgknr/zcwj/zfwj/"),
    "interpretation": ("www.jdz.gov.cn", "/zwgk/fdzdgknr/zcjd/"),
    "service guide": ("www.cjq.gov.cn", "/zwfw/bszn/"),
    "overview": ("www.jdz.gov.cn", "/zjcd/jdzgk/sqjj/"),
    "functions": ("czj.jdz.gov.cn", "/jggk/jgzn/"),
    "leader": ("czj.jdz.gov.cn", "/jggk/ldxx/"),
    "topic": ("www.jdz.gov.cn", "/zwzx/ztbd/jtzt/"),
}


@pytest.mark.parametrize("page_type", DETAIL_PAGES)
def test_every_detail_page_type_passes_axe(page, site_url, axe_violations, page_type):
    domain, column = DETAIL_PAGES[page_type]
    assert page.goto(site_url(domain, column)).status == 200
    link = page.locator(".item-list a").first
    link.click()
    page.wait_for_load_state()
    assert page.locator("article.resource h1").count() == 1, page.url
    assert page.locator('meta[name="PubDate"]').get_attribute("content")
    assert axe_violations(page) == []
