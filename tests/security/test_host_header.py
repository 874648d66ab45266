"""The Host header is not trusted (issue 8, point 4).

Absolute links (share link, QR code, sitemap, robots.txt) come from NAVIGATOR_PUBLIC_URL;
redirects are relative; Flask's TRUSTED_HOSTS answers other hosts with a 400 that still
carries the security headers, and a malformed Host is a 400, never a 500.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.wrappers import Response

from navigator import create_app
from navigator.config import derived, from_environment
from navigator.pathway.engine import Answers
from navigator.questionnaire import plan_view
from navigator.questionnaire import token as tokens

PUBLIC = "https://navigator.example.org"
EVIL = "evil.example"
PAGES = ["/", "/en/", "/en/services/language-cafe", "/en/plan", "/robots.txt", "/sitemap.xml"]
MALFORMED = [
    "a" * 64 + ".example",  # a DNS label is at most 63 characters
    "localhost:99999999",
    "local host",
    "evil.example/path",
    "ev\u0131l.example",
    "x" * 300,
]


def assert_headers(response) -> None:  # type: ignore[no-untyped-def]
    assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", "")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.fixture
def public_app(make_app):  # type: ignore[no-untyped-def]
    return make_app(PUBLIC_URL=PUBLIC)


@pytest.fixture
def any_host_app(make_app):  # type: ignore[no-untyped-def]
    """An app told to answer every Host (TRUSTED_HOSTS=[]): links must still be ours."""
    return make_app(PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=[])


@pytest.mark.parametrize("path", [*PAGES, "/healthz", "/api/v1/eligibility"])
def test_unknown_host_gets_400_with_headers(public_app, path):
    response = public_app.test_client().get(path, headers={"Host": EVIL})
    assert response.status_code == 400
    assert_headers(response)
    assert EVIL not in response.get_data(as_text=True) or path.startswith("/api/")


@pytest.mark.parametrize("host", MALFORMED)
@pytest.mark.parametrize("fixture", ["public_app", "any_host_app"])
def test_malformed_host_gets_400_with_headers(request, fixture, host):
    app = request.getfixturevalue(fixture)
    response = app.test_client().get("/robots.txt", headers={"Host": host})
    assert response.status_code == 400, host
    assert_headers(response)


@pytest.mark.parametrize("host", ["navigator.example.org", "localhost", "127.0.0.1:8000"])
def test_public_and_loopback_hosts_are_served(public_app, host):
    response = public_app.test_client().get("/en/", headers={"Host": host})
    assert response.status_code == 200


def test_links_that_leave_the_site_use_the_public_url(any_host_app, monkeypatch):
    encoded: list[str] = []
    qr_code = plan_view.qr_code
    monkeypatch.setattr(
        plan_view, "qr_code", lambda url, title: encoded.append(url) or qr_code(url, title)
    )
    client = any_host_app.test_client()
    with any_host_app.app_context():
        token = tokens.encode(Answers(needs=("housing",), needs_asked=True))
    pages = {
        path: client.get(path, headers={"Host": EVIL}).get_data(as_text=True)
        for path in (f"/en/plan?t={token}", "/robots.txt", "/sitemap.xml")
    }
    share = re.search(r'<a href="([^"]+)" class="share-link"', pages[f"/en/plan?t={token}"])
    assert share and share.group(1).startswith(f"{PUBLIC}/en/plan?t=")
    assert encoded == [share.group(1)]  # the QR code holds the same link
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in pages["/robots.txt"]
    assert PUBLIC in pages["/sitemap.xml"]
    for path, body in pages.items():
        assert EVIL not in body, path


def test_redirects_are_relative(any_host_app):
    client = any_host_app.test_client()
    assert Response.autocorrect_location_header is False  # Werkzeug does not add the Host
    root = client.get("/", headers={"Host": EVIL, "Accept-Language": "de"})
    assert root.status_code == 302 and root.headers["Location"] == "/de/"
    expired = client.get("/en/plan?t=not-a-token", headers={"Host": EVIL})
    assert expired.status_code in (302, 303)
    assert expired.headers["Location"].startswith("/en/start")


def test_trusted_hosts_come_from_the_public_url_and_the_environment():
    config = from_environment(
        {"NAVIGATOR_PUBLIC_URL": PUBLIC, "NAVIGATOR_TRUSTED_HOSTS": "10.0.0.5, .internal"}
    )
    assert derived(config)["TRUSTED_HOSTS"] == ["navigator.example.org", "10.0.0.5", ".internal"]
    default = derived(from_environment({"NAVIGATOR_PUBLIC_URL": PUBLIC}))
    assert default["TRUSTED_HOSTS"] == ["navigator.example.org", "localhost", "127.0.0.1"]


def _production(monkeypatch, public_url: str | None) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-0123456789")
    if public_url is None:
        monkeypatch.delenv("NAVIGATOR_PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("NAVIGATOR_PUBLIC_URL", public_url)


def test_refuses_to_start_outside_debug_without_a_public_url(monkeypatch):
    _production(monkeypatch, None)
    with pytest.raises(RuntimeError, match="NAVIGATOR_PUBLIC_URL is not set"):
        create_app({"DATABASE_URL": "sqlite://"})


@pytest.mark.parametrize("value", ["navigator.example.org", "ftp://navigator.example.org"])
def test_refuses_a_public_url_that_is_no_http_address(monkeypatch, value):
    _production(monkeypatch, value)
    with pytest.raises(RuntimeError, match="must be an http"):
        create_app({"DATABASE_URL": "sqlite://"})


def test_starts_outside_debug_with_a_public_url(monkeypatch):
    _production(monkeypatch, PUBLIC)
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["PUBLIC_URL"] == PUBLIC
    assert app.config["TRUSTED_HOSTS"][0] == "navigator.example.org"
    app.extensions["navigator_db"].dispose()
