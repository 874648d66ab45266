"""Browser tests: a real gunicorn server on loopback, driven by Debian's Chromium through
Playwright's sync API. The whole module is skipped when no Chromium is installed, unless
NAVIGATOR_REQUIRE_BROWSER=1 (CI sets it): then a missing browser fails every test instead.

The server always runs on its own fresh SQLite file (whatever DATABASE_URL says for the rest
of the suite), loaded with the demo pack by `flask --app navigator init`."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from navigator.config import ROOT
from tests.browser import journey

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WSGI_WAIT_SECONDS = 300
SERVER_START_SECONDS = 30


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _unavailable(reason: str) -> None:
    # A skip is easy to miss in a long CI log; where the browser is required, say so loudly.
    if os.environ.get("NAVIGATOR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; NAVIGATOR_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (no trailing slash) of a gunicorn server with the demo pack loaded."""
    if not CHROMIUM.exists():
        _unavailable(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("browser tests need the playwright package")

    wsgi = ROOT / "wsgi.py"
    deadline = time.monotonic() + WSGI_WAIT_SECONDS
    while not wsgi.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{wsgi} does not exist; the browser tests serve `wsgi:app` with gunicorn")
        time.sleep(2)

    tmp = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'browser.db'}",
        "SECRET_KEY": secrets.token_hex(32),
        "FLASK_DEBUG": "0",
        # Outside debug the app refuses to start without its public address.
        "NAVIGATOR_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("FLASK_APP", None)
    init = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "navigator", "init"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if init.returncode != 0:
        pytest.fail(f"`flask --app navigator init` failed:\n{init.stdout}\n{init.stderr}")

    log_path = tmp / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    journey.SERVER_LOG[:] = [log_path]
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(f"{base}/healthz"):
            if server.poll() is not None or time.monotonic() > deadline:
                log_text = log_path.read_text(errors="replace")
                pytest.fail(f"gunicorn did not answer /healthz with 200:\n{log_text}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@pytest.fixture(scope="session")
def browser(live_server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1024, "height": 800})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> object:  # type: ignore[no-untyped-def]
    return context.new_page()


@pytest.fixture(scope="session")
def plan_token(browser, live_server: str) -> str:  # type: ignore[no-untyped-def]
    """A valid plan token, from one questionnaire journey (answers are locale-independent)."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(f"{live_server}/en/start")
        journey.answer_questionnaire(page, plan_must_load=False)
        return journey.token_of(page.url)
    finally:
        ctx.close()
