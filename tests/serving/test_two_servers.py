"""Two gunicorn instances on one PostgreSQL: a content load is served by both at their next
request (the catalog and every cache follow the content version; nothing lives only in one
server's memory)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from navigator.config import ROOT
from tests.servers import flask, free_port, gunicorn, server_env

PG_BASE = os.environ.get("CI_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
# One database per test run: CI runs the SQLite and PostgreSQL suites side by side, and both
# start these two servers on PostgreSQL.
DATABASE = f"navigator_two_servers_{os.getpid()}"


def _server_url(database: str) -> str:
    return PG_BASE.rsplit("/", 1)[0] + f"/{database}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_BASE) as conn:
        conn.autocommit = True
        conn.execute(sql)


@pytest.fixture(scope="module")
def database():
    import psycopg

    try:
        _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        _admin(f"CREATE DATABASE {DATABASE}")
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed at {PG_BASE}: {error}")
        pytest.skip(f"PostgreSQL is not running at {PG_BASE}")
    yield _server_url(DATABASE)
    _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _env(url: str, key: str) -> dict[str, str]:
    # Both servers stand behind one public address (a load balancer in a real deployment)
    # and share the secret key, as every app server of one city must.
    return server_env(url, SECRET_KEY=key, NAVIGATOR_PUBLIC_URL="http://127.0.0.1:8000")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _services(base: str) -> set[str]:
    body = json.dumps({"locale": "en", "facts": {}, "needs": ["community"]}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/eligibility", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return {s["slug"] for s in json.load(response)["services"]}


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    key = secrets.token_urlsafe(48)
    flask(_env(database, key), "init")
    logs = tmp_path_factory.mktemp("two-servers")
    with ExitStack() as stack:
        bases = [
            stack.enter_context(
                gunicorn(
                    {
                        **_env(database, key),
                        "NAVIGATOR_BIND": f"127.0.0.1:{free_port()}",
                        "NAVIGATOR_WORKERS": "2",
                        "NAVIGATOR_ACCESS_LOG": str(logs / f"{name}.log"),
                        "NAVIGATOR_ERROR_LOG": str(logs / f"{name}.err"),
                    }
                )
            )
            for name in ("a", "b")
        ]
        yield bases, database, key


def _edited_pack(tmp: Path) -> Path:
    pack = tmp / "pack"
    shutil.copytree(ROOT / "content" / "demo", pack)
    service = pack / "services" / "address-registration.md"
    text = service.read_text()
    text = re.sub(r"(?m)^title: .*$", "title: Register your address (changed on one server)", text)
    text = re.sub(r"(?m)^revision: (\d+)$", lambda m: f"revision: {int(m[1]) + 1}", text)
    service.write_text(text)
    cafe = pack / "services" / "language-cafe.md"
    cafe.write_text(re.sub(r"(?m)^status: published$", "status: archived", cafe.read_text()))
    return pack


def test_a_content_load_is_served_by_both_servers(servers, tmp_path):
    (a, b), database, key = servers
    for base in (a, b):  # both have built and cached their catalog and pages
        assert "changed on one server" not in _get(f"{base}/en/services/address-registration")
        assert "language-cafe" in _services(base)
    # One deployment step, as an editor's publish would be: load the pack into the database.
    flask(_env(database, key), "content", "load", str(_edited_pack(tmp_path)))
    for base in (b, a):
        html = _get(f"{base}/en/services/address-registration")
        assert "changed on one server" in html, base
        assert "language-cafe" not in _services(base), base


def test_a_change_published_on_one_server_is_served_by_the_other(servers):
    """An editor publishes through server A's back office; server B shows it at its next
    request: its page, its search and its plans follow the content version."""
    import http.cookiejar
    from urllib.parse import urlencode

    from tests.conftest import csrf_token
    from tests.editor.test_editing import form_data

    (a, b), database, key = servers
    password = secrets.token_urlsafe(16)
    flask(
        _env(database, key),
        "users",
        "create",
        "editor@two-servers.example.org",
        "--role",
        "city_editor",
        stdin=password + "\n",
    )
    assert "Zanzibarian" not in _get(f"{b}/en/services/public-writer")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def post(url: str, data: dict[str, object]) -> str:
        body = urlencode(data, doseq=True).encode()
        with opener.open(urllib.request.Request(url, data=body), timeout=10) as response:
            return response.read().decode()

    login = opener.open(f"{a}/editor/login", timeout=10).read().decode()
    post(
        f"{a}/editor/login",
        {
            "email": "editor@two-servers.example.org",
            "password": password,
            "csrf_token": csrf_token(login),
        },
    )
    page = opener.open(f"{a}/editor/services/public-writer/edit", timeout=10).read().decode()
    data = form_data(page)
    data.update(title="Zanzibarian public writer", action="publish")
    history = post(f"{a}/editor/services/public-writer/edit", data)
    assert "Published" in history
    assert "Zanzibarian public writer" in _get(f"{b}/en/services/public-writer")
    assert "/en/services/public-writer" in _get(f"{b}/en/search?q=zanzibarian")
