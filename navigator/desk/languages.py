"""Two languages on one page: build a part of the page in the visitor's language, another
in the staff's, each with its own gettext catalog and content fallback chain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g

from navigator.i18n import force_locale


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Inside, `_()`, database texts (`chain()`), dates and lists are in `locale`.

    The request's locale sits on `g` (core.locale) and its fallback chain is cached there
    (core.templating.chain); both are swapped for the block and put back after it."""
    saved_locale = g.get("locale")
    saved_chain = g.pop("locale_chain", None)
    g.locale = locale
    try:
        with force_locale(locale):
            yield
    finally:
        g.locale = saved_locale
        g.pop("locale_chain", None)
        if saved_chain is not None:
            g.locale_chain = saved_chain
