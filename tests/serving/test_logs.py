"""gunicorn's logs never hold a query string: answers travel in plan links' `t` parameter.

A real gunicorn, started with the repository's gunicorn.conf.py on loopback, serves a short
journey; then its access and error logs are searched for the tokens it handed out.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from navigator.serving import RedactingFilter, redact
from tests.servers import flask, gunicorn, server_env


def test_redact_keeps_the_path_and_drops_the_query():
    line = 'Error handling request GET /en/plan?t=gAAAAABsecret&all=1 from "/ar/start?t=x"'
    assert redact(line) == 'Error handling request GET /en/plan?… from "/ar/start?…"'


def test_filter_redacts_messages_and_tracebacks():
    record = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1, "Error %s", None, None)
    record.args = ("GET /en/plan?t=SECRET",)
    try:
        raise ValueError("bad link /en/plan?t=SECRET")
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "SECRET" not in text and "/en/plan?…" in text


# A browser keeps the session cookie that holds the CSRF secret.
_browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())


def _get(url: str) -> tuple[int, str, str]:
    """status, final URL, body — following redirects like a browser."""
    try:
        with _browser.open(url, timeout=10) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("logs")
    env = server_env(
        f"sqlite:///{tmp / 'logs.db'}",
        NAVIGATOR_ACCESS_LOG=str(tmp / "access.log"),
        NAVIGATOR_ERROR_LOG=str(tmp / "error.log"),
    )
    flask(env, "init")
    with gunicorn(env) as base:
        yield base, tmp


def test_a_journey_leaves_no_token_in_the_logs(server):
    base, tmp = server
    status, url, html = _get(f"{base}/en/start")
    assert status == 200
    tokens = set(re.findall(r'name="t"[^>]*value="([^"]+)"', html))
    # Skip every question ("I don't know") until the plan: each step hands out a new token.
    for _ in range(20):
        if "/plan" in urllib.parse.urlparse(url).path:
            break
        fact = re.search(r'name="fact"[^>]*value="([^"]+)"', html).group(1)
        token = re.search(r'name="t"[^>]*value="([^"]+)"', html).group(1)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        form = {"t": token, "fact": fact, "dont_know": "1"}
        if csrf:
            form["csrf_token"] = csrf.group(1)
        request = urllib.request.Request(
            f"{base}/en/start", data=urllib.parse.urlencode(form).encode(), method="POST"
        )
        with _browser.open(request, timeout=10) as response:
            url, html = response.url, response.read().decode()
        tokens |= set(re.findall(r'name="t"[^>]*value="([^"]+)"', html))
        tokens |= set(urllib.parse.parse_qs(urllib.parse.urlparse(url).query).get("t", []))
    assert "/plan" in url, "the journey did not reach the plan"
    # Also a broken link, which the app logs nothing about but gunicorn sees.
    _get(f"{base}/en/plan?t={next(iter(tokens))}x")
    time.sleep(0.5)  # gunicorn writes its access log line after the response
    logs = (tmp / "access.log").read_text() + (tmp / "error.log").read_text()
    assert "/en/plan" in logs and "/en/start" in logs  # the requests were logged…
    assert tokens and not any(token in logs for token in tokens)  # …without their tokens
    assert "t=" not in logs
