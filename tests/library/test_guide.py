"""编辑指南: docs/EDITORS.md inside the admin, reached from 帮助."""

import json
import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return factories.user_in("市财政局", username="finance-editor")


def help_menu(html: str) -> list[dict]:
    """The items of the sidebar's 帮助 menu, from the props Wagtail renders it from."""
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html)[1])

    def walk(node):
        if isinstance(node, dict):
            args = node.get("_args")
            if node.get("_type") == "wagtail.sidebar.SubMenuItem" and args[0]["name"] == "help":
                return [item["_args"][0] for item in args[1]]
            return next((found for value in node.values() if (found := walk(value))), None)
        if isinstance(node, list):
            return next((found for value in node if (found := walk(value))), None)
        return None

    return walk(props)


def test_the_guide_renders_for_an_editor(client, editor):
    client.force_login(editor)
    response = client.get(reverse("editors_guide"))
    assert response.status_code == 200
    html = response.content.decode()
    for chapter in ("一、登录与账号", "三、发布前审查:保密审查和敏感词", "七、报送到市政府门户网站(附件2审核)"):
        assert f">{chapter}</h2>" in html
    # The table of contents links to the chapters by their Chinese titles.
    assert 'href="#一登录与账号"' in html and 'id="一登录与账号"' in html
    # Markdown tables become HTML tables, e.g. the one of resource types.
    assert "<th>类型</th>" in html and "<td>公告公示</td>" in html


def test_the_guide_needs_a_login(client):
    response = client.get(reverse("editors_guide"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_help_leads_to_the_guide_not_to_wagtails(client, editor):
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{reverse("editors_guide")}">编辑指南</a>' in dashboard
    assert "guide.wagtail.org" not in dashboard
    items = help_menu(dashboard)
    assert items[0] == {**items[0], "label": "编辑指南", "url": reverse("editors_guide")}
    assert not any("guide.wagtail.org" in item.get("url", "") for item in items)
    assert [item["name"] for item in items] == ["editors-guide", "keyboard-shortcuts-trigger"]
