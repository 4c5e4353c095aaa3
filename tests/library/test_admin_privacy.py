"""Least privilege in the admin (第十三条(三)): a unit sees and changes only
its own submissions, drafts and log entries; reviewers and the operator see
what they review or run."""

import pytest
from django.urls import reverse

from library.models import Submission, SubmissionStatus
from library.services import submission_create, submission_reject
from tests import factories

pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
DEPARTMENT_NEWS = "政务资讯/部门动态"
SNIPPET = "wagtailsnippets_library_submission"
SECRET_TITLE = "浮梁县未发布的报送稿件甲"
CONTACT = "余婷婷"


@pytest.fixture
def fuliang():
    return factories.user_in("浮梁县", username="flx-editor", real_name="余婷")


@pytest.fixture
def finance():
    return factories.user_in("市财政局", username="czj-editor", real_name="冯雪")


@pytest.fixture
def submission(fuliang):
    return submission_create(
        resource=factories.article(unit="浮梁县", title=SECRET_TITLE),
        column=factories.column(PORTAL, DEPARTMENT_NEWS),
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
