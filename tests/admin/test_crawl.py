"""Every admin page each demo role can reach answers without a server error.

For each role the crawl signs in to the demo cluster and walks, breadth
first, from the dashboard, the account pages, every admin address that takes
no argument (linked or not) and every item of the sidebar (submenus and the
account menu included, read from the JSON props Wagtail draws it from),
following every link under ``/admin/`` on the pages it reaches. Listings lead
to objects; for each object the crawl also asks for the object's other views
in the same URL namespace (edit, history, usage, view_draft, preview,
workflow history, revisions, delete and unpublish confirmations …): in
Wagtail a GET of a destructive view is a confirmation page and changes
nothing, and the whole crawl runs in the test's rolled-back transaction.
Addresses are sampled by pattern (the view's URL name; query keys without
their values; for a page's own views the page type; see
``Crawl.shapes_of``), a few of each, and at most ``MAX_URLS`` per role. A
redirect is followed one hop; ``/admin/logout/`` is never asked for. Last,
one page of each type the role may edit is previewed: its editor form is
posted to the preview URL as loaded and the preview fetched back.

Every failure of a role is collected and reported at once, grouped by
cause: the exception and the innermost frame of the project's own code (or
of the library that raised it), with each address and where it was found."""

import functools
import html
import json
import logging
import re
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLResolver, get_resolver, resolve, reverse
from wagtail.models import Page

from accounts.models import User
from demo.accounts import load_accounts
from tests.admin.conftest import CRAWL_SUMMARY

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ROLES = [
    "admin",
    "pingtai",
    "shuju-jingban",
    "shuju-kezhang",
    "shuju-fenguan",
    "czj-bianji",
    "czj-shenhe",
    "cjq-bianji",
    "cjq-shenhe",
]
MAX_URLS = 400
PER_SHAPE = 2
# Sorted, filtered or paged lists run the same view.
PER_QUERY = 2
VALUED = {"export", "mode"}
SKIPPED = ("/admin/logout/",)
LINK = re.compile(r"""(?:href|src|data-[\w-]*url[\w-]*)\s*=\s*["']([^"'<>]+)["']""")
# A page's own views, which render it by its type.
PAGE_TYPED = {
    "wagtailadmin_explore",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:add",
    "wagtailadmin_pages:preview_on_add",
}
PER_PAGE_TYPE = 1


