import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from library.models import Resource
from sitesearch.models import QueryLog, Recommendation, SynonymGroup
from tests.factories import portal

pytestmark = pytest.mark.django_db

URL = "/admin/reports/search/"


@pytest.fixture
def operator(client):
    user = User.objects.create_superuser(username="operator", password="Operator-pass-2026")
    client.force_login(user)
    return client


@pytest.fixture
def logs():
    today = timezone.localdate()
    site = portal()
    for query, searches, zero, days_ago in [
        ("公积金", 7, 0, 0),
        ("公积金", 3, 0, 40),
        ("飞船火箭", 2, 2, 1),
        ("低保", 1, 0, 2),
    ]:
        QueryLog.objects.create(
            site=site,
            query=query,
            date=today - datetime.timedelta(days=days_ago),
            searches=searches,
            zero_hit_searches=zero,
        )


def test_top_queries_per_site_over_a_period(operator, logs):
    response = operator.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("公积金") < html.index("飞船火箭") < html.index("低保")
    assert re.search(r">\s*10\s*<", html)  # 7 + 3
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert re.search(r">\s*7\s*<", operator.get(URL, {"date_from": since}).content.decode())


def test_zero_result_queries(operator, logs):
    html = operator.get(URL, {"zero_hits": "true"}).content.decode()
    assert "飞船火箭" in html and "公积金" not in html


def test_statistics_export_as_a_spreadsheet(operator, logs):
    response = operator.get(URL, {"export": "csv"})
    assert response.status_code == 200
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0] == "搜索词,网站,搜索次数,无结果次数"
    assert "公积金,景德镇市人民政府,10,0" in csv


def test_statistics_need_the_permission_to_view_the_query_log(client, logs):
    user = User.objects.create_user(username="editor", password="Editor-pass-2026")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_querylog"))
    user = User.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_synonyms_and_recommendations_are_edited_as_snippets(operator):
    assert operator.get("/admin/snippets/sitesearch/synonymgroup/").status_code == 200
    response = operator.post("/admin/snippets/sitesearch/synonymgroup/add/", {"terms": "瓷都,景德镇 ,"})
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="瓷都、景德镇").exists()
    response = operator.post("/admin/snippets/sitesearch/synonymgroup/add/", {"terms": "孤词"})
    assert response.status_code == 200 and "至少包含两个词" in response.content.decode()
    assert operator.get("/admin/snippets/sitesearch/recommendation/").status_code == 200
    Recommendation.objects.create(
        site=portal(), queries="公积金", resource=Resource.objects.get(slug="portal-gjj-jishu")
    )
    assert "公积金" in operator.get("/admin/snippets/sitesearch/recommendation/").content.decode()
