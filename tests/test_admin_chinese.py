"""The admin speaks Chinese throughout: the screens editors and the
operator use show none of the English that Wagtail's, Django's and
django-axes' zh_Hans catalogues leave untranslated (locale/ supplies it),
nor English that Wagtail hard-codes in its templates."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.documents.models import Document

from accounts.models import User
from library.models import Submission
from tests import factories
from units.models import OrgUnit

pytestmark = pytest.mark.django_db

# English each of these screens showed before locale/ and the template
# overrides: whole texts (a label, a button, an aria-label) ...
ENGLISH_TEXTS = {
    "Saved",
    "Password",
    "Search",
    "Actions",
    "Checks",
    "Words",
    "Readability",
    "Shortcuts",
    "Section",
    "Layout",
    "Oldest",
    "Anyone",
    "Exploring",
    "Refresh",
    "Simplified Chinese",
}
# ... and phrases found inside longer texts.
ENGLISH_PHRASES = [
    "Privacy and access",
    "The page could not be saved due to validation errors",
    "Autosave is paused",
    "Choose when this page should go live",
    "Anyone with editing permissions can create schedules",
    "Content metrics",
    "Reading time",
    "This data explained",
    "Locking:",
    "Choose who can view the live version",
    "Correct the validation errors to resume preview",
    "A network error occurred",
    "Use meaningful text for screen reader users",
    "Meta description is empty",
    "Show keyboard shortcuts",
    "Toggle minimap",
    "Paste without formatting",
    "Insert or edit a link",
    "Go to the first error",
    "Actions (footer)",
    "Save your changes before leaving",
    "Search all pages",
    "Date updated",
    "Has child pages",
    "Page types usage",
    "There is no site record for this location",
    "The root level is where you can add new sites",
    "Theme preferences",
    "Enable custom keyboard shortcuts",
    "Grid layout",
    "Usage count:",
    "Please provide an image description",
    "Wagtail upgrade available",
    "Show disabled",
    "Is commenting action",
    "By workflow",
    "Account locked: too many login attempts",
]


class _Texts(HTMLParser):
    """Text nodes (hidden <template> content included: Wagtail fills panels
    and dialogs from it) and the attributes people read or hear."""

    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        self.texts += [value for name, value in attrs.items() if name in self.ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def english_in(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    found = [text for text in parser.texts if text in ENGLISH_TEXTS]
    found += [phrase for phrase in ENGLISH_PHRASES if any(phrase in text for text in parser.texts)]
    return found


def assert_chinese(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert english_in(html) == [], url
    return html


@pytest.fixture
def editor():
    return factories.user_in("市财政局", username="finance-editor")


@pytest.fixture
def operator():
    return User.objects.create_superuser(
        username="operator", password="Pw-2026-test", unit=OrgUnit.objects.get(short_name="市政数局")
    )


def editor_screens(resource) -> list[str]:
    shelf = resource.get_parent()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[shelf.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[shelf.pk]),
        reverse("wagtailadmin_pages:add", args=["library", "notice", shelf.pk]),
        reverse("wagtailadmin_pages:edit", args=[resource.pk]),
        reverse("wagtailadmin_pages:history", args=[resource.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[resource.pk]),
        reverse("wagtailadmin_pages:copy", args=[resource.pk]),
        reverse("wagtailadmin_pages:search") + "?q=财政",
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtailsnippets:index"),
        reverse("wagtailsnippets_library_submission:list"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("library:index"),
        reverse("library:place", args=[resource.pk]),
        reverse("library:submit", args=[resource.pk]),
        reverse("library_mine:index"),
        reverse("editors_guide"),
    ]


def test_an_editors_screens_show_no_english(client, editor):
    resource = factories.article(unit="市财政局", title="市财政局召开预算绩效管理工作会")
    client.force_login(editor)
    for url in editor_screens(resource):
        assert_chinese(client, url)


def test_the_operators_screens_show_no_english(client, operator):
    resource = factories.article(unit="市财政局", title="市财政局召开预算绩效管理工作会")
    client.force_login(operator)
    for url in [
        *editor_screens(resource),
        reverse("wagtailadmin_explore_root"),
        reverse("library_review:index"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:task_index"),
        reverse("sitesearch_statistics"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailsnippets_library_submission:history", args=[Submission.objects.order_by("pk").first().pk]),
        reverse("wagtaildocs:edit", args=[Document.objects.order_by("pk").first().pk]),
    ]:
        assert_chinese(client, url)


def test_a_page_that_cannot_be_saved_says_so_in_chinese(client, editor):
    resource = factories.article(unit="市财政局")
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[resource.pk]), {"title": "", "slug": ""})
    html = response.content.decode()
    assert "存在校验错误,页面未能保存。" in html
    assert english_in(html) == []


def test_the_sign_in_pages_and_the_lockout_speak_chinese(client):
    html = assert_chinese(client, reverse("wagtailadmin_login"))
    assert "<h1>登录景德镇市政府网站集约化平台</h1>" in html and "密码" in html
    assert_chinese(client, reverse("wagtailadmin_password_reset"))
    for _ in range(5):
        locked = client.post(reverse("wagtailadmin_login"), {"username": "nobody", "password": "guess"})
    assert locked.status_code == 429
    assert locked.content.decode() == "账号已锁定:登录失败次数过多,请稍后再试。"


def test_the_admins_javascript_strings_are_chinese(client, editor):
    client.force_login(editor)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    for english, chinese in (
        ("Autosave in progress…", "正在自动保存…"),
        ("A server error occurred.", "发生了服务器错误。"),
    ):
        assert f"{json.dumps(english)}: {json.dumps(chinese)}" in catalogue


# Every message of the catalogues the admin draws on has Chinese, from the
# packages' own zh_Hans or from locale/: an upgrade that brings new English
# names it here rather than on an editor's screen.
CATALOGUES = [
    ("wagtail/admin", "django"),
    ("wagtail", "django"),
    ("wagtail/users", "django"),
    ("wagtail/images", "django"),
    ("wagtail/documents", "django"),
    ("wagtail/snippets", "django"),
    ("wagtail/admin", "djangojs"),
]
_ENTRY = re.compile(r'^(?:msgctxt (?P<context>".*"(?:\n".*")*)\n)?msgid (?P<id>".*"(?:\n".*")*)$', re.M)


def _unquote(lines: str) -> str:
    """A .po string, its quoted lines joined and its escapes undone."""
    joined = "".join(line.strip()[1:-1] for line in lines.splitlines())
    return re.sub(r"\\(.)", lambda escape: {"n": "\n", "t": "\t"}.get(escape[1], escape[1]), joined)


def _msgids(path: Path) -> list[str]:
    """The messages of a .po file, as keys of Django's catalogue."""
    keys = []
    for match in _ENTRY.finditer(path.read_text(encoding="utf-8")):
        message = _unquote(match["id"])
        if message:
            keys.append(f"{_unquote(match['context'])}\x04{message}" if match["context"] else message)
    return keys


