"""Topic icons: vendored Lucide SVGs (navigator/static/icons, see SOURCE.md), drawn inline.

Inline so a page makes no extra request and the icon takes the text colour; decorative,
so hidden from screen readers (the topic's title says everything). The pack names a
topic's icon (`icon: house`); topics without one, or naming an icon we do not ship, get
the one below for their slug, or none.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import g, has_request_context
from markupsafe import Markup
from sqlalchemy import select

from navigator.db import db

ICON_DIR = Path(__file__).resolve().parent.parent / "static" / "icons"
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: The demo pack's topics, for packs (or databases) that do not name an icon yet.
TOPIC_ICONS = {
    "urgent-help": "siren",
    "registration-residence": "id-card",
    "housing": "house",
    "health": "stethoscope",
    "mental-health": "brain",
    "language-learning": "languages",
    "education": "graduation-cap",
    "childcare": "baby",
    "work": "briefcase",
    "skills-recognition": "award",
    "entrepreneurship": "store",
    "money-benefits": "wallet",
    "family": "users",
    "legal-help": "scale",
    "anti-discrimination": "shield-user",
    "digital-help": "laptop",
    "community": "handshake",
    "return": "plane",
}
#: Lucide renamed some icons; packs may use the old names.
ALIASES = {"home": "house"}


@lru_cache(maxsize=1)
def available() -> frozenset[str]:
    return frozenset(path.stem for path in ICON_DIR.glob("*.svg"))


def _vendored(name: str | None) -> str | None:
    if not name:
        return None
    name = ALIASES.get(name, name)
    return name if _NAME.match(name) and name in available() else None


def _pack_icons() -> dict[str, str | None]:
    """{topic slug: icon named by the pack}, once per request."""
    if not has_request_context():
        return {}
    if "topic_icons" not in g:
        from navigator.directory.models import Topic

        column = getattr(Topic, "icon", None)
        if column is None:
            g.topic_icons = {}
        else:
            g.topic_icons = dict(db.session.execute(select(Topic.slug, column)).tuples().all())
    return g.topic_icons


def icon_name(topic_or_name: Any) -> str | None:
    """The icon for a Topic, a topic slug (the needs question's option values) or an icon
    name; None when there is none to show."""
    if topic_or_name is None:
        return None
    if isinstance(topic_or_name, str):
        slug = topic_or_name
        named = _pack_icons().get(slug)
        return _vendored(named) or _vendored(TOPIC_ICONS.get(slug)) or _vendored(slug)
    named = getattr(topic_or_name, "icon", None)
    return _vendored(named) or _vendored(TOPIC_ICONS.get(getattr(topic_or_name, "slug", "")))


@lru_cache(maxsize=64)
def svg(name: str) -> Markup:
    """The icon's SVG element: decorative (aria-hidden, not focusable), sized by CSS."""
    source = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    source = re.sub(r"<!--.*?-->", "", source, flags=re.S)
    body = source[source.index(">", source.index("<svg")) + 1 : source.rindex("</svg>")]
    # Our own vendored files, read from disk: no user input reaches this markup.
    body = Markup(" ".join(body.split()))  # noqa: S704
    return Markup(
        '<svg class="icon icon-{name}" xmlns="http://www.w3.org/2000/svg" width="24" '
        'height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">'
        "{body}</svg>"
    ).format(name=name, body=body)


def topic_icon_svg(topic_or_name: Any) -> Markup:
    name = icon_name(topic_or_name)
    return svg(name) if name else Markup("")
