"""Real app servers for tests: `flask init` a database, start gunicorn with the repository's
gunicorn.conf.py on a free loopback port, wait for /healthz, stop it afterwards."""

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
from contextlib import contextmanager
from pathlib import Path

import pytest

from navigator.config import ROOT


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like server (debug off) on `database_url`, bound to
    a free loopback port that is also its public address (unless `extra` says otherwise)."""
    bind = extra.get("NAVIGATOR_BIND") or f"127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FLASK_DEBUG": "0",
        "PYTHONWARNINGS": "ignore",
        "NAVIGATOR_WORKERS": "1",
        "NAVIGATOR_BIND": bind,
        "NAVIGATOR_PUBLIC_URL": f"http://{bind}",
    }
    env.pop("FLASK_APP", None)
    env.update(extra)
    return env


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "navigator", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def gunicorn(
    env: dict[str, str], start_seconds: float = 60, log: Path | None = None
) -> Iterator[str]:
    """A gunicorn with gunicorn.conf.py on `env`'s bind address; yields its base URL. With
    `log`, its output goes to that file (and into the failure message if it never starts)."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"]
    with open(log, "wb") if log else open(os.devnull, "wb") as output:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://{env['NAVIGATOR_BIND']}"
    try:
        deadline = time.monotonic() + start_seconds
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                text = log.read_text(errors="replace") if log else ""
                pytest.fail(f"gunicorn did not answer /healthz with 200\n{text}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
