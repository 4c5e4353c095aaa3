import pytest

pytestmark = pytest.mark.browser

SEARCH_PAGES = {
    "results": ("www.jdz.gov.cn", "/search/?q=公积金"),
    "cluster results": ("www.jdz.gov.cn", "/search/?q=景德镇&scope=cluster&type=policydocument"),
    "no results": ("www.cjq.gov.cn", "/search/?q=飞船火箭"),
    "empty": ("czj.jdz.gov.cn", "/search/"),
}


@pytest.mark.parametrize("page_type", SEARCH_PAGES)
def test_search_pages_pass_axe(sized_page, site_url, axe_violations, page_type):
    domain, path = SEARCH_PAGES[page_type]
    assert sized_page.goto(site_url(domain, path)).status == 200
    assert axe_violations(sized_page) == []


def test_searching_from_the_header_and_opening_a_result(page, site_url):
    page.goto(site_url("www.jdz.gov.cn", "/zwzx/jrcd/"))
    page.get_by_role("search", name="搜索本站").get_by_role("searchbox").fill("公积金")
    page.get_by_role("search", name="搜索本站").get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    assert "共找到" in page.get_by_role("status").inner_text()
    page.locator(".search-hit h3 a").first.click()
    page.wait_for_load_state()
    assert "公积金" in page.locator("article.resource h1").inner_text()


def test_titles_are_suggested_while_typing(page, site_url):
    page.goto(site_url("www.jdz.gov.cn", "/search/"))
    with page.expect_response(lambda response: "/search/suggest/" in response.url):
        page.locator("#search-q").press_sequentially("jdz", delay=50)
    page.wait_for_function("document.querySelectorAll('#search-suggestions option').length > 0")
    options = page.locator("#search-suggestions option").evaluate_all("options => options.map(o => o.value)")
    assert options and all("景德镇" in option for option in options)
