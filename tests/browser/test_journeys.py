"""Whole journeys through the admin, clicked as the people who use it click:
a 市财政局 editor enters every type of resource, places it in the unit's own
columns, previews it and sends it for review; the unit's reviewer approves it
and the public sees it on the column page, in the site search and in the API;
the editor 报送s an item to the portal and the three 附件2 stages accept it;
a county editor publishes on the county portal and is refused the city's.

Every click and tick on the way is counted (typing is not) and a line per
journey is printed, e.g. ``journey czj-bianji create→submit 新闻动态: 14 clicks``.
Screenshots of the key screens go to the test's temporary directory."""

import datetime
import json
import re
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "Browser-test-2026"
PORTAL, CZJ, CJQ = "www.jdz.gov.cn", "czj.jdz.gov.cn", "www.cjq.gov.cn"
PORTAL_NAME, CZJ_NAME, CJQ_NAME = "景德镇市人民政府", "景德镇市财政局", "昌江区人民政府"
PREVIEW_NOTICE = "预览:本页显示的是尚未发布的内容"
# A create→submit journey of an editor should take no more clicks than this,
# besides the clicks a type's own fields need (a select, an attachment).
EDITOR_CLICK_BUDGET = 15
STAMP = time.strftime("%H%M%S")


class Journey:
    """One person's way through the admin: counts the clicks and ticks
    (not what is typed) and takes screenshots of the key screens."""

    def __init__(self, page, site_url, shots):
        self.page = page
        self.site_url = site_url
        self.shots = shots
        self.clicks = 0
        self.lines = []
        self.who = ""
        self.edit_url = ""
        self.problems = []

    def click(self, locator, **kwargs):
        self.clicks += 1
        locator.click(**kwargs)

    def check(self, locator):
        self.clicks += 1
        locator.check()

    def select(self, locator, label):
        """Picking an option of a select is one click, as a person makes it."""
        self.clicks += 1
        locator.select_option(label=label)

    def soft(self, what: str, step):
        """Run a step whose failure should not stop the rest of the journey;
        the test fails at its end with every such failure."""
        try:
            step()
        except (AssertionError, PlaywrightError) as failure:
            self.problems.append(f"{what}: {str(failure).strip().splitlines()[0]}")
            self.shot(re.sub(r"\W+", "-", what) + "-failed")
            return False
        return True

    def shot(self, name: str):
        self.page.screenshot(path=self.shots / f"{name}.png")

    def report(self, label: str, since: int) -> int:
        count = self.clicks - since
        line = f"journey {label}: {count} clicks"
        self.lines.append(line)
        print(line)
        return count

    # The admin as everyone reaches it ------------------------------------

    def sign_in(self, username: str):
        page = self.page
        self.who = username
        # Leave the admin first: a page being left may still send requests
        # (editing-session pings) that renew the previous user's session.
        page.goto("about:blank")
        page.wait_for_timeout(300)
        page.context.clear_cookies()
        page.goto(self.site_url(PORTAL, "/admin/login/"))
        try:
            page.get_by_role("textbox", name="用户名").fill(username)
        except PlaywrightError:
            self.shot(f"sign-in-{username}-failed")
            raise AssertionError(f"no sign-in form at {page.url}: {page.locator('body').inner_text()[:300]}") from None
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("#id_password").press("Enter")
        page.wait_for_load_state()
        refused = page.locator(".messages, .help-block, .error-message").all_inner_texts()
        assert urlsplit(page.url).path == "/admin/", f"{username} cannot sign in: {' '.join(refused).strip()}"

    def menu(self, group: str, item: str):
        """Open a sidebar menu group and follow one of its items."""
        self.click(self.page.get_by_role("button", name=group, exact=True))
        self.click(self.page.get_by_role("link", name=item, exact=True))
        self.page.wait_for_load_state()

    def message(self) -> str:
        messages = self.page.locator(".messages")
        expect(messages).not_to_be_empty()
        return messages.inner_text()

    def rich_text(self, text: str, nth: int = 0):
        """Click into a Draftail editor and type."""
        editor = self.page.locator(".public-DraftEditor-content").nth(nth)
        self.click(editor)
        self.page.keyboard.type(text)
        if text not in editor.inner_text():
            # Typed before the editor had started: type it again.
            editor.fill(text)
        expect(editor).to_contain_text(text)
        # Draftail writes its content into the form field a moment later
        # (stateSaveInterval); a save clicked before then sends it empty.
        self.page.wait_for_function(
            "text => [...document.querySelectorAll('input[type=hidden]')].some(i => i.value.includes(text))", arg=text
        )

    def upload_document(self, button_name: str, title: str, file):
        """Choose a document through the chooser's upload tab."""
        page = self.page
        self.click(page.get_by_role("button", name=button_name).first)
        dialog = page.get_by_role("dialog")
        self.click(dialog.get_by_role("tab", name="上传"))
        dialog.get_by_label("文件").set_input_files(file)
        dialog.get_by_label("标题").fill(title)
        self.click(dialog.get_by_role("button", name="上传"))
        expect(dialog).to_be_hidden()

    def open_preview(self):
        """Open the preview side panel; return the preview frame."""
        toggle = self.page.get_by_role("button", name="预览开关")
        if toggle.get_attribute("aria-expanded") != "true":
            self.click(toggle)
        frame = self.page.frame_locator("iframe#w-preview-iframe")
        body = frame.locator("body")
        try:
            expect(body).to_contain_text(self.page.get_by_role("textbox", name="标题").input_value())
        except AssertionError:
            if "服务暂时不可用" in body.inner_text():
                raise AssertionError("the preview shows 服务暂时不可用: the server failed to render it") from None
            raise
        return frame

    # An editor's entry ---------------------------------------------------

    def enter(self, kind: str, title: str, fill, *, column: tuple[str, str], unit: str, key: str):
        """From the sidebar: 录入信息资源 of one type, fill it in, save, place it
        in a column, preview it, confirm 保密审查 and submit it for review."""
        page = self.page
        start = self.clicks
        self.menu("信息资源库", "资源库")
        self.click(page.get_by_role("link", name="录入信息资源"))
        self.click(page.get_by_role("link", name=kind, exact=True))
        page.get_by_role("textbox", name="标题").fill(title)
        before_fields = self.clicks
        fill(self)
        field_clicks = self.clicks - before_fields
        # The slug follows the title a moment after the title field is left.
        expect(page.locator("input[name=slug]")).not_to_have_value("")
        self.click(page.get_by_role("button", name="保存草稿"))
        assert "已创建" in self.message(), self.message()
        self.edit_url = page.url

        self.click(page.get_by_role("tab", name="栏目使用与责任"))
        self.click(page.get_by_role("tabpanel").get_by_role("link", name="放置到栏目"))
        site_name, column_title = column
        self.check(page.get_by_role("region", name=site_name).get_by_label(column_title, exact=True))
        self.click(page.get_by_role("button", name="放置", exact=True))
        assert "已放置到 1 个栏目" in self.message()

        def preview():
            frame = self.open_preview()
            shown = frame.locator("body")
            expect(shown).to_contain_text(PREVIEW_NOTICE)
            expect(frame.locator("article h1")).to_have_text(title)
            expect(shown).to_contain_text(site_name)
            expect(shown).to_contain_text(column_title)
            self.shot(f"{key}-preview")

        self.soft(f"{self.who} preview {kind}", preview)

        self.check(page.get_by_label("保密审查"))
        self.click(page.get_by_role("button", name="更多动作"))
        self.click(page.get_by_role("button", name=f"提交给{unit}审核"))
        assert "已经提交进行审核" in self.message()
        total = self.clicks - start
        line = f"journey {self.who} create→submit {kind}: {total} clicks ({field_clicks} of them in its own fields)"
        self.lines.append(line)
        print(line)
        return total - field_clicks

    # A reviewer's approval -----------------------------------------------

    def approve_from_dashboard(self, title: str, *, final: bool, key: str):
        """From the dashboard's “等待你的审查”: open, preview, approve."""
        page = self.page
        page.goto(self.site_url(PORTAL, "/admin/"))
        awaiting = page.get_by_role("region", name="等待你的审查")
        self.click(awaiting.get_by_role("link", name=title, exact=True))
        frame = self.open_preview()
        expect(frame.locator("body")).to_contain_text(PREVIEW_NOTICE)
        expect(frame.locator("article h1")).to_have_text(title)
        self.shot(f"{key}-review")
        self.check(page.get_by_label("保密审查"))
        self.click(page.get_by_role("button", name="更多动作"))
        self.click(page.get_by_role("button", name="批准 和发布" if final else "批准", exact=True))
        message = self.message()
        assert title in message and "错误" not in message, message

    # The public side -----------------------------------------------------

    def public_shows(self, domain: str, column_path: str, title: str, *, search: str, key: str, also=()):
        """The column lists the item, its page renders, the site search and
        the API find it."""
        page = self.page
        page.goto(self.site_url(domain, column_path))
        self.click(page.locator(".item-list").get_by_role("link", name=title))
        expect(page.locator("article.resource h1")).to_have_text(title)
        for text in also:
            expect(page.locator("article.resource")).to_contain_text(text)
        self.shot(f"{key}-public")
        page.goto(self.site_url(domain, f"/search/?q={search}"))
        expect(page.locator("main")).to_contain_text(title)
        found = page.evaluate("async url => (await fetch(url)).json()", f"/api/v2/resources/?search={search}")
        ids = [item["id"] for item in found["results"] if item["title"] == title]
        assert ids, found
        detail = page.evaluate("async url => (await fetch(url)).json()", f"/api/v2/resources/{ids[0]}/")
        assert detail["title"] == title
        return detail


