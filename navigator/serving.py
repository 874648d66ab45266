"""Logging for gunicorn that never writes a query string.

A newcomer's answers travel in the `t` query parameter of `/start` and `/plan` (encrypted,
but a link that opens someone's plan all the same), so neither the access log nor the
error log may record query strings or referrers with them. `gunicorn.conf.py` selects
:class:`RedactingLogger`.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from typing import Any

from gunicorn.glogging import Logger

# A path followed by a query string, anywhere in a message: keep the path, drop the rest.
_QUERY = re.compile(r"(?P<path>/[^\s?\"'<>]*)\?[^\s\"'<>]*")


# A visitor's private referral link carries its token in the path (/<locale>/referral/<token>).
_PRIVATE_PATH = re.compile(r"(?P<path>/referral/)(?!withdrawn\b)[\w-]{16,}")


def redact(text: str) -> str:
    """`text` with every URL query string replaced by `?…`, and private links' tokens by
    `…`."""
    return _PRIVATE_PATH.sub(r"\g<path>…", _QUERY.sub(r"\g<path>?…", text))


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback without query strings."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class RedactingLogger(Logger):
    """gunicorn's logger with query strings removed from access and error lines."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactingFilter())
            for handler in log.handlers:
                handler.addFilter(RedactingFilter())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:  # type: ignore[type-arg]
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact(environ.get("PATH_INFO", ""))
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        atoms["q"] = ""
        atoms["U"] = path
        atoms["f"] = redact(atoms.get("f", "-"))
        for key in [k for k in atoms if k in ("{referer}i", "{raw_uri}e", "{query_string}e")]:
            atoms[key] = redact(str(atoms[key])) if key != "{query_string}e" else ""
        return atoms


#: Garbage-collector thresholds for a web worker. A plan page allocates thousands of
#: short-lived objects (a step per service); with CPython's default 700 the collector ran
#: about ten times a plan, promoting the request's own objects to the oldest generation, and
#: then walked all of it every few requests (a 90 ms pause, most of a plan's p95 at 5,000
#: services). Pages leave no reference cycles (tests/serving/test_garbage.py), so collecting
#: less often keeps memory flat.
COLLECTOR_THRESHOLDS = (10_000, 10, 10)


def tune_collector(environ: dict[str, str] | None = None) -> tuple[int, ...]:
    """Set the collector's thresholds: NAVIGATOR_GC_THRESHOLDS ("10000,10,10") or ours."""
    text = (environ if environ is not None else os.environ).get("NAVIGATOR_GC_THRESHOLDS", "")
    try:
        thresholds = tuple(int(part) for part in text.split(",")) if text else ()
    except ValueError:
        thresholds = ()
    if len(thresholds) != 3 or min(thresholds) < 1:
        thresholds = COLLECTOR_THRESHOLDS
    gc.set_threshold(*thresholds)
    return thresholds
