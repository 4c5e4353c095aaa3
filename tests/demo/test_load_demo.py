"""``manage.py load_demo`` builds the demo cluster once: the session's
database already holds it, so running it again must change nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import PageLogEntry, Revision

pytestmark = pytest.mark.django_db

# Tables whose rows a second run could add to or rewrite.
COUNTED = [
    "wagtailcore.Page",
    "wagtailcore.Site",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "cluster.SiteRecord",
    "library.Placement",
    "units.OrgUnit",
    "accounts.User",
    "auth.Group",
    "wagtailcore.Workflow",
]


def snapshot() -> dict:
    counts = {label: apps.get_model(label).objects.count() for label in COUNTED}
    counts["latest revision"] = Revision.objects.order_by("-pk").values_list("pk", flat=True).first()
    counts["latest page log"] = PageLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return counts


def test_a_second_run_changes_nothing(capsys):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert "演示站群已就绪" in capsys.readouterr().out
