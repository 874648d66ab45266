"""Rate limits on search, questionnaire answers and the API, with a translated 429 page;
counters in the real Redis at 127.0.0.1:6379 when REDIS_URL is set, in memory otherwise."""

from __future__ import annotations

import re
import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, make_app):
    settings = {
        "RATELIMIT_ENABLED": True,
        "SEARCH_RATE_LIMIT": "3 per minute",
        "QUESTIONNAIRE_RATE_LIMIT": "2 per minute",
        "API_RATE_LIMIT": "2 per minute",
        # A fresh prefix per test: counters from another run never leak in.
        "RATELIMIT_KEY_PREFIX": f"navigator-test-{uuid.uuid4().hex}",
    }
    if request.param == "redis":
        if not _redis_available():
            pytest.fail("Redis must run at 127.0.0.1:6379 for this test (see README)")
        settings["RATELIMIT_STORAGE_URI"] = REDIS_URL
    return make_app(**settings)


def test_search_is_limited_with_a_translated_page(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get("/en/search?q=doctor").status_code == 200
    refused = client.get("/ar/search?q=doctor")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert re.search(r"[\u0600-\u06FF]{3,}", html)
    assert "Retry-After" in refused.headers
    assert "Content-Security-Policy" in refused.headers
    # Other pages are not limited.
    assert client.get("/en/").status_code == 200


def test_questionnaire_answers_are_limited_but_reading_is_not(limited_app):
    client = limited_app.test_client()
    for _ in range(4):
        assert client.get("/en/start").status_code in (200, 302)
    codes = [client.post("/en/start", data={"fact": "needs"}).status_code for _ in range(3)]
    assert codes[:2] != [429, 429] and codes[2] == 429
    assert client.get("/en/start").status_code in (200, 302)


def test_api_is_limited_with_json(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        client.post("/api/v1/eligibility", json={"locale": "en", "facts": {}})
    refused = client.post("/api/v1/eligibility", json={"locale": "en", "facts": {}})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == 429


def test_redis_holds_the_counters(make_app):
    if not _redis_available():
        pytest.fail("Redis must run at 127.0.0.1:6379 for this test (see README)")
    import redis

    prefix = f"navigator-test-{uuid.uuid4().hex}"
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
        SEARCH_RATE_LIMIT="5 per minute",
    )
    app.test_client().get("/en/search?q=doctor")
    # A second app server on the same Redis sees the same count.
    other = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
        SEARCH_RATE_LIMIT="5 per minute",
    )
    codes = [other.test_client().get("/en/search?q=doctor").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    keys = redis.Redis.from_url(REDIS_URL).keys(f"*{prefix}*")
    assert keys
    redis.Redis.from_url(REDIS_URL).delete(*keys)
