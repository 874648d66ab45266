"""Template helpers: localized content, Markdown, the language picker, city settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import nh3
from flask import Flask, current_app, g, request, url_for
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import select

from navigator.core import snapshots
from navigator.db import db
from navigator.i18n import (
    active_locales,
    current_locale,
    direction,
    fallback_chain,
    format_list,
    language_name,
    native_name,
    translations,
)
from navigator.translatable import Localized

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render_markdown(text: str | Localized | None) -> Markup:
    """Markdown from content packs and editors, sanitised: no scripts, no inline styles."""
    if not text:
        return Markup("")
    html = _markdown.render(str(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    if isinstance(text, Localized) and text.is_fallback:
        # The block keeps its own language and direction (English inside an Arabic page).
        block = Markup(clean)  # noqa: S704 - sanitised by nh3 above
        return Markup('<div lang="{}" dir="{}">{}</div>').format(
            text.locale, direction(text.locale), block
        )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above


def chain() -> tuple[str, ...]:
    if "locale_chain" not in g:
        g.locale_chain = fallback_chain(current_locale())
    return g.locale_chain


def localized(obj: Any, field: str) -> Localized:
    return obj.localized(field, chain())


def city() -> Any:
    if "city" not in g:
        from navigator.directory.models import City

        g.city = db.session.scalars(select(City).limit(1)).first()
    return g.city


def city_name() -> str:
    configured = current_app.config.get("CITY_NAME")
    if configured:
        return str(configured)
    found = snapshots.city_facts()
    return found.name if found else "Newcomer Navigator"


def same_page_in(locale: str) -> str:
    """This page's path in another locale, with the request's query string kept as it came.

    The query goes next to the path, never into `url_for`: url_for takes `_method`,
    `_external`, `_scheme`, `_anchor` and the rule's own arguments (`slug`, `locale`) from its
    keyword arguments, so `?_method=POST` would choose what is built (or fail the build).
    """
    endpoint = request.endpoint
    if not endpoint or not current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        return url_for("directory.home", locale=locale)
    # view_args come from the matched rule (the locale was taken out by core.locale).
    path_args = {k: v for k, v in (request.view_args or {}).items() if not k.startswith("_")}
    path = url_for(endpoint, **{**path_args, "locale": locale})
    query = urlencode(list(request.args.items(multi=True)))
    return f"{path}?{query}" if query else path


def language_links() -> list[dict[str, Any]]:
    """The same page in every active locale (the language picker keeps the page)."""
    links = []
    for locale in active_locales():
        href = same_page_in(locale)
        links.append(
            {
                "locale": locale,
                "name": native_name(locale),
                "dir": direction(locale),
                "href": href,
                "current": locale == current_locale(),
            }
        )
    return links


def plain(value: Any) -> str:
    """Text without markup, for places that cannot hold any: <title>, attributes."""
    return str(value) if value is not None else ""


def register(app: Flask) -> None:
    from navigator.directory.icons import topic_icon_svg
    from navigator.directory.presenters import access_text

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["join_list"] = lambda items: format_list([str(i) for i in items])
    app.jinja_env.filters["language_name"] = lambda code: language_name(code, current_locale())
    app.jinja_env.filters["localized_name"] = lambda obj: localized(obj, "name")
    app.jinja_env.filters["plain"] = plain
    # Globals, not context: macros.html is imported *without* context, so Jinja renders it
    # once and caches it. Imported "with context", every page built a new module whose
    # macros point back at the page's context: a reference cycle that kept the page's ORM
    # objects alive until the next garbage collection, inside the next request. On CPython
    # 3.11 collecting them there corrupted memory (the segfault of bench/crash_plan_pages.py).
    app.jinja_env.globals["topic_icon_svg"] = topic_icon_svg
    app.jinja_env.globals["access_text"] = access_text
    app.jinja_env.globals["t"] = localized
    app.jinja_env.globals["language_name"] = lambda code: language_name(code, current_locale())
    app.jinja_env.globals["direction_of"] = direction

    @app.context_processor
    def helpers() -> dict[str, Any]:
        locale = current_locale()
        return {
            "locale": locale,
            "text_direction": direction(locale),
            "language_links": language_links,
            "city": city,
            "city_facts": snapshots.city_facts,
            "city_name": city_name,
        }
