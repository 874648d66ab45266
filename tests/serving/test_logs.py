"""gunicorn's logs never hold a query string: answers travel in plan links' `t` parameter.

A real gunicorn, started with the repository's gunicorn.conf.py on loopback, serves a short
journey; then its access and error logs are searched for the tokens it handed out.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from navigator.config import ROOT
from navigator.serving import RedactingFilter, redact


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


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'logs.db'}",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FLASK_DEBUG": "0",
        "PYTHONWARNINGS": "ignore",
        "NAVIGATOR_BIND": f"127.0.0.1:{port}",
        "NAVIGATOR_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "NAVIGATOR_WORKERS": "1",
        "NAVIGATOR_ACCESS_LOG": str(tmp / "access.log"),
        "NAVIGATOR_ERROR_LOG": str(tmp / "error.log"),
    }
    env.pop("FLASK_APP", None)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "navigator", "init"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://{env['NAVIGATOR_BIND']}"
    deadline = time.monotonic() + 30
    while not _reachable(base) or _get(f"{base}/healthz")[0] != 200:
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("gunicorn did not start with gunicorn.conf.py")
        time.sleep(0.2)
    yield base, tmp
    proc.terminate()
    proc.wait(timeout=15)


def _reachable(base: str) -> bool:
    try:
        urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


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