@pytest.mark.parametrize(("package", "domain"), CATALOGUES)
def test_every_message_of_the_admins_catalogues_has_chinese(package, domain):
    english = Path(wagtail.__file__).parent.parent / package / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    with translation.override("zh-hans"):
        catalogue = trans_real.DjangoTranslation("zh-hans", domain=domain)._catalog
    missing = [key for key in _msgids(english) if key not in catalogue and (key, 0) not in catalogue]
    assert missing == []


# Templates copied from Wagtail 8.0.1 to put Chinese where Wagtail hard-codes
# English: each must stay Wagtail's own apart from that, so an upgrade that
# changes the original fails here rather than silently losing its changes.
OVERRIDES = [
    ("wagtailadmin/home.html", 'value="Search"', 'value="搜索"'),
    ("wagtailadmin/shared/header.html", 'value="Search"', 'value="搜索"'),
    ("wagtailadmin/shared/headers/_actions.html", 'aria-label="Actions"', 'aria-label="操作"'),
]


@pytest.mark.parametrize(("template", "english", "chinese"), OVERRIDES)
def test_overridden_templates_are_wagtails_own_but_for_the_chinese(settings, template, english, chinese):
    ours = (Path(settings.BASE_DIR) / "templates" / template).read_text(encoding="utf-8")
    wagtails = (Path(wagtail.__file__).parent / "admin" / "templates" / template).read_text(encoding="utf-8")
    without_note = "".join(line for line in ours.splitlines(keepends=True) if not line.startswith("{# Wagtail 8.0.1"))
    assert english in wagtails
    assert without_note == wagtails.replace(english, chinese)
