"""Personal pages are never cached; public directory pages carry validators and a short
public max-age, and a proxy revalidating with If-None-Match gets a 304."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token

PUBLIC = [
    "/en/",
    "/ar/",
    "/en/topics/health",
    "/en/services/address-registration",
    "/en/organisations/citizens-office",
    "/en/urgent",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_carry_a_validator_and_answer_304(client, path):
    # A returning reader: the language cookie is already theirs, so nothing is set.
    client.set_cookie("locale", path.split("/")[1])
    first = client.get(path)
    assert first.status_code == 200, path
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    assert re.search(r"max-age=(\d+)", first.headers["Cache-Control"])
    assert int(re.search(r"max-age=(\d+)", first.headers["Cache-Control"]).group(1)) <= 300
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    # The security headers hold on a 304 too.
    assert "Content-Security-Policy" in again.headers


def test_the_validator_changes_with_the_content_version(app, client):
    from navigator.db import db
    from navigator.directory.models import City

    etag = client.get("/en/topics/health").headers["ETag"]
    with app.app_context():
        city = db.session.query(City).one()
        city.content_version += 1
        db.session.commit()
        try:
            changed = client.get("/en/topics/health", headers={"If-None-Match": etag})
            assert changed.status_code == 200 and changed.headers["ETag"] != etag
        finally:
            city = db.session.query(City).one()
            city.content_version -= 1
            db.session.commit()


def test_validators_differ_between_locales_and_pages(client):
    client.set_cookie("locale", "en")
    tags = {client.get(path).headers["ETag"] for path in PUBLIC[:4]}
    assert len(tags) == 4


def _no_store(response) -> None:  # type: ignore[no-untyped-def]
    assert response.headers.get("Cache-Control") == "no-store", response.headers
    assert "ETag" not in response.headers


def test_questionnaire_steps_and_their_redirects_are_never_stored(client):
    step = client.get("/en/start")
    _no_store(step)
    html = step.get_data(as_text=True)
    token = re.search(r'name="t" type="hidden" value="([^"]*)"', html).group(1)
    answer = client.post(
        "/en/start",
        data={"csrf_token": csrf_token(html), "t": token, "fact": "needs", "dont_know": "1"},
    )
    assert answer.status_code in (302, 303)
    _no_store(answer)
    plan_url = answer.headers["Location"]
    while "/plan" not in plan_url:
        page = client.get(plan_url)
        _no_store(page)
        if page.status_code in (302, 303):
            plan_url = page.headers["Location"]
            continue
        html = page.get_data(as_text=True)
        token = re.search(r'name="t" type="hidden" value="([^"]*)"', html).group(1)
        fact = re.search(r'name="fact" type="hidden" value="([^"]*)"', html).group(1)
        nxt = client.post(
            "/en/start",
            data={"csrf_token": csrf_token(html), "t": token, "fact": fact, "dont_know": "1"},
        )
        _no_store(nxt)
        plan_url = nxt.headers["Location"]
    _no_store(client.get(plan_url))


def test_api_answers_and_search_are_never_stored(client):
    _no_store(client.post("/api/v1/eligibility", json={"locale": "en", "facts": {"age": 30}}))
    _no_store(client.post("/api/v1/eligibility", json={"locale": "xx"}))
    _no_store(client.get("/en/search?q=doctor"))


def test_a_page_that_sets_the_language_cookie_is_private(client):

    fresh = client.application.test_client()
    response = fresh.get("/uk/")
    assert "Set-Cookie" in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]


def test_only_negotiated_responses_vary_by_language_headers(client):
    root = client.get("/", headers={"Accept-Language": "ar"})
    assert root.status_code in (302, 303)
    assert {"Accept-Language", "Cookie"} <= set(root.vary)
    # A page's language is in its URL (its flashed messages may still vary by session).
    assert "Accept-Language" not in client.get("/en/").vary
    for path in ("/sitemap.xml", "/robots.txt"):
        response = client.get(path)
        assert "Cookie" not in response.vary and "Accept-Language" not in response.vary, path
