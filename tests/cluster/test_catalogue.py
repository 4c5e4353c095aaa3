"""The portal's column tree is exactly 附件1 of the regulation, read from the
table's own text (tests/cluster/data/attachment1.txt) rather than from our data."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page

from cluster.catalogue import CatalogueError, catalogue_import, catalogue_parse, catalogue_rows
from cluster.models import ColumnPage, GuaranteeMode, SiteRecord

pytestmark = pytest.mark.django_db

TABLE = Path(__file__).parent / "data" / "attachment1.txt"
# The table's responsibility cells name some units by a short form or by role.
UNIT_ALIASES = {"部门": "市直各部门", "县区": "各县(市、区)", "各县市区": "各县(市、区)", "市政府办": "市政府办公室"}
ROLE_WORDS = re.compile(r"(牵头|配合|转载|报送|审核|按职责分工提供)$")


def _table_rows() -> list[tuple[str, str]]:
    """(leaf column name, responsibility text) for each of the table's rows."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    body = lines[lines.index("内容保障单位 |") + 1 :]
    rows, cells = [], []
    for line in body:
        text = re.sub(r"\s+", "", line.split("|")[0])
        if re.search(r"\|[ |]*\|$", line) or (line.rstrip().endswith("|") and line is body[-1]):
            rows.append((cells[-1], text))
            cells = []
        else:
            cells.append(text)
    return rows


def _units_named(responsibility: str) -> set[str]:
    names = set()
    # “各县(市、区)” holds the list separator inside its parentheses.
    for token in re.split(r"[、,,]", responsibility.replace("各县(市、区)", "各县市区")):
        token = ROLE_WORDS.sub("", ROLE_WORDS.sub("", token))
        names.add(UNIT_ALIASES.get(token, token))
    return names


@pytest.fixture
def portal_rows():
    return catalogue_rows(SiteRecord.objects.get(domain="www.jdz.gov.cn"))


def test_the_portal_has_the_five_first_level_columns(portal_rows):
    assert [r["path"][0] for r in portal_rows if len(r["path"]) == 1] == [
        "政务资讯",
        "政务公开",
        "政民互动",
        "数据开放",
        "走进瓷都",
    ]


def test_every_row_of_attachment_1_is_a_leaf_column_in_table_order(portal_rows):
    table = _table_rows()
    assert len(table) == 143
    paths = [tuple(r["path"]) for r in portal_rows]
    leaves = [
        r
        for r in portal_rows
        if not any(p[: len(r["path"])] == tuple(r["path"]) and p != tuple(r["path"]) for p in paths)
    ]
    assert [r["path"][-1] for r in leaves] == [name for name, _ in table]
    for row, (name, responsibility) in zip(leaves, table, strict=True):
        if row["mode"] == GuaranteeMode.LINK and not row["units"]:
            assert responsibility.startswith("链接至"), name
            continue
        assert set(row["units"]) == _units_named(responsibility), (name, responsibility)


def test_names_repeated_at_a_page_break_are_one_column(portal_rows):
    paths = [tuple(r["path"]) for r in portal_rows]
    assert sum(1 for p in paths if p[-1] == "重点领域信息公开") == 1
    assert sum(1 for p in paths if p[-1] == "管理公开") == 1
    key_areas = ("政务公开", "法定主动公开内容", "重点领域信息公开")
    assert [p[3] for p in paths if p[:3] == key_areas and len(p) == 4] == [
        "三大攻坚战",
        "重大建设项目批准和实施",
        "公共资源配置",
        "社会公益事业与重点民生领域",
        "公共监管",
    ]


def test_rows_carry_units_mode_and_update_requirement(portal_rows):
    by_path = {"/".join(r["path"]): r for r in portal_rows}
    rule = by_path["政务公开/法定主动公开内容/政策文件/规章"]
    assert rule["units"] == ["市政府办公室"] and rule["lead_unit"] == "市政府办公室"
    dept_news = by_path["政务资讯/部门动态"]
    assert dept_news["mode"] == GuaranteeMode.SUBMISSION and dept_news["update_interval_days"] == 14
    plan = by_path["政务公开/法定主动公开内容/发展规划/“十四五”规划"]
    assert plan["lead_unit"] == "市发改委" and plan["cooperating_units"] == ["其他相关单位"]
    bidding = by_path["政务公开/法定主动公开内容/重点领域信息公开/公共资源配置/工程建设项目招标投标"]
    assert bidding["mode"] == GuaranteeMode.LINK and bidding["link_url"].startswith("https://")
    assert by_path["政务公开/法定主动公开内容/政策文件/上级文件"]["mode"] == GuaranteeMode.SYNDICATION
    assert max(len(r["path"]) for r in portal_rows) == 5


def test_column_catalogue_command_prints_json_and_csv(capsys, portal_rows):
    call_command("column_catalogue", "--site", "www.jdz.gov.cn", "--format", "json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(portal_rows, ensure_ascii=False))
    assert printed[4]["path"] == ["政务资讯", "公告公示"]
    assert {"path", "units", "lead_unit", "mode", "update_interval_days"} <= set(printed[0])

    call_command("column_catalogue", "--site", "景德镇市人民政府.政务", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(portal_rows)
    assert rows[1]["path"] == "政务资讯/今日瓷都" and rows[1]["units"] == "景德镇融媒体中心"


def test_column_catalogue_command_fails_with_one_readable_line_for_an_unknown_site():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="list_sites"):
        call_command("column_catalogue", "--site", "www.unknown.gov.cn")


def test_the_catalogue_is_a_public_page_of_the_portal(client, portal_rows):
    html = client.get("/catalogue/", HTTP_HOST="www.jdz.gov.cn").content.decode()
    assert html.count('<th scope="row"') == len(portal_rows)
    assert "市发改委牵头,其他相关单位配合" in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {name: 栏目, lead: [不存在的局]}", "不存在的局"),
        ("- {name: 栏目, mode: nonsense}", "保障方式"),
        ("- {name: 栏目, type: 新闻}", "栏目类型"),
        ("- {name: 链接, mode: link}", "链接地址"),
        ("- {name: 栏目, colour: red}", "未知的字段"),
        (
            "- name: 一\n  children:\n  - name: 二\n    children:\n    - name: 三\n      children:\n      - name: 四\n"
            "        children:\n        - name: 五\n          children:\n          - {name: 六}",
            "第6级",
        ),
        ("just text", "栏目列表"),
    ],
)
def test_a_bad_catalogue_is_refused_with_a_clear_error(text, message):
    with pytest.raises(CatalogueError, match=message):
        catalogue_parse(text)


def test_a_failing_import_writes_nothing():
    record = SiteRecord.objects.get(domain="jtj.jdz.gov.cn")
    pages_before = Page.objects.count()
    specs = catalogue_parse("- {name: 新栏目一}\n- {name: 新栏目二, mode: link, link: 'https://www.jiangxi.gov.cn/'}")
    specs[1].link_url = ""
    with pytest.raises(CatalogueError, match="链接地址"):
        catalogue_import(record=record, specs=specs)
    assert Page.objects.count() == pages_before
    assert not ColumnPage.objects.filter(title="新栏目一").exists()
