"""Two gunicorn instances on one PostgreSQL: a content load is served by both at their next
request (the catalog and every cache follow the content version; nothing lives only in one
server's memory)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from navigator.config import ROOT

PG_BASE = os.environ.get("CI_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = "navigator_two_servers"


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "FLASK_DEBUG": "0", "PYTHONWARNINGS": "ignore"}
    # Both servers stand behind one public address (a load balancer in a real deployment).
    env["NAVIGATOR_PUBLIC_URL"] = "http://127.0.0.1:8000"
    env.pop("FLASK_APP", None)
    env.update(extra)
    return env


def _flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "navigator", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


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
    _flask(_env(database, SECRET_KEY=key), "init")
    bases, procs = [], []
    logs = tmp_path_factory.mktemp("two-servers")
    for name in ("a", "b"):
        bind = f"127.0.0.1:{_free_port()}"
        env = _env(
            database,
            SECRET_KEY=key,
            NAVIGATOR_BIND=bind,
            NAVIGATOR_WORKERS="2",
            NAVIGATOR_ACCESS_LOG=str(logs / f"{name}.log"),
            NAVIGATOR_ERROR_LOG=str(logs / f"{name}.err"),
        )
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
        procs.append(subprocess.Popen([*command, "wsgi:app"], cwd=ROOT, env=env))
        bases.append(f"http://{bind}")
    deadline = time.monotonic() + 60
    for base in bases:
        while True:
            try:
                _get(f"{base}/healthz")
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("the two gunicorn servers did not start")
                time.sleep(0.3)
    yield bases, database, key
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=15)


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
    _flask(_env(database, SECRET_KEY=key), "content", "load", str(_edited_pack(tmp_path)))
    for base in (b, a):
        html = _get(f"{base}/en/services/address-registration")
        assert "changed on one server" in html, base
        assert "language-cafe" not in _services(base), base