@dataclass
class Crawl:
    client: Client
    page_types: dict[int, str]
    seen: set[str] = field(default_factory=set)
    shapes: dict[str, int] = field(default_factory=dict)
    queue: deque = field(default_factory=deque)
    crawled: int = 0
    # (cause, request, where its address was found)
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    def shapes_of(self, url: str) -> list[tuple[str, int]]:
        """The patterns ``url`` is an instance of, each with how many of it
        to crawl. A pattern is the view's URL name (where none resolves, the
        path with digits standing for any number). With a query it is the
        keys without their values, once each, and at most ``PER_QUERY`` such
        variants of a view, except for the export format and preview mode,
        which pick the code that runs. The views that render a page by its
        type are sampled once per page type."""
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
            shape = match.view_name
        except Resolver404:
            match, shape = None, re.sub(r"\d+", "<n>", parts.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if query:
            keys = "&".join(sorted({key for key, _ in query}))
            valued = "&".join(sorted(f"{key}={value}" for key, value in query if key in VALUED))
            return [(f"{shape}?{keys}", 1), (f"{shape}?{valued}", PER_QUERY)]
        if match is not None and match.view_name in PAGE_TYPED:
            kind = match.kwargs.get("content_type_model_name") or self.page_types.get(
                int(match.kwargs.get("page_id") or match.kwargs.get("parent_page_id") or 0), "?"
            )
            return [(f"{shape} [{kind}]", PER_PAGE_TYPE)]
        return [(shape, PER_SHAPE)]

    def offer(self, url: str | None, source: str) -> None:
        """Queue ``url`` unless it was seen or its patterns are sampled enough."""
        if url is None or url in self.seen or url.startswith(SKIPPED):
            return
        shapes = self.shapes_of(url)
        if any(self.shapes.get(shape, 0) >= most for shape, most in shapes):
            return
        for shape, _ in shapes:
            self.shapes[shape] = self.shapes.get(shape, 0) + 1
        self.seen.add(url)
        self.queue.append((url, source))

    def request(self, method: str, url: str, source: str, data=None):
        """The response, or None with the failure recorded; a savepoint keeps
        a crashed request from spoiling the transaction on PostgreSQL."""
        self.crawled += 1
        try:
            with transaction.atomic():
                response = self.client.post(url, data) if method == "POST" else self.client.get(url)
        except Exception as exc:
            self.failures.append((describe(exc), f"{method} {url}", source))
            return None
        if response.status_code >= 500:
            self.failures.append((f"HTTP {response.status_code}", f"{method} {url}", source))
            return None
        return response

    def visit(self, url: str, source: str) -> None:
        response = self.request("GET", url, source)
        if response is None:
            return
        if 300 <= response.status_code < 400:
            target = admin_url(response.get("Location", ""), url)
            if target is None or target in self.seen or target.startswith(SKIPPED):
                return
            self.seen.add(target)
            response = self.request("GET", target, f"redirect from {url}")
            if response is None:
                return
            url = target
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for link in links(response.content.decode(response.charset or "utf-8", "replace"), url):
                self.offer(link, url)
        for sibling in siblings(url):
            self.offer(sibling, f"a view beside {url}")

    def run(self) -> None:
        while self.queue and self.crawled < MAX_URLS:
            self.visit(*self.queue.popleft())

    def report(self) -> str:
        """Failures grouped by cause, each with where its address was found."""
        causes: dict[str, list[str]] = {}
        for cause, what, source in self.failures:
            causes.setdefault(cause, []).append(f"{what}  (found on {source})")
        return "\n".join(
            f"{cause}\n  {len(urls)} request(s):\n    " + "\n    ".join(urls) for cause, urls in causes.items()
        )


def admin_url(href: str, base: str) -> str | None:
    """``href`` as a path (and query) under /admin/ on this server, or None."""
    href = html.unescape(href).strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/admin/"):
        return None
    # ``next`` only says where to return to: the view is the same.
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "next"])
    return parts.path + (f"?{query}" if query else "")


def links(text: str, base: str) -> list[str]:
    found = [admin_url(href, base) for href in LINK.findall(text)]
    props = re.search(r'<script[^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>', text, re.S)
    if props:
        found += [admin_url(url, base) for url in json_urls(json.loads(props[1]))]
    return [url for url in found if url]


