"""The API against its own OpenAPI schema: schemathesis generates requests
from the schema (valid and invalid ones), sends them through the WSGI
application to the demo cluster and checks every answer: no 5xx, and status
codes, content types, headers and bodies as documented. Once anonymously,
once with a key that reads drafts.

A well-formed request may still name a site, column or unit that does not
exist; its documented 400, naming only those parameters, is the one
rejection of schema-valid data that is allowed."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.urls import api

# Enough examples per operation to reach each parameter's edge cases while
# keeping the suite short; a fixed seed and no example database make every
# run the same.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"seed": 6, "generation": {"max-examples": 100, "database": "none"}, "phases": {"stateful": {"enabled": False}}}
)


def _served_schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema()))


# Loaded from the object /api/schema/ serves (test_schema_is_served checks
# that they are the same), because collecting tests may not touch the database.
schema = schemathesis.openapi.from_dict(_served_schema(), config=CONFIG)


# Filters naming a thing, answered with 400 when the thing is unknown.
NAMING_FILTERS = {"site", "column", "unit"}


def _unknown_filter(response) -> bool:
    if response.status_code != 400:
        return False
    errors = response.json().get("errors") or {}
    messages = [message for found in errors.values() for message in found]
    return bool(errors) and set(errors) <= NAMING_FILTERS and all(m.startswith("未知的") for m in messages)


def valid_data_accepted_unless_unknown(ctx, response, case):
    """schemathesis' positive data acceptance, but for unknown filter values."""
    if _unknown_filter(response):
        return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = {"additional_checks": [valid_data_accepted_unless_unknown], "excluded_checks": [positive_data_acceptance]}


@pytest.mark.django_db
def test_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == _served_schema()


@pytest.fixture
def app():
    """The WSGI application, kept from closing the database connection after
    each request as it does in production (that would end the test's
    transaction), as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
@pytest.mark.usefixtures("unthrottled")
def test_api_matches_its_schema(case, app):
    case.call_and_validate(app=app, **CHECKS)


@pytest.fixture
def drafts_key(make_key):
    return make_key(can_read_drafts=True)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
@pytest.mark.usefixtures("unthrottled")
def test_api_matches_its_schema_with_a_drafts_key(case, app, drafts_key):
    case.call_and_validate(app=app, headers={"X-API-Key": drafts_key}, **CHECKS)
