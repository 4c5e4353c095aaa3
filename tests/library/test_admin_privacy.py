"""Least privilege in the admin (第十三条(三)): a unit sees and changes only
its own submissions, drafts and log entries; reviewers and the operator see
what they review or run."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from library.models import Article, Submission, SubmissionStatus
from library.services import resource_create, submission_create, submission_reject
from tests import factories

pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
COUNTY_NEWS = "政务资讯/县区动态"
SNIPPET = "wagtailsnippets_library_submission"
SECRET_TITLE = "绝密的浮梁县报送稿件甲"
CONTACT = "余婷婷"


@pytest.fixture
def fuliang():
    return factories.user_in("浮梁县", username="flx-editor", real_name="余婷")


@pytest.fixture
def finance():
    return factories.user_in("市财政局", username="czj-editor", real_name="冯雪")


@pytest.fixture
def pingtai():
    return User.objects.get(username="pingtai")


@pytest.fixture
def submission(fuliang):
    return submission_create(
        resource=factories.article(unit="浮梁县", title=SECRET_TITLE),
        column=factories.column(PORTAL, COUNTY_NEWS),
        user=fuliang,
        contact_name=CONTACT,
        contact_phone="13907980111",
        declaration_accepted=True,
    )


def returned(submission):
    return submission_reject(submission=submission, reason="标题不规范", user=factories.portal_reviewer(1))


def edit_form(**fields):
    return {
        "contact_name": CONTACT,
        "contact_phone": "13907980111",
        "summary": SECRET_TITLE,
        "declaration_accepted": "on",
        "remarks": "",
        **fields,
    }


def snippet_urls(pk):
    return [reverse(f"{SNIPPET}:{name}", args=[pk]) for name in ("edit", "history", "usage", "workflow_history")] + [
        reverse("wagtailsnippetchoosers_library_submission:chosen", args=[pk])
    ]


# Submissions (附件2) in Wagtail's snippet admin


def test_another_unit_neither_lists_nor_opens_a_submission(client, submission, finance):
    client.force_login(finance)
    for url in (reverse(f"{SNIPPET}:list"), reverse("wagtailsnippetchoosers_library_submission:choose")):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET_TITLE not in response.content.decode() and CONTACT not in response.content.decode()
    for url in snippet_urls(submission.pk):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("library_review:print", args=[submission.pk])).status_code == 403


def test_another_unit_cannot_change_or_resubmit_a_returned_submission(client, submission, finance):
    returned(submission)
    client.force_login(finance)
    url = reverse(f"{SNIPPET}:edit", args=[submission.pk])
    response = client.post(url, edit_form(contact_name="冒名", contact_phone="13900000000", **{"action-submit": "1"}))
    assert response.status_code == 404
    submission.refresh_from_db()
    assert (submission.status, submission.contact_name, submission.contact_phone) == (
        SubmissionStatus.REJECTED,
        CONTACT,
        "13907980111",
    )


def test_the_submitting_unit_sees_its_submission_but_edits_it_only_once_returned(client, submission, fuliang):
    client.force_login(fuliang)
    listing = client.get(reverse(f"{SNIPPET}:list")).content.decode()
    assert SECRET_TITLE in listing
    for url in snippet_urls(submission.pk)[1:]:
        assert client.get(url).status_code == 200, url
    url = reverse(f"{SNIPPET}:edit", args=[submission.pk])
    # Under review: the form is shown as submitted, and saving is refused.
    printed = reverse("library_review:print", args=[submission.pk])
    assert client.get(url)["Location"] == printed
    assert client.post(url, edit_form(contact_name="余婷"))["Location"] == printed
    submission.refresh_from_db()
    assert submission.contact_name == CONTACT

    returned(submission)
    assert client.get(url).status_code == 200
    assert client.post(url, edit_form(contact_name="余婷")).status_code == 302
    submission.refresh_from_db()
    # Saving the corrected form sends it back to review.
    assert (submission.contact_name, submission.status) == ("余婷", SubmissionStatus.PENDING)


def test_reviewers_of_submissions_still_open_the_form(client, submission):
    client.force_login(factories.portal_reviewer(1))
    response = client.get(reverse("library_review:print", args=[submission.pk]))
    assert response.status_code == 200 and CONTACT in response.content.decode()
    assert Submission.objects.filter(pk=submission.pk).exists()


# Unknown admin addresses


@pytest.mark.parametrize("path", ["/admin/failwhale/", "/admin/test404/", "/admin/no-such-screen/"])
def test_an_unknown_admin_address_is_not_found_for_an_editor(client, finance, path):
    client.force_login(finance)
    assert client.get(path).status_code == 404


# Pages, workflows and histories of other units


DRAFT_TITLE = "浮梁县尚未发布的机密草稿乙"
AUTHOR = "余小婷"


@pytest.fixture
def draft():
    """A draft of 浮梁县 edited by one of its editors, with a submission in
    review that the same person requested."""
    author = factories.user_in("浮梁县", username="flx-author", real_name=AUTHOR)
    page = resource_create(
        resource=Article(title=DRAFT_TITLE, unit=author.unit, body="<p>草稿</p>"), user=author, publish=False
    )
    page.save_revision(user=author, log_action=True)
    submission_create(
        resource=factories.article(unit="浮梁县", title=SECRET_TITLE),
        column=factories.column(PORTAL, COUNTY_NEWS),
        user=author,
        contact_name=CONTACT,
        contact_phone="13907980111",
        declaration_accepted=True,
    )
    return page, author


LISTINGS = [
    "/admin/",
    "/admin/api/main/pages/?search=绝密",
    "/admin/choose-page/",
    "/admin/choose-page/search/?q=机密",
    "/admin/choose-page/search/?q=绝密",
    "/admin/pages/search/?q=机密",
    "/admin/pages/search/?q=绝密",
    "/admin/reports/workflow/",
    "/admin/reports/workflow/results/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/results/",
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/aging-pages/",
    "/admin/reports/locked/",
]


def shows(response, *texts) -> bool:
    # The page chooser answers in JSON, its non-ASCII text escaped.
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    return any(text in body for text in texts)


def test_another_units_editor_sees_neither_the_draft_nor_its_author(client, draft, finance):
    page, _author = draft
    client.force_login(finance)
    urls = [
        *LISTINGS,
        f"/admin/choose-page/{page.get_parent().pk}/",
        f"/admin/choose-page/{page.get_parent().get_parent().pk}/",
        f"/admin/pages/{page.get_parent().get_parent().pk}/",
        f"/admin/pages/{page.get_parent().pk}/",
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, page.latest_revision_id]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    ]
    responses = {url: client.get(url) for url in urls}
    assert {url: response.status_code for url, response in responses.items() if response.status_code >= 500} == {}
    assert [url for url, response in responses.items() if shows(response, DRAFT_TITLE, SECRET_TITLE, AUTHOR)] == []


def test_the_reports_still_show_a_unit_its_own_work(client, draft):
    page, author = draft
    client.force_login(author)
    assert shows(client.get("/admin/choose-page/search/?q=绝密"), SECRET_TITLE)
    assert shows(client.get(f"/admin/choose-page/{page.get_parent().pk}/"), DRAFT_TITLE)
    assert shows(client.get("/admin/reports/workflow/"), SECRET_TITLE)
    assert shows(client.get("/admin/reports/workflow_tasks/"), SECRET_TITLE)
    history = client.get("/admin/reports/site-history/")
    assert shows(history, DRAFT_TITLE) and shows(history, AUTHOR)
    assert shows(client.get(reverse("wagtailadmin_pages:history", args=[page.pk])), AUTHOR)


def test_a_unit_chooses_among_its_shelf_and_the_columns_it_keeps(client, finance):
    client.force_login(finance)
    own = factories.column("czj.jdz.gov.cn", "工作动态/部门动态")
    home = own.get_ancestors().get(depth=own.depth - 2)
    # Through the site's home, down to the column the unit keeps.
    assert shows(client.get(f"/admin/choose-page/{home.pk}/"), own.get_parent().title)
    assert shows(client.get(f"/admin/choose-page/{own.get_parent().pk}/"), own.title)


def test_operators_keep_seeing_everything(client, draft, pingtai):
    client.force_login(pingtai)
    history = client.get("/admin/reports/site-history/")
    assert shows(history, DRAFT_TITLE) and shows(history, AUTHOR)
    assert shows(client.get("/admin/choose-page/search/?q=绝密"), SECRET_TITLE)
    assert client.get("/admin/reports/page-types-usage/").status_code == 200
    client.force_login(User.objects.create_superuser(username="root", password="Root#Admin2026"))
    assert shows(client.get("/admin/reports/workflow/"), SECRET_TITLE)
    assert shows(client.get("/admin/reports/workflow_tasks/"), SECRET_TITLE)


def test_the_cluster_wide_page_types_report_is_for_operators(client, finance):
    client.force_login(finance)
    assert client.get("/admin/reports/page-types-usage/").status_code == 302
    assert "page-types-usage" not in client.get("/admin/").content.decode()