@pytest.fixture
def journey(page, site_url, served_cluster, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(15_000)

    # Pages link to each other on their canonical domains (port 80); send
    # those requests to the served cluster's port.
    def to_served_port(route):
        parts = urlsplit(route.request.url)
        route.continue_(url=urlunsplit(parts._replace(netloc=f"{parts.hostname}:{served_cluster}")))

    page.context.route(lambda url: urlsplit(url).port is None and urlsplit(url).scheme == "http", to_served_port)
    shots = tmp_path / "screens"
    shots.mkdir()
    print(f"\nscreenshots: {shots}")
    return Journey(page, site_url, shots)


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Small PDFs as an editor would have them on disk."""
    folder = tmp_path_factory.mktemp("documents")
    files = {}
    for name in ("预算公开表", "申请表"):
        path = folder / f"{name}.pdf"
        path.write_bytes(
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        )
        files[name] = path
    return files


def test_finance_editor_enters_every_type_and_the_reviewer_publishes(journey, documents):
    page = journey.page
    written = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
    until = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    titles = {
        "新闻动态": f"市财政局举办预算绩效管理业务培训班{STAMP}",
        "公告公示": f"关于2027年度市级财政专项资金申报的公告{STAMP}",
        "政策文件": f"景德镇市财政局关于公开2027年市级预算编制说明的通知{STAMP}",
        "政策解读": f"《关于公开2027年市级预算编制说明的通知》政策解读{STAMP}",
        "办事指南": f"财政票据领购办事指南{STAMP}",
        "概况信息": f"2026年景德镇市财政收支概况{STAMP}",
        "机构职能": f"景德镇市财政局主要职责{STAMP}",
        "领导信息": f"市财政局副局长刘明远{STAMP}",
        "专题": f"预算公开专题{STAMP}",
        "链接": f"江西省财政厅网站{STAMP}",
    }

    def news(j):
        j.rich_text("市财政局近日举办全市预算绩效管理业务培训班,各市直部门财务人员参加。")

    def notice(j):
        j.rich_text("现将2027年度市级财政专项资金申报有关事项公告如下。")
        page.get_by_label("有效期至").fill(until)
        page.keyboard.press("Escape")

    def policy(j):
        page.get_by_label("文号").fill(f"景财预〔2026〕{STAMP}号")
        page.get_by_label("成文日期").fill(written)
        page.keyboard.press("Escape")
        j.select(page.get_by_label("主题分类"), "财政、金融、审计")
        j.rich_text("各县(市、区)财政局,市直各部门:现将2027年市级预算编制说明公开如下。")
        j.click(page.get_by_role("button", name="增加 附件"))
        page.get_by_label("附件名称").fill("2027年市级预算公开表")
        j.upload_document("选择一个文档", f"2027年市级预算公开表{STAMP}", documents["预算公开表"])

    def interpretation(j):
        j.select(page.get_by_role("listbox", name="解读的文件"), titles["政策文件"])
        j.rich_text("一、出台背景。为推进预算公开,市财政局制定本通知。")

    def guide(j):
        for label, value in {
            "设定依据": "《财政票据管理办法》",
            "申请条件": "依法设立的行政事业单位。",
            "办理流程": "申请、审核、发放。",
            "办理时限": "即时办结",
            "收费标准": "不收费",
            "办理机构": "市财政局票据管理科",
            "联系方式": "0798-8221234",
        }.items():
            page.get_by_role("textbox", name=label).fill(value)
        j.click(page.get_by_role("button", name="增加 表格"))
        page.get_by_label("表格名称").fill("财政票据领购申请表")
        page.get_by_label("填写说明").fill("加盖单位公章后提交。")
        j.upload_document("选择一个文档", f"财政票据领购申请表{STAMP}", documents["申请表"])

    def overview(j):
        j.rich_text("2026年全市一般公共预算收入保持平稳增长。")

    def functions(j):
        j.rich_text("贯彻执行国家财税方针政策,拟订全市财政发展规划。")
        page.get_by_role("textbox", name="内设机构").fill("办公室\n预算科\n国库科")
        page.get_by_label("联系电话").fill("0798-8221234")

    def leader(j):
        page.get_by_role("textbox", name="姓名").fill("刘明远")
        page.get_by_role("textbox", name="职务").fill("市财政局党组成员、副局长")
        page.get_by_role("textbox", name="工作分工").fill("负责预算、国库工作。")
        page.get_by_role("textbox", name="简历").fill("男,汉族,1975年生,大学学历。")

    def topic(j):
        j.select(page.get_by_role("combobox", name="专题牵头单位"), "市财政局")
        j.rich_text("集中展示全市预算公开信息。")

    def link(j):
        page.get_by_role("textbox", name="链接地址").fill("http://jxf.jiangxi.gov.cn/")

    entries = [
        ("新闻动态", news, (CZJ_NAME, "部门动态")),
        ("公告公示", notice, (CZJ_NAME, "通知公告")),
        ("政策文件", policy, (PORTAL_NAME, "预决算公开")),
        ("政策解读", interpretation, (CZJ_NAME, "政策解读")),
        ("办事指南", guide, (CZJ_NAME, "办事指南")),
        ("概况信息", overview, (PORTAL_NAME, "财政收支")),
        ("机构职能", functions, (CZJ_NAME, "机构职能")),
        ("领导信息", leader, (CZJ_NAME, "领导信息")),
        ("专题", topic, (PORTAL_NAME, "具体专题")),
        ("链接", link, (CZJ_NAME, "规划计划")),
    ]
    journey.sign_in("czj-bianji")
    over_budget = {}
    for index, (kind, fill, column) in enumerate(entries):
        clicks = journey.enter(kind, titles[kind], fill, column=column, unit="市财政局", key=f"czj-{index:02d}")
        if clicks > EDITOR_CLICK_BUDGET:
            over_budget[kind] = clicks

    # The reviewer approves three of them from the dashboard.
    start = journey.clicks
    journey.sign_in("czj-shenhe")
    for kind in ("新闻动态", "公告公示", "政策文件"):
        journey.approve_from_dashboard(titles[kind], final=True, key=f"czj-shenhe-{kind}")
    journey.report("czj-shenhe preview→approve ×3", since=start)

    start = journey.clicks
    journey.page.context.clear_cookies()
    journey.public_shows(CZJ, "/gzdt/bmdt/", titles["新闻动态"], search="预算绩效管理业务培训", key="public-news")
    notice_detail = journey.public_shows(
        CZJ, "/gzdt/tzgg/", titles["公告公示"], search="财政专项资金申报", key="public-notice"
    )
    assert notice_detail["valid_until"] == until
    policy_detail = journey.public_shows(
        PORTAL,
        "/zwgk/fdzdgknr/glgk/czxx/yjsgk/",
        titles["政策文件"],
        search="市级预算编制说明",
        key="public-policy",
        also=["索引号", "景财预〔2026〕", "2027年市级预算公开表"],
    )
    assert "2027年市级预算公开表" in json.dumps(policy_detail, ensure_ascii=False)
    journey.report("public column→page ×3", since=start)
    assert not over_budget, f"create→submit over {EDITOR_CLICK_BUDGET} clicks: {over_budget}"
    assert not journey.problems, journey.problems


SUBMISSION_STAGES = [
    ("shuju-jingban", "经办人审核", "拟同意报送。"),
    ("shuju-kezhang", "科室科长审核", "同意。"),
    ("shuju-fenguan", "分管领导审核", "同意发布。"),
]


def test_editor_submits_to_the_portal_and_three_stages_accept(journey):
    page = journey.page
    title = "市财政局开展2026年财会监督专项行动"
    journey.sign_in("czj-bianji")
    start = journey.clicks
    journey.menu("信息资源库", "资源库")
    page.get_by_role("searchbox").or_(page.get_by_placeholder("搜索")).first.fill(title)
    page.keyboard.press("Enter")
    journey.click(page.locator("table.listing").get_by_role("link", name=title, exact=True))
    journey.click(page.get_by_role("button", name="动作", exact=True))
    journey.click(page.locator(".w-dropdown__content:visible").get_by_role("link", name="报送"))
    journey.check(page.get_by_label("景德镇市人民政府 › 政务资讯 / 部门动态"))
    page.get_by_label("联系人").fill("冯雪")
    page.get_by_label("电话").fill("0798-8221234")
    page.get_by_label("信息标题或摘要").fill(title)
    journey.check(page.get_by_label("单位确认"))
    journey.shot("submit-form")
    journey.click(page.get_by_role("button", name="报送", exact=True))
    assert "等待审核" in journey.message()
    journey.report("czj-bianji 报送 部门动态", since=start)

    for username, stage, opinion in SUBMISSION_STAGES:
        start = journey.clicks
        journey.sign_in(username)
        journey.menu("信息资源库", "信息报送")
        row = page.locator("table.listing tbody tr", has_text=title)
        journey.click(row.get_by_role("link", name="审核", exact=True))
        resource = page.get_by_role("region", name="报送的信息")
        expect(resource).to_contain_text(title)
        expect(resource).to_contain_text("财会监督")
        with page.expect_popup() as opened:
            journey.click(resource.get_by_role("link", name="查看页面"))
        public = opened.value
        expect(public.locator("article.resource h1")).to_have_text(title)
        public.close()
        expect(page.locator("main")).to_contain_text(stage)
        page.get_by_role("textbox", name="审核意见").fill(opinion)
        journey.shot(f"submission-{username}")
        journey.click(page.get_by_role("button", name=f"{stage}通过"))
        assert title in journey.message()
        expect(page.locator("table.listing tbody tr", has_text=title)).to_have_count(0)
        journey.report(f"{username} {stage}", since=start)

    page.context.clear_cookies()
    page.goto(journey.site_url(PORTAL, "/zwzx/bmdt/"))
    journey.click(page.locator(".item-list").get_by_role("link", name=title))
    expect(page.locator("article.resource h1")).to_have_text(title)
    expect(page.locator(".resource-meta")).to_contain_text("来源:景德镇市财政局")
    journey.shot("submission-public")


def test_county_editor_publishes_on_the_county_portal_only(journey):
    page = journey.page
    title = f"昌江区举行陶瓷文化进社区活动{STAMP}"
    journey.sign_in("cjq-bianji")

    def news(j):
        j.rich_text("昌江区近日在各社区举行陶瓷文化进社区活动,居民现场体验拉坯、彩绘。")

    journey.enter("新闻动态", title, news, column=(CJQ_NAME, "本地要闻"), unit="昌江区", key="cjq")

    # The chooser offers no portal column but those 昌江区 shares in (共建).
    # (While it awaits review the edit form is locked, the 栏目使用 tab's
    # buttons with it; the header's actions menu still offers 放置到栏目.)
    page.goto(journey.edit_url)
    journey.click(page.get_by_role("button", name="动作", exact=True))
    journey.click(page.locator(".w-dropdown__content:visible").get_by_role("link", name="放置到栏目"))
    portal = page.get_by_role("region", name=PORTAL_NAME)
    offered = {label.strip() for label in portal.locator("label").all_inner_texts()}
    assert offered <= {"具体专题", "县区平台链接"}, offered
    journey.shot("cjq-chooser")

    # Asking for a portal column directly is refused.
    columns = page.evaluate("async url => (await fetch(url)).json()", f"/api/v2/columns/?site={PORTAL}&limit=100")[
        "results"
    ]
    today_column = next(column for column in columns if column["path"] == "政务资讯/今日瓷都")
    status, text = page.evaluate(
        """async ([column]) => {
            const form = new FormData();
            form.append('csrfmiddlewaretoken', document.querySelector('[name=csrfmiddlewaretoken]').value);
            form.append('columns', column);
            const answer = await fetch(location.pathname, {method: 'POST', body: form});
            return [answer.status, await answer.text()];
        }""",
        [str(today_column["id"])],
    )
    assert status == 403 or "不是栏目" in text, status
    assert "今日瓷都" in text

    # Nor does the portal's home page open in the editor (the page chooser names its id).
    portal_home_id = page.evaluate(
        """async name => {
            const answer = await (await fetch('/admin/choose-page/?page_type=cluster.sitehomepage')).json();
            const html = new DOMParser().parseFromString(answer.html, 'text/html');
            return html.querySelector(`a.choose-page[data-title="${name}"]`).dataset.id;
        }""",
        PORTAL_NAME,
    )
    answer = page.goto(journey.site_url(PORTAL, f"/admin/pages/{portal_home_id}/edit/"))
    assert answer.status == 403 or not page.url.endswith("/edit/"), page.url
    assert answer.status == 403 or "没有权限" in journey.message()

    # 昌江区 reviews in two stages: 审核, then 分管领导.
    start = journey.clicks
    journey.sign_in("cjq-shenhe")
    journey.approve_from_dashboard(title, final=False, key="cjq-shenhe")

    def second_stage():
        journey.sign_in("cjq-fenguan")
        journey.approve_from_dashboard(title, final=True, key="cjq-fenguan")

    published = journey.soft("cjq-fenguan 分管领导 approves", second_stage)
    journey.report("cjq-shenhe + cjq-fenguan approve", since=start)

    if published:
        page.context.clear_cookies()
        journey.public_shows(CJQ, "/zwdt/bdyw/", title, search="陶瓷文化进社区", key="cjq-public")
    else:
        journey.problems.append(f"“{title}” is not published, so www.cjq.gov.cn cannot show it")
    assert not journey.problems, journey.problems
