import pytest

from api.auth import key_generate
from api.models import ApiKey


@pytest.fixture
def unthrottled(settings):
    settings.API_RATE_LIMITS = {"anonymous": "1000000/minute", "key": "1000000/minute"}


@pytest.fixture
def make_key(db):
    """An API key, returned as the string a client sends."""

    def make(**fields) -> str:
        api_key = ApiKey(name=fields.pop("name", "景德镇发布"), **fields)
        key = key_generate(api_key)
        api_key.save()
        return key

    return make