def json_urls(value) -> list[str]:
    """Every string that looks like an admin address, anywhere in ``value``."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in json_urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in json_urls(item)]
    if isinstance(value, str) and value.startswith("/admin/"):
        return [value]
    return []


def siblings(url: str) -> list[str]:
    """The other views of the same object: every URL name of the namespace
    that takes exactly the same arguments and is a view of the same model."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return []
    if not match.namespaces:
        return []
    resolver = get_resolver()
    for namespace in match.namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    model = model_of(match.func)
    found = []
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        try:
            sibling = reverse(f"{match.namespace}:{name}", args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            continue
        if sibling != path and model_of(resolve(sibling).func) is model:
            found.append(sibling)
    return found


def model_of(view):
    """The model a class-based view is declared for, if it says."""
    model = getattr(view, "view_initkwargs", {}).get("model") or getattr(
        getattr(view, "view_class", None), "model", None
    )
    return model if isinstance(model, type) else None


def describe(exc: BaseException) -> str:
    """The exception and the innermost frame of the project's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [
        frame
        for frame in frames
        if frame.filename.startswith(str(ROOT))
        and "/.venv/" not in frame.filename
        and not frame.filename.startswith(str(ROOT / "tests"))
    ]
    where = own[-1] if own else (frames[-1] if frames else None)
    message = str(exc).splitlines()[0][:300] if str(exc) else ""
    if where is None:
        return f"{type(exc).__name__}: {message}"
    filename = where.filename.split("/site-packages/")[-1] if not own else str(Path(where.filename).relative_to(ROOT))
    return f"{type(exc).__name__}: {message} at {filename}:{where.lineno} in {where.name}"


def form_data(text: str) -> dict[str, list[str]]:
    """What a browser would post from the page editor's form, as loaded."""
    soup = BeautifulSoup(text, "html.parser")
    form = soup.find("form", id="page-edit-form") or next(
        (
            f
            for f in soup.find_all("form")
            if (f.get("method") or "").lower() == "post" and "/edit/" in f.get("action", "")
        ),
        None,
    )
    assert form is not None, "no page editor form"
    data: dict[str, list[str]] = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.has_attr("disabled") or element.find_parent("template"):
            continue
        if element.name == "textarea":
            value = [element.string or ""]
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not element.has_attr("multiple"):
                chosen = options[:1]
            value = [o.get("value", o.get_text()) for o in chosen]
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            value = [element.get("value", "on" if kind in ("checkbox", "radio") else "")]
        data.setdefault(name, []).extend(value)
    return data


def preview(crawl: Crawl, user: User) -> int:
    """Preview one page of each type the role may edit, as the editor's
    preview panel does: post the form as loaded, then fetch the preview.
    Returns how many previews were asked for."""
    done = 0
    kinds = set()
    for page in Page.objects.order_by("pk"):
        if page.content_type_id in kinds or page.is_root() or not page.permissions_for_user(user).can_edit():
            continue
        kinds.add(page.content_type_id)
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        response = crawl.request("GET", edit, "preview")
        if response is None or response.status_code != 200:
            continue
        posted = crawl.request("POST", url, edit, form_data(response.content.decode()))
        if posted is None:
            continue
        if not posted.json().get("is_valid"):
            errors = posted.json().get("errors") or ""
            crawl.failures.append((f"preview form refused as loaded {errors}".strip(), f"POST {url}", edit))
            continue
        crawl.request("GET", url, edit)
        done += 1
    return done


@functools.cache
def argumentless_admin_urls() -> list[str]:
    """Every admin address that takes no argument, linked or not."""

    def walk(resolver, namespace, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern, inner, prefix + str(pattern.pattern))
            elif pattern.name and prefix.startswith("admin/"):
                yield ":".join(filter(None, [namespace, pattern.name]))

    urls = set()
    for name in walk(get_resolver(), "", ""):
        try:
            urls.add(reverse(name))
        except NoReverseMatch:
            continue
    return sorted(urls)


@pytest.fixture
def demo_admin(monkeypatch):
    """The demo's superuser, created as load_demo does when a password is set."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "Crawl-test-2026")
    load_accounts(log=lambda *args: None)


@pytest.fixture
def quiet_errors(monkeypatch):
    """The crawl reports each crash itself: no logged traceback per request."""
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)


@pytest.mark.parametrize("username", ROLES)
def test_every_admin_page_a_role_reaches_answers_without_a_server_error(
    username, demo_admin, quiet_errors, record_property
):
    started = time.monotonic()
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    crawl = Crawl(client, dict(Page.objects.values_list("pk", "content_type__model")))
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_account")):
        crawl.offer(url, "start")
    for url in argumentless_admin_urls():
        crawl.offer(url, "the admin URLconf")
    crawl.run()
    previews = preview(crawl, user)

    line = (
        f"crawl {username}: {crawl.crawled} URLs, {len(crawl.failures)} errors, "
        f"{previews} previews, {time.monotonic() - started:.0f}s"
    )
    CRAWL_SUMMARY.append(line)
    print(line)
    record_property("crawled_urls", crawl.crawled)
    record_property("server_errors", len(crawl.failures))
    if crawl.failures:
        pytest.fail(f"{username}: {len(crawl.failures)} failure(s)\n{crawl.report()}", pytrace=False)
