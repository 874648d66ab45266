"""No request can crash a page (issue 8, point 3).

`url_for` treats `_method`, `_external`, `_scheme`, `_anchor` and a rule's own arguments as
its own; pages must never take such names from a request. And when a page does fail, the
error page must not fail too: a static fallback keeps the message and the security headers.
"""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlencode

import pytest

from navigator.core import templating
from navigator.pathway.engine import Answers
from navigator.questionnaire import token as tokens
from tests.servers import flask, free_port, gunicorn, server_env

RESERVED = [
    "_method", "_external", "_scheme", "_anchor", "_external_host",
    "locale", "slug", "endpoint", "t", "all",
]  # fmt: skip
ODD_VALUES = ["POST", "1", "javascript", "https://evil.example/", "", "<x>\"'", "ar", "../" * 20]
PAGES = {
    "home": "/en/",
    "topic": "/en/topics/language-learning",
    "service": "/en/services/language-cafe",
    "organisation": "/en/organisations/city-integration-office",
    "urgent": "/ar/urgent",
    "search": "/en/search?q=health",
    "start": "/en/start",
    "plan": "/en/plan?t={token}",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "healthz": "/healthz",
    "favicon": "/favicon.ico",
    "404": "/en/no-such-page",
    "root": "/",
}


def assert_headers(response) -> None:  # type: ignore[no-untyped-def]
    assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", "")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"


@pytest.fixture(scope="module")
def plan_token(app) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        return tokens.encode(Answers(needs=("housing",), needs_asked=True))


def _with_query(path: str, pairs: list[tuple[str, str]]) -> str:
    return path + ("&" if "?" in path else "?") + urlencode(pairs)


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_reserved_name_on_every_page_is_harmless(client, plan_token, page, value):
    path = _with_query(PAGES[page].format(token=plan_token), [(n, value) for n in RESERVED])
    with client.get(path) as response:  # closes the favicon's file
        assert response.status_code < 500, (path, response.status_code)
        assert_headers(response)


@pytest.mark.parametrize("name", RESERVED)
def test_each_reserved_name_alone_and_repeated(client, name):
    response = client.get(_with_query("/en/search?q=work", [(name, "POST"), (name, "1")]))
    assert response.status_code == 200
    assert_headers(response)


def test_language_picker_keeps_the_query_but_never_obeys_it(client):
    query = "q=health&_method=POST&_external=1&_scheme=javascript&_anchor=x&locale=ar&slug=x"
    html = client.get(f"/en/search?{query}").get_data(as_text=True)
    links = dict(re.findall(r'<a href="([^"]*)" lang="[^"]*" hreflang="([\w-]+)"', html))
    assert len(links) == 12
    for href, locale in links.items():
        href = href.replace("&amp;", "&")
        assert href == f"/{locale}/search?{query}"  # carried along as text, never obeyed


def test_language_picker_keeps_repeated_arguments(app):
    with app.test_request_context("/en/search?q=a&q=b&_anchor=x"):
        app.preprocess_request()
        assert templating.same_page_in("de") == "/de/search?q=a&q=b&_anchor=x"


def test_error_page_falls_back_when_its_template_fails(client, monkeypatch):
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("template helper failed")

    monkeypatch.setattr("navigator.core.errors.render_template", broken)
    response = client.get("/en/no-such-page")
    assert response.status_code == 404
    assert "We could not find this page" in response.get_data(as_text=True)
    assert_headers(response)


def test_a_failing_template_helper_gives_a_500_page_with_headers(make_app, monkeypatch):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken() -> str:
        raise RuntimeError("city_name failed")

    monkeypatch.setattr(templating, "city_name", broken)
    response = app.test_client().get("/ar/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html  # the fallback, in the reader's language
    assert "Something went wrong" not in html
    assert "RuntimeError" not in html and "city_name" not in html
    assert_headers(response)


def test_error_page_without_a_database(make_app, tmp_path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/no/such/dir.db", PROPAGATE_EXCEPTIONS=False)
    response = app.test_client().get("/en/services/language-cafe")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert_headers(response)


# --- the same under gunicorn, debug off: no bare gunicorn error page ---------------------


def _request(port: int, path: str, host: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host} if host else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("reserved")
    port = free_port()
    env = server_env(
        f"sqlite:///{tmp / 'app.db'}",
        NAVIGATOR_BIND=f"127.0.0.1:{port}",
        NAVIGATOR_PUBLIC_URL=f"http://127.0.0.1:{port}",
    )
    flask(env, "init")
    with gunicorn(env):
        yield port


def test_under_gunicorn_odd_requests_get_pages_with_headers(gunicorn_port):
    for path, host, status in [
        ("/en/?_method=POST", None, 200),
        ("/en/services/language-cafe?_external=1&_scheme=javascript&slug=x", None, 200),
        ("/en/", "evil.example", 400),
        ("/robots.txt", "a" * 64 + ".example", 400),
        ("/en/", "127.0.0.1:99999999", 400),
    ]:
        response = _request(gunicorn_port, path, host)
        assert response.status == status, (path, host)
        assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy", "")
        assert response.getheader("X-Content-Type-Options") == "nosniff"
