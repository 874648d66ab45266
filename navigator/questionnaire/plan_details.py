"""Plan details that do not depend on the plan: tap-to-call links, weekly hours for print,
the city's emergency numbers and the QR code of the plan's link."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import segno
from babel.dates import get_day_names
from sqlalchemy import select

from navigator.core.templating import localized
from navigator.db import db
from navigator.directory.hours import Slot, format_minutes, weekly_table
from navigator.directory.models import EmergencyNumber
from navigator.directory.presenters import appointment_only
from navigator.i18n import _, reader_locale


def tel_href(number: str) -> str:
    """`tel:` with the digits and a leading + only: "+49 30 0000-1100" → tel:+493000001100."""
    digits = re.sub(r"[^\d+]", "", number)
    return "tel:" + (digits[:1] + digits[1:].replace("+", "") if digits else "")


def contacts(channels: Any) -> list[dict[str, str]]:
    """Phone numbers and e-mail addresses as tap-to-call and tap-to-mail links."""
    links = {"phone": tel_href, "email": lambda value: "mailto:" + value}
    return [
        {"text": channel.value, "href": links[channel.type](channel.value)}
        for channel in channels
        if channel.type in links
    ]


def week_text(place: Any) -> str:
    """Weekly hours without "now" for print: "Mon–Fri 09:00–16:00; Sat 10:00–12:00"."""
    if appointment_only(place):
        return _("By appointment only")
    table = weekly_table(Slot(s.weekday, s.opens, s.closes) for s in place.weekly)
    if not any(table):
        return _("Contact them for opening hours")
    names = get_day_names("abbreviated", locale=reader_locale())
    groups: list[tuple[int, int, list[tuple[int, int]]]] = []
    for day, intervals in enumerate(table):
        if groups and groups[-1][2] == intervals and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, intervals)
        else:
            groups.append((day, day, intervals))
    parts = []
    for first, last, intervals in groups:
        if not intervals:
            continue
        days = names[first] if first == last else f"{names[first]}–{names[last]}"
        hours = ", ".join(f"{format_minutes(o)}–{format_minutes(c)}" for o, c in intervals)
        parts.append(f"{days} {hours}")
    return "; ".join(parts)


def emergency_numbers() -> list[dict[str, Any]]:
    return [
        {"number": n.number, "tel": tel_href(n.number), "label": localized(n, "label")}
        for n in db.session.scalars(select(EmergencyNumber).order_by(EmergencyNumber.position))
    ]


@lru_cache(maxsize=512)
def qr_code(url: str, title: str) -> str:
    """segno's own SVG (no user text inside but the escaped title). A fixed mask skips the
    search for the best of eight, which is most of the encoding time for a long URL."""
    return segno.make(url, error="l", mask=2).svg_inline(scale=3, title=title, omitsize=True)
