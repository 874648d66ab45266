"""The locale switch and every redirect stay on this site (no open redirect)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from tests.security.test_injection import Elements

EVIL = "evil.example"
SAME_HOSTS = {"", "localhost"}


def assert_same_site(location: str | None) -> None:
    assert location is not None
    parts = urlsplit(location)
    assert parts.netloc in SAME_HOSTS, f"redirect leaves the site: {location!r}"
    assert parts.scheme in {"", "http", "https"}, location
    assert EVIL not in parts.netloc
    # A browser treats a leading "//" or "/\\" path as another host.
    assert not parts.path.startswith("//") and not parts.path.startswith("/\\"), location
    assert "\\" not in location.split("?")[0], location


def raw_get(client, target: str):  # type: ignore[no-untyped-def]
    """GET a raw request-target as a browser sends it. (client.get("//evil.example")
    would make evil.example the *host*; a real server sees it as the path.)"""
    path, _sep, query = target.partition("?")
    return client.get(
        "/",
        query_string=query,
        environ_overrides={"PATH_INFO": unquote(path), "REQUEST_URI": target, "RAW_URI": target},
    )


def _follow(client, target: str):  # type: ignore[no-untyped-def]
    """Follow redirects by hand (max 5), checking every Location on the way."""
    response = raw_get(client, target)
    for _hop in range(5):
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        location = response.headers.get("Location")
        assert_same_site(location)
        parts = urlsplit(location)
        response = raw_get(client, parts.path + (f"?{parts.query}" if parts.query else ""))
    raise AssertionError("redirect loop")


@pytest.mark.parametrize(
    "path",
    [
        "/en/?next=https://evil.example",
        "/en/?next=//evil.example",
        "/?next=https://evil.example",
        "/en/start?next=https://evil.example",
        "/en/search?q=x&next=https://evil.example",
        "//evil.example/",
        "//evil.example",
        "///evil.example",
        "/%2F%2Fevil.example",
        "/%2F%2Fevil.example/",
        "/%5Cevil.example",
        "/\\evil.example",
        "/%09/evil.example",
        "/en//evil.example",
        "/en/%2F%2Fevil.example",
        "/https://evil.example",
        "/https:/evil.example/",
        "/evil.example",
        "/en",
        "/en/services/language-cafe/",
        "/en/start?t=garbage&next=https://evil.example",
    ],
)
def test_no_request_redirects_to_another_host(client, path):
    response = raw_get(client, path)
    assert response.status_code < 500
    if response.status_code in (301, 302, 303, 307, 308):
        assert_same_site(response.headers.get("Location"))
    final = _follow(client, path)
    assert final.status_code in (200, 404)


@pytest.mark.parametrize(
    ("cookie", "accept"),
    [
        ("https://evil.example", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("en/../../evil.example", None),
        ("%2F%2Fevil.example", "ar"),
        (None, "https://evil.example"),
        (None, "//evil.example, en;q=0.1"),
        (None, "evil.example;q=1.0"),
        ("https://evil.example", "https://evil.example"),
    ],
)
def test_root_negotiation_redirects_to_a_same_site_locale_path(client, cookie, accept):
    if cookie is not None:
        client.set_cookie("locale", cookie)
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code in (301, 302, 303, 307, 308)
    location = response.headers["Location"]
    assert_same_site(location)
    path = urlsplit(location).path
    locale = path.strip("/").split("/")[0]
    assert locale in client.application.config["LOCALES"], location
    assert path == f"/{locale}/"


def test_root_honours_a_valid_cookie_and_accept_language(client):
    # The negotiation under attack above does work for real values.
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert urlsplit(response.headers["Location"]).path == "/ar/"
    client.set_cookie("locale", "uk")
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert urlsplit(response.headers["Location"]).path == "/uk/"


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/ar/",
        "/en/services/language-cafe",
        "/en/start",
        "/en/urgent",
        "/en/search?q=health&next=https://evil.example",
        "/en/topics/health?page=2",
        "/en/organisations/city-library",
        "/en/no-such-page",
    ],
)
def test_language_picker_links_are_same_site_relative_paths(client, path):
    html = client.get(path).get_data(as_text=True)
    links = [a for tag, a in Elements(html).elements if tag == "a" and "hreflang" in a]
    locales = client.application.config["LOCALES"]
    assert {a["hreflang"] for a in links} == set(locales)
    for attrs in links:
        href = attrs["href"]
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href
        assert href.startswith(f"/{attrs['hreflang']}/"), href
        assert not href.startswith("//")


@pytest.mark.parametrize(
    "path", ["/en/", "/en/services/language-cafe", "/en/start", "/en/search?q=health"]
)
def test_pages_load_nothing_from_other_sites_and_post_only_here(client, path):
    # The footer promises "loads nothing from other websites".
    html = client.get(path).get_data(as_text=True)
    for tag, attrs in Elements(html).elements:
        urls = [attrs[n] for n in ("src", "action", "formaction", "poster") if n in attrs]
        if tag == "link":
            urls.append(attrs.get("href", ""))
        for url in urls:
            parts = urlsplit(url)
            assert not parts.netloc and not url.startswith("//"), (tag, attrs)
