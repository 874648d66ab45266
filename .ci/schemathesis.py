"""CI: schemathesis against a live server — the demo pack on a temporary SQLite database,
gunicorn with the repository's gunicorn.conf.py on a free loopback port — with the public
API's own description (/api/v1/openapi.json). Fails on a server error, a response that does
not match its documented schema, or a status code the document does not list. Bounded in
time (--max-time per phase set below); the whole run takes a minute or two.

    .venv/bin/python .ci/schemathesis.py [extra schemathesis options]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import flask, gunicorn, server_env  # noqa: E402

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"


def main(extra: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="navigator-schemathesis-") as tmp:
        env = server_env(
            f"sqlite:///{Path(tmp) / 'navigator.db'}",
            # the fuzzer sends thousands of requests from one address
            NAVIGATOR_RATE_LIMITS="0",
            NAVIGATOR_WORKERS="2",
        )
        flask(env, "init")
        log = Path(tmp) / "gunicorn.log"
        with gunicorn(env, log=log) as base:
            command = [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{base}/api/v1/openapi.json",
                "--url",
                f"{base}/api/v1",
                "--checks",
                CHECKS,
                "--max-examples",
                "40",
                "--max-time",
                "90",
                "--workers",
                "2",
                "--request-timeout",
                "20",
                "--generation-database",
                "none",
                "--no-color",
                *extra,
            ]
            done = subprocess.run(command, cwd=tmp, check=False, timeout=600)  # noqa: S603
            if done.returncode:
                print(log.read_text(errors="replace")[-5000:], file=sys.stderr)
            return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
