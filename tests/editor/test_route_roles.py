"""Every back-office route × every role (and anonymous): the expected status, checked on
the server. A route missing from EXPECTED fails the test, so a new page must say who may
open it."""

from __future__ import annotations

import pytest

from navigator.editor.models import ROLES
from tests.conftest import csrf_token

ANONYMOUS = "anonymous"
WHO = (ANONYMOUS, *ROLES)

#: endpoint -> (method, path, {who: status}); "*" is everyone not named
EXPECTED = {
    "editor.login": ("GET", "/editor/login", {ANONYMOUS: 200, "*": 302}),
    # Without a password first, the code step sends everyone back to sign in.
    "editor.login_code": ("GET", "/editor/login/code", {"*": 302}),
    "editor.reset_request": ("GET", "/editor/reset", {"*": 200}),
    # Without a valid link: the page that says so.
    "editor.reset_password": ("GET", "/editor/reset/new", {"*": 400}),
    "editor.two_factor": ("GET", "/editor/two-factor", {ANONYMOUS: 302, "*": 200}),
    "editor.logout": ("POST", "/editor/logout", {"*": 302}),
    "editor.language": ("POST", "/editor/language", {"*": 302}),
    "editor.dashboard": ("GET", "/editor/", {ANONYMOUS: 302, "*": 200}),
    "editor.users": ("GET", "/editor/users", {ANONYMOUS: 302, "admin": 200, "*": 403}),
    "editor.audit": ("GET", "/editor/audit", {ANONYMOUS: 302, "admin": 200, "*": 403}),
}


def test_every_back_office_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {e for e in endpoints if e.startswith("editor.")} == set(EXPECTED)


@pytest.mark.parametrize("who", WHO)
def test_every_route_for_every_role(app, signed_in, who):
    client = app.test_client() if who == ANONYMOUS else signed_in(who)
    token = csrf_token(client.get("/editor/login" if who == ANONYMOUS else "/editor/").text)
    # Sign-out last: it ends the session the other routes need.
    order = sorted(EXPECTED, key=lambda endpoint: endpoint == "editor.logout")
    for endpoint in order:
        method, path, statuses = EXPECTED[endpoint]
        expected = statuses.get(who, statuses.get("*"))
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": token, "locale": "de"})
        assert response.status_code == expected, f"{who} {method} {path}"
        assert response.headers["Cache-Control"] == "no-store", path
        if response.status_code == 302 and who == ANONYMOUS and method == "GET":
            assert response.headers["Location"].startswith("/editor/login")


@pytest.mark.parametrize("path", ["/editor/logout", "/editor/language"])
def test_posts_without_a_csrf_token_are_refused(signed_in, path):
    client = signed_in("admin")
    assert client.post(path, data={"locale": "de"}).status_code == 400
    assert client.get("/editor/").status_code == 200  # still signed in
