"""Browser tests: a real gunicorn server on loopback, driven by Debian's Chromium through
Playwright's sync API. The whole module is skipped when no Chromium is installed, unless
NAVIGATOR_REQUIRE_BROWSER=1 (CI sets it): then a missing browser fails every test instead.

The server always runs on its own fresh SQLite file (whatever DATABASE_URL says for the rest
of the suite), loaded with the demo pack by `flask --app navigator init`."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from navigator.config import ROOT
from tests.browser import journey
from tests.servers import flask, gunicorn, server_env

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
EDITOR_EMAIL = "admin@browser-tests.example.org"
EDITOR_PASSWORD = "browser tests only, not a real one"
#: the journeys' people (test_editor.py, test_feedback_journey.py): role -> extra CLI options
JOURNEY_ACCOUNTS = {
    "organisation_editor": ("--organisation", "city-library"),
    "author": (),
    "city_editor": (),
    "translator": ("--locales", "ar"),
    # Front-desk staff at the demo city's welcome centre (tests/browser/test_desk.py).
    "desk": ("--location", "international-house"),
}
SERVER_START_SECONDS = 30


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
    # Two workers and an access log, so a journey's 500 can be explained (journey.py).
    env = server_env(
        f"sqlite:///{tmp / 'browser.db'}", NAVIGATOR_WORKERS="2", NAVIGATOR_ACCESS_LOG="-"
    )
    flask(env, "init")
    # A back-office administrator for the editor pages (tests/browser/test_editor.py).
    flask(env, "users", "create", EDITOR_EMAIL, "--role", "admin", stdin=EDITOR_PASSWORD + "\n")
    for role, extra in JOURNEY_ACCOUNTS.items():
        flask(
            env,
            "users",
            "create",
            f"{role}@browser-tests.example.org",
            "--role",
            role,
            *extra,
            stdin=EDITOR_PASSWORD + "\n",
        )
    log_path = tmp / "gunicorn.log"
    journey.SERVER_LOG[:] = [log_path]
    journey.SERVER_ENV.clear()
    journey.SERVER_ENV.update(env)
    with gunicorn(env, SERVER_START_SECONDS, log=log_path) as base:
        yield base


@pytest.fixture(scope="session")
def live_database(live_server: str) -> str:
    """The live server's database URL, for a journey's last check of what it stored."""
    return f"sqlite:///{journey.SERVER_LOG[0].with_name('browser.db')}"


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


@pytest.fixture(scope="session")
def axe():  # type: ignore[no-untyped-def]
    """axe-core, run inside the page (axe-playwright-python carries its own copy)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def sign_in_page(page, live_server: str, role: str):  # type: ignore[no-untyped-def]
    """Sign `page` in as the suite's account for `role` (made by the live server)."""
    page.goto(f"{live_server}/editor/login")
    page.fill("#email", f"{role}@browser-tests.example.org")
    page.fill("#password", EDITOR_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == f"{live_server}/editor/", f"{role} could not sign in"
    return page
