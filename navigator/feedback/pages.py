"""Which public page feedback is about: "service:<slug>", "organisation:<slug>",
"topic:<slug>", "event:<slug>", "plan" or "search:<query>".

A reference is checked against what the public site shows (an unknown one is a 404), and
the link back to the page is built from its kind and key with `url_for`, never taken from
the request: feedback links cannot send anyone to another site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for

from navigator.core.templating import city, localized
from navigator.directory import queries
from navigator.directory.textnorm import terms
from navigator.events import queries as event_queries
from navigator.feedback.models import MAX_KEY
from navigator.feedback.privacy import has_personal_data, region_of_timezone
from navigator.i18n import _

MAX_REF = 300
#: page kind -> the public endpoint that shows it (plan and search have no slug)
ENDPOINTS = {
    "service": "directory.service",
    "organisation": "directory.organisation",
    "topic": "directory.topic",
    "plan": "questionnaire.plan",
    "search": "directory.search",
    "event": "events.event",
}
#: page kind -> how the public site finds the listing
_FIND = {
    "service": queries.service_by_slug,
    "organisation": queries.organisation_by_slug,
    "topic": queries.topic_by_slug,
    "event": event_queries.event_by_slug,
}
#: page kind -> the listing's field that names it
TITLE_FIELDS = {"service": "title", "organisation": "name", "topic": "title", "event": "title"}
#: words of a search kept in the statistics (the search itself reads no more than eight)
QUERY_WORDS = 12


@dataclass(frozen=True)
class Page:
    kind: str
    #: the slug; for a search the normalised query ("" when it held personal data)
    key: str
    title: str
    #: the listing itself (service, organisation, topic)
    target: Any = None


def phone_region() -> str:
    found = city()
    return region_of_timezone(current_app.config.get("TIMEZONE") or (found and found.timezone))


def search_key(query: str) -> str:
    """A search as statistics keep it: its normalised words, or "" when it held an e-mail
    address or a phone number (nobody's contact details end up in a list of searches)."""
    if has_personal_data(query, phone_region()):
        return ""
    return " ".join(terms(query, QUERY_WORDS))[:MAX_KEY].strip()


def resolve(ref: str | None) -> Page | None:
    """The page a reference names, if the public site shows it; None otherwise."""
    if not ref or len(ref) > MAX_REF:
        return None
    kind, _sep, key = ref.partition(":")
    if kind == "plan" and not key:
        return Page("plan", "", _("Your plan"))
    if kind == "search":
        query = search_key(key)
        if not query and not has_personal_data(key, phone_region()):
            return None  # an empty search, or one of punctuation only
        return Page("search", query, _("Search for “%(query)s”", query=query or "…"))
    if kind not in _FIND or not key or len(key) > MAX_KEY:
        return None
    found = _FIND[kind](key)
    if found is None:
        return None
    return Page(kind, key, listing_title(kind, found) or key, found)


def listing_title(kind: str, listing: Any) -> str:
    """A service's or topic's title, an organisation's name, in the reader's language."""
    return str(localized(listing, TITLE_FIELDS[kind]))


def plan_token(token: str | None) -> str:
    """A plan link's token, if it is one of ours: it only rides along to lead back to the
    plan, and is never stored."""
    from navigator.questionnaire import token as tokens

    if not token:
        return ""
    try:
        tokens.decode(token)
    except tokens.TokenError:
        return ""
    return token


def back_url(page: Page, token: str = "") -> str:
    """The public page, in the current locale."""
    if page.kind == "plan":
        # Without the person's (never stored) plan link, the questionnaire's start page.
        if token:
            return url_for("questionnaire.plan", t=token)
        return url_for("questionnaire.start")
    if page.kind == "search":
        return url_for("directory.search", q=page.key) if page.key else url_for("directory.search")
    return url_for(ENDPOINTS[page.kind], slug=page.key)
