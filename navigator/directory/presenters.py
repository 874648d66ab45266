"""Opening hours in the reader's language, in the city's time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_day_names
from flask import current_app, g

from navigator.core import snapshots
from navigator.directory.hours import (
    DayHours,
    Kind,
    OpeningStatus,
    Schedule,
    Slot,
    format_minutes,
    opening_status,
    weekly_table,
)
from navigator.directory.models import ServiceAtLocation
from navigator.i18n import _, reader_locale


def city_timezone() -> ZoneInfo:
    if "city_tz" not in g:
        facts = snapshots.city_facts()
        name = current_app.config.get("TIMEZONE") or (facts.timezone if facts else "UTC")
        g.city_tz = ZoneInfo(str(name))
    return g.city_tz


def now() -> dt.datetime:
    override = current_app.config.get("NOW")  # tests pin the clock
    return override if isinstance(override, dt.datetime) else dt.datetime.now(dt.UTC)


def holidays() -> frozenset[dt.date]:
    """The city's public holidays (dates only), kept until the content changes."""
    return snapshots.holidays()


def schedule_of(place: ServiceAtLocation) -> Schedule:
    exceptions: dict[dt.date, list[tuple[int, int]]] = {}
    for exc in place.dated:
        day = exceptions.setdefault(exc.date, [])
        if not exc.closed and exc.opens is not None and exc.closes is not None:
            day.append((exc.opens, exc.closes))
    return Schedule(
        slots=[Slot(s.weekday, s.opens, s.closes) for s in place.weekly],
        exceptions={d: DayHours(d, tuple(sorted(iv))) for d, iv in exceptions.items()},
        holidays=holidays(),
        open_on_holidays=place.open_on_holidays,
    )


def _time(moment: dt.datetime) -> str:
    return format_time(moment, "short", locale=reader_locale())


@dataclass(frozen=True)
class OpeningText:
    kind: str
    text: str
    note: str = ""


def describe(status: OpeningStatus, today: dt.date) -> OpeningText:
    if status.kind == Kind.APPOINTMENT:
        return OpeningText("appointment", _("By appointment only"))
    if status.kind == Kind.NO_HOURS:
        return OpeningText("unknown", _("Contact them for opening hours"))
    if status.kind == Kind.OPEN and status.until is not None:
        if status.until.date() > today + dt.timedelta(days=1):
            return OpeningText("open", _("Open now, day and night"))
        if status.until.date() == today:
            return OpeningText("open", _("Open now until %(time)s", time=_time(status.until)))
        return OpeningText("open", _("Open now until tomorrow %(time)s", time=_time(status.until)))
    note = ""
    if status.closed_today_for == "holiday":
        note = _("Closed today: public holiday.")
    elif status.closed_today_for == "exception":
        note = _("Closed today: special closure.")
    if status.next_open is None:
        return OpeningText("closed", _("Closed now"), note)
    when = status.next_open
    if when.date() == today:
        text = _("Closed now. Opens today at %(time)s", time=_time(when))
    elif when.date() == today + dt.timedelta(days=1):
        text = _("Closed now. Opens tomorrow at %(time)s", time=_time(when))
    else:
        day = format_date(when.date(), "EEEE", locale=reader_locale())
        text = _("Closed now. Opens %(day)s at %(time)s", day=day, time=_time(when))
    return OpeningText("closed", text, note)


def appointment_only(place: ServiceAtLocation) -> bool:
    """Packs mark some places both "appointment only" and "walk in" (appointments preferred,
    open walk-in times): those are not appointment-only for the reader, their hours count."""
    return bool(place.appointment_only and not place.walk_in)


def opening_text(place: ServiceAtLocation) -> OpeningText:
    tz = city_timezone()
    moment = now()
    status = opening_status(
        schedule_of(place), moment, tz, appointment_only=appointment_only(place)
    )
    return describe(status, moment.astimezone(tz).date())


def access_text(place: ServiceAtLocation) -> str:
    """One sentence on whether to book, never contradicting the opening line: an
    appointment-only place says so there ("By appointment only"), so nothing is added."""
    if place.walk_in and place.appointment_only:
        return _("Best with an appointment. At some times you can also come without one.")
    if place.walk_in:
        return _("You can come without an appointment.")
    return ""


def weekly_rows(place: ServiceAtLocation) -> list[tuple[str, str]]:
    """(day name, '09:00–16:00, 17:00–19:00' or 'Closed') for Monday to Sunday."""
    names = get_day_names("wide", locale=reader_locale())
    rows = []
    for weekday, intervals in enumerate(
        weekly_table(Slot(s.weekday, s.opens, s.closes) for s in place.weekly)
    ):
        if intervals:
            text = ", ".join(f"{format_minutes(o)}–{format_minutes(c)}" for o, c in intervals)
        else:
            text = _("Closed")
        rows.append((names[weekday], text))
    return rows


def exception_text(exc) -> str:  # type: ignore[no-untyped-def]
    day = format_date(exc.date, "full", locale=reader_locale())
    if exc.closed:
        return _("%(day)s: closed", day=day)
    return _(
        "%(day)s: open %(opens)s–%(closes)s",
        day=day,
        opens=format_minutes(exc.opens),
        closes=format_minutes(exc.closes),
    )
