"""The operator creates real-name accounts (实名) in the admin: 姓名, 手机 and
单位 are on the form and stored."""

import pytest
from django.urls import reverse

from accounts.models import User
from units.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_the_account_form_asks_for_the_real_name_mobile_and_unit_and_stores_them(admin_client):
    form = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    for name in ("real_name", "mobile", "unit"):
        assert f'name="{name}"' in form

    unit = OrgUnit.objects.get(short_name="市统计局")
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "tjj-bianji",
            "email": "tjj@jdz.gov.cn",
            "first_name": "统",
            "last_name": "计",
            "real_name": "王统计",
            "mobile": "13907987777",
            "unit": unit.pk,
            "password1": "Tongji#2026-x",
            "password2": "Tongji#2026-x",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="tjj-bianji")
    assert (created.real_name, created.mobile, created.unit) == ("王统计", "13907987777", unit)
