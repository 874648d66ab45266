"""Security headers and cookie flags a browser (and an attacker) sees on HTML pages."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

HTML_PAGES = ["/en/", "/en/services/language-cafe", "/en/start", "/ar/", "/en/search?q=health"]


def _policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    return directives


def _set_cookies(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """name -> the raw Set-Cookie line."""
    cookies = {}
    for line in response.headers.getlist("Set-Cookie"):
        cookies[line.split("=", 1)[0].strip()] = line
    return cookies


def _flags(line: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in line.split(";")[1:]}


def _attribute(line: str, name: str) -> str | None:
    for part in line.split(";")[1:]:
        key, _sep, value = part.strip().partition("=")
        if key.lower() == name.lower():
            return value
    return None


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_pages_send_a_strict_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    policy = _policy(header)
    script_src = policy.get("script-src", policy.get("default-src"))
    assert script_src is not None, "no script-src or default-src: scripts from anywhere"
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "*" not in script_src and "data:" not in script_src and "http:" not in script_src
    assert "unsafe-inline" not in header.lower(), "unsafe-inline anywhere in the policy"
    assert "unsafe-eval" not in header.lower()
    assert policy.get("frame-ancestors") == ["'none'"]
    assert policy.get("object-src") == ["'none'"]
    assert "base-uri" in policy


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_pages_send_nosniff_referrer_policy_and_frame_denial(client, path):
    response = client.get(path)
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }
    assert response.headers.get("X-Frame-Options") == "DENY"


@pytest.mark.parametrize("path", ["/en/nonexistent-page", "/xx/"])
def test_error_pages_carry_the_same_headers(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_json_api_errors_are_nosniff(client):
    response = client.post("/api/v1/eligibility", data="nope", content_type="text/plain")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize("path", ["/en/", "/en/start", "/en/services/language-cafe"])
def test_pages_need_no_inline_script_or_style_the_policy_would_block(client, path):
    # A page relying on inline code would break for every visitor under this CSP.
    html = client.get(path).get_data(as_text=True)
    # Scripts come from files; the only inline block is schema.org data, which never runs.
    assert "<script" not in html.lower() or all(
        "src=" in tag or tag.startswith(' type="application/ld+json">')
        for tag in html.lower().split("<script")[1:]
    )
    assert " style=" not in html and "<style" not in html
    assert "javascript:" not in html.lower()


def test_questionnaire_sets_an_httponly_samesite_session_cookie(app):
    client = app.test_client()
    response = client.get("/en/start")
    assert response.status_code == 200
    cookies = _set_cookies(response)
    name = app.config.get("SESSION_COOKIE_NAME", "session")
    assert name in cookies, f"the CSRF session cookie was not set: {list(cookies)}"
    line = cookies[name]
    assert "httponly" in _flags(line)
    assert (_attribute(line, "SameSite") or "").lower() in {"lax", "strict"}
    # The cookie parses and holds no readable answers (only the CSRF secret).
    parsed = SimpleCookie()
    parsed.load(line)
    assert parsed[name].value


def test_locale_cookie_is_httponly_and_samesite(app):
    client = app.test_client()
    response = client.get("/de/")
    line = _set_cookies(response).get("locale")
    assert line, "choosing a language should be remembered"
    assert "httponly" in _flags(line)
    assert (_attribute(line, "SameSite") or "").lower() in {"lax", "strict"}


def test_cookies_are_secure_when_the_site_runs_on_https(make_app, database_url):
    secure_app = make_app(DATABASE_URL=database_url, SESSION_COOKIE_SECURE=True)
    client = secure_app.test_client()
    response = client.get("/en/start", base_url="https://localhost")
    assert response.status_code == 200
    cookies = _set_cookies(response)
    name = secure_app.config.get("SESSION_COOKIE_NAME", "session")
    assert name in cookies
    assert "secure" in _flags(cookies[name])
    assert "httponly" in _flags(cookies[name])
    assert "secure" in _flags(cookies["locale"])
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 15552000


def test_plain_http_deployment_does_not_claim_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/en/").headers
