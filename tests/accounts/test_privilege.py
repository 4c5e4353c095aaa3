"""Least privilege in the accounts admin (第十三条(三)): Wagtail's default
groups are gone, and only superusers hand out the powers of a superuser or a
platform administrator; every grant and password reset is audited."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_wagtails_default_groups_with_root_permissions_are_gone():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupPagePermission.objects.filter(group__name__in=["Editors", "Moderators"]).exists()


def test_loading_the_demo_again_does_not_bring_them_back():
    groups = set(Group.objects.values_list("name", flat=True))
    load_demo(log=lambda *args: None)
    assert set(Group.objects.values_list("name", flat=True)) == groups
