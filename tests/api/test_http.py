"""What every API response obeys: conditional GET, bounded queries, CORS,
keys, rate limits and JSON errors; and Wagtail's own endpoints per site."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import ApiKey
from cluster.services import column_create
from library.models import PolicyDocument
from tests import factories

pytestmark = pytest.mark.django_db

PORTAL = "www.jdz.gov.cn"
NEWS = "政务资讯/今日瓷都"


def get(client, url, **extra):
    return client.get(url, HTTP_HOST=extra.pop("host", PORTAL), **extra)


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize(
    "url",
    ["/api/v2/sites/", "/api/v2/sites/1/", f"/api/v2/columns/?site={PORTAL}", "/api/v2/resources/", "/api/schema/"],
)
def test_every_get_has_validators_and_a_304(client, url):
    first = get(client, url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"].endswith("GMT")
    again = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = get(client, url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.usefixtures("unthrottled")
def test_a_change_anywhere_makes_responses_stale(client):
    url = "/api/v2/resources/?limit=5"
    before = get(client, url)
    factories.placed_article(PORTAL, NEWS, title="新发布")
    after = get(client, url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["results"][0]["title"] == "新发布"

    article = factories.placed_article(PORTAL, NEWS, title="修改前")
    stale = get(client, f"/api/v2/resources/{article.pk}/")
    article.title = "修改后"
    article.save_revision().publish()
    fresh = get(client, f"/api/v2/resources/{article.pk}/", HTTP_IF_NONE_MATCH=stale["ETag"])
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "修改后"


@pytest.mark.usefixtures("unthrottled")
def test_a_new_or_renamed_column_makes_the_column_list_stale(client):
    url = f"/api/v2/columns/?site={PORTAL}&limit=100"
    before = get(client, url)
    column = column_create(parent=factories.portal().site.root_page, title="新设栏目")
    after = get(client, url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["count"] == before.json()["count"] + 1

    column.title = "更名后的栏目"
    column.save()
    renamed = get(client, url, HTTP_IF_NONE_MATCH=after["ETag"])
    assert renamed.status_code == 200
    assert renamed["ETag"] != after["ETag"]
    everything = get(client, f"{url}&offset=100").content.decode()
    assert "更名后的栏目" in everything


@pytest.mark.usefixtures("unthrottled")
def test_validators_differ_per_host_and_query(client):
    portal = get(client, "/api/v2/resources/?limit=5")["ETag"]
    assert get(client, "/api/v2/resources/?limit=6")["ETag"] != portal
    assert get(client, "/api/v2/resources/?limit=5", host="www.cjq.gov.cn")["ETag"] != portal


@pytest.mark.usefixtures("unthrottled")
def test_a_304_costs_one_query(client):
    url = "/api/v2/resources/?site=www.jdz.gov.cn&type=article&limit=20"
    etag = get(client, url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 1, [q["sql"] for q in queries]


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/resources/?limit={n}",
        "/api/v2/resources/?site=www.jdz.gov.cn&type=article&limit={n}",
        "/api/v2/sites/?limit={n}",
        f"/api/v2/columns/?site={PORTAL}&limit={{n}}",
    ],
)
def test_queries_do_not_grow_with_the_page(client, url):
    get(client, url.format(n=50))  # the registry's caches (site roots, canonical domains) fill
    counts = []
    for n in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            response = get(client, url.format(n=n))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


@pytest.mark.usefixtures("unthrottled")
def test_detail_queries_are_bounded(client):
    document = PolicyDocument.objects.live().filter(interpretations__isnull=False, attachments__isnull=False).first()
    document = document or PolicyDocument.objects.live().filter(interpretations__isnull=False).first()
    get(client, f"/api/v2/resources/{document.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert get(client, f"/api/v2/resources/{document.pk}/").status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]


@pytest.mark.usefixtures("unthrottled")
def test_cors_follows_the_origin_list(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.jdz.gov.cn"]
    allowed = get(client, "/api/v2/sites/", HTTP_ORIGIN="https://app.jdz.gov.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.jdz.gov.cn"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = get(client, "/api/v2/sites/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v2/resources/",
        HTTP_HOST=PORTAL,
        HTTP_ORIGIN="https://app.jdz.gov.cn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key, if-none-match",
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    page = client.get("/", HTTP_HOST=PORTAL, HTTP_ORIGIN="https://app.jdz.gov.cn")
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.usefixtures("unthrottled")
def test_keys_are_stored_hashed_and_checked(client, make_key):
    key = make_key(name="12345热线")
    stored = ApiKey.objects.get(name="12345热线")
    assert key.split("_")[2] not in (stored.secret_hash, stored.prefix)
    assert get(client, "/api/v2/sites/", HTTP_X_API_KEY=key).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    for wrong in ("nonsense", f"jdz_{stored.prefix}_wrong", "jdz_00000000_secret"):
        refused = get(client, "/api/v2/sites/", HTTP_X_API_KEY=wrong)
        assert refused.status_code == 401
        assert refused.json()["detail"]
        assert refused["WWW-Authenticate"]
    stored.revoked = True
    stored.save()
    assert stored.revoked_at is not None
    assert get(client, "/api/v2/sites/", HTTP_X_API_KEY=key).json()["detail"] == "接口密钥已被吊销。"


def test_rate_limits_answer_429_with_retry_after(client, settings, make_key):
    settings.API_RATE_LIMITS = {"anonymous": "3/minute", "key": "5/minute"}
    for _ in range(3):
        assert get(client, "/api/v2/sites/")["X-RateLimit-Limit"] == "3"
    limited = get(client, "/api/v2/sites/")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["detail"]
    # Another address has its own allowance; a key has the higher one.
    assert get(client, "/api/v2/sites/", REMOTE_ADDR="10.0.0.9").status_code == 200
    key = make_key()
    statuses = [get(client, "/api/v2/sites/", HTTP_X_API_KEY=key).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    own = make_key(rate_limit="1/hour")
    assert [get(client, "/api/v2/sites/", HTTP_X_API_KEY=own).status_code for _ in range(2)] == [200, 429]


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v2/nothing-here/", 404),
        ("get", "/api/", 404),
        ("get", "/api/v2/resources/999999/", 404),
        ("get", "/api/v2/resources/abc/", 400),
        ("get", "/api/v2/columns/?site=no.such.site", 400),
        ("post", "/api/v2/resources/", 405),
        ("delete", "/api/v2/sites/1/", 405),
    ],
)
def test_errors_are_json(client, method, url, status):
    response = getattr(client, method)(url, HTTP_HOST=PORTAL, HTTP_ACCEPT="text/html")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    if status == 405:
        assert "GET" in response["Allow"]


@pytest.mark.usefixtures("unthrottled")
def test_a_crash_is_a_json_500(client, monkeypatch):
    from api import selectors

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "sites_public", crash)
    response = get(client, "/api/v2/sites/")
    assert response.status_code == 500
    assert response.json() == {"detail": "服务器内部错误。"}


@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/",
        "/api/v2/pages/?search=%22",
        "/api/v2/pages/find/?id=x",
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v2/images/",
        "/api/v2/documents/",
    ],
)
def test_wagtails_own_endpoints_are_not_part_of_the_api(client, url):
    response = get(client, url)
    assert response.status_code == 404
    assert response.json() == {"detail": "请求的内容不存在或未公开。"}


@pytest.mark.usefixtures("unthrottled")
def test_the_schema_documents_only_the_clusters_endpoints(client):
    paths = set(get(client, "/api/schema/").json()["paths"])
    assert paths == {
        "/api/v2/sites/",
        "/api/v2/sites/{site_id}/",
        "/api/v2/columns/",
        "/api/v2/resources/",
        "/api/v2/resources/{resource_id}/",
        "/api/v2/search/",
    }


def test_docs_page_is_served_without_a_cdn(client):
    response = client.get("/api/docs/", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200
    assert '"validatorUrl": null' in html
    assert '"url": "/api/schema/"' in html
