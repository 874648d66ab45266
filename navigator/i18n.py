"""Everything about languages in one place: gettext helpers, the locale list, direction,
locale negotiation and the fallback chain for database content."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.lists import format_list as babel_format_list
from flask import current_app, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations, lazy_gettext
from flask_babel import pgettext as pgettext

L_ = lazy_gettext

RTL_LOCALES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "prs"})
LOCALE_COOKIE = "locale"

babel = Babel()

__all__ = [
    "L_",
    "_",
    "babel",
    "direction",
    "fallback_chain",
    "force_locale",
    "format_list",
    "get_locale",
    "native_name",
    "ngettext",
    "pgettext",
]


def translations() -> Any:
    """The request's gettext catalog, looked up once per request and locale.

    flask-babel looks the catalog up on every call (the request context, `g`, the locale
    selector): about 15 µs, several hundred times on a plan page. The memo sits on
    flask-babel's per-request namespace and is keyed by its locale object, so
    `force_locale` (which swaps that object) still gets its own language."""
    ctx = g.get("_flask_babel") if has_request_context() else None
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:  # outside a request, or not chosen yet: flask-babel decides
        return get_translations()
    memo = getattr(ctx, "navigator_translations", None)
    if memo is None or memo[0] is not locale:
        memo = ctx.navigator_translations = (locale, get_translations())
    return memo[1]


def gettext(string: str, **variables: Any) -> str:
    """flask-babel's gettext, with the catalog looked up once per request."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """flask-babel's ngettext (`num` is available as %(num)d), catalog looked up once."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


_ = gettext


@lru_cache(maxsize=64)
def babel_locale(code: str) -> Locale:
    """Babel's Locale for a code, parsed once (formatting dates parsed it on every call)."""
    return Locale.parse(code.replace("-", "_"))


def reader_locale() -> Locale:
    return babel_locale(current_locale())


def format_list(items: list[str], style: str = "standard") -> str:
    """'a, b or c' in the reader's language (CLDR list patterns)."""
    return babel_format_list(list(items), style=style, locale=reader_locale())


def active_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LOCALES"])  # type: ignore[arg-type]


def direction(locale: str) -> str:
    return "rtl" if locale.split("-")[0] in RTL_LOCALES else "ltr"


@lru_cache(maxsize=256)
def native_name(locale: str) -> str:
    """The language's own name for itself, e.g. 'العربية' for ar (from CLDR via Babel)."""
    try:
        name = Locale.parse(locale.replace("-", "_")).get_display_name(locale.replace("-", "_"))
    except (ValueError, LookupError, UnknownLocaleError):
        return locale
    return name[:1].upper() + name[1:] if name else locale


def _babel_locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, LookupError, UnknownLocaleError):
        return None


@lru_cache(maxsize=1024)
def language_name(code: str, in_locale: str) -> str:
    """A spoken language (BCP 47) named in the reader's language, never a bare code.

    CLDR names most codes directly (Locale.languages). Some macrolanguage members are only
    aliases: "prs" (Dari) is CLDR's "fa_AF", which has its own name ("Dari") in most
    locales and otherwise reads "Persian (Afghanistan)". A code CLDR does not know at all
    is named in English before, as a last resort, the code itself is shown.
    """
    key = code.replace("-", "_")
    alias = str(get_global("language_aliases").get(key, key))
    for reader in (_babel_locale(in_locale), Locale("en")):
        if reader is None:
            continue
        for candidate in dict.fromkeys((key, alias)):
            name = reader.languages.get(candidate)
            if name:
                return name
        spoken = _babel_locale(alias)
        if spoken is not None:
            name = spoken.get_display_name(reader)
            if name:
                return name
    return code


def current_locale() -> str:
    if has_request_context() and getattr(g, "locale", None):
        return g.locale
    return str(current_app.config["DEFAULT_LOCALE"])


def negotiate_locale() -> str:
    """No locale in the URL: cookie, then Accept-Language, then the deployment default."""
    locales = active_locales()
    cookie = request.cookies.get(LOCALE_COOKIE, "")
    if cookie in locales:
        return cookie
    best = request.accept_languages.best_match(locales)
    return best or str(current_app.config["DEFAULT_LOCALE"])


def select_locale() -> str:
    """flask-babel's selector: the locale chosen for this request (cached on g)."""
    return current_locale()


def fallback_chain(locale: str) -> tuple[str, ...]:
    """requested → deployment default → source, without repeats."""
    chain: list[str] = []
    for candidate in (
        locale,
        str(current_app.config["DEFAULT_LOCALE"]),
        str(current_app.config["SOURCE_LOCALE"]),
    ):
        if candidate not in chain:
            chain.append(candidate)
    return tuple(chain)
