"""The words a visitor and the staff read side by side, each in their own language.

Each side is built under `force_locale`, so one page carries both languages; the template
gives every side its own `lang` and `dir` (visitor's first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import format_date

from navigator.directory.models import Organisation, Service, Topic
from navigator.i18n import (
    _,
    direction,
    fallback_chain,
    force_locale,
    language_name,
    ngettext,
)
from navigator.referrals.models import CHANNELS, FIELDS, RETENTION_DAYS


@dataclass(frozen=True)
class Side:
    locale: str
    dir: str
    t: dict[str, Any]


def _name(obj: Any, field: str, locale: str) -> str:
    return str(obj.localized(field, fallback_chain(locale))) if obj is not None else ""


def sides(locales: tuple[str, ...], build: Any, **context: Any) -> list[Side]:
    """One Side per distinct locale, in order, with `build(locale, **context)`'s words."""
    made = []
    for locale in dict.fromkeys(locales):
        with force_locale(locale):
            made.append(Side(locale, direction(locale), build(locale, **context)))
    return made


def consent_words(
    locale: str,
    *,
    organisation: Organisation,
    service: Service,
    topic: Topic | None,
    visitor_locale: str,
    keep_until: dt.date | None = None,
    consented_on: dt.datetime | None = None,
) -> dict[str, Any]:
    organisation_name = _name(organisation, "name", locale)
    words: dict[str, Any] = {
        "heading": _("Sharing your details with %(organisation)s", organisation=organisation_name),
        "intro": _(
            "The welcome centre can send %(organisation)s a referral to “%(service)s”, so "
            "they can help you. Only what you agree to is shared, only with them, and only "
            "for as long as you choose.",
            organisation=organisation_name,
            service=_name(service, "title", locale),
        ),
        "withdraw": _(
            "You get a private link. There you can see what happens with your referral and "
            "withdraw your consent at any time: your details are then deleted at once."
        ),
        "fields": {name: str(title) for name, title in FIELDS.items()},
        "channels": {name: str(title) for name, title in CHANNELS.items()},
        "language_line": _(
            "Your language: %(language)s", language=language_name(visitor_locale, locale)
        ),
        "need_line": _("What you need help with: %(need)s", need=_name(topic, "title", locale)),
        "service_line": _(
            "Service: %(service)s at %(organisation)s",
            service=_name(service, "title", locale),
            organisation=organisation_name,
        ),
        "shared_legend": _("What may be shared"),
        "retention_legend": _("How long it is kept"),
        "days": {days: ngettext("%(num)d day", "%(num)d days", days) for days in RETENTION_DAYS},
        "consent": _(
            "I agree that the details ticked above are shared with %(organisation)s for the "
            "time chosen.",
            organisation=organisation_name,
        ),
        "organisation": organisation_name,
        "service": _name(service, "title", locale),
    }
    if keep_until is not None:
        words["until"] = _(
            "Shared with %(organisation)s until %(date)s.",
            organisation=organisation_name,
            date=format_date(keep_until, "long"),
        )
        words["receipt_heading"] = _(
            "Your referral to %(organisation)s", organisation=organisation_name
        )
        words["link_label"] = _("Your private link (keep it for yourself):")
        words["nothing_personal"] = _("No personal details were shared.")
    if consented_on is not None:
        words["agreed"] = _(
            "On %(date)s you agreed that the welcome centre shares these details with "
            "%(organisation)s:",
            date=format_date(consented_on, "long"),
            organisation=organisation_name,
        )
    return words
