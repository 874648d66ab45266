"""The back office's event form: texts, where it belongs, who it is for, and its dates.

The dates are a form an editor can fill in without knowing RFC 5545 — first date and time,
how often (daily, weekly on chosen days, monthly or yearly, on the nth weekday), every how
many, until a date or a number of times, added and cancelled dates — turned into the
event's pack form (`start`, `end`, `rrule`, `rdate`, `exdate`) and back. Every mistake gets
a translated message next to its field; a form with errors shows everything as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from navigator.directory.hours import format_minutes, parse_time
from navigator.editor.forms import CHECKBOXES, WEB_ADDRESS, ListingFields, RevisionFields
from navigator.events.occurrences import (
    WEEKDAY_CODES,
    Recurrence,
    RecurrenceError,
    between,
    join_parts,
    normalise_rule,
    rule_parts,
)
from navigator.i18n import L_

STATUSES = {
    "published": L_("Shown to newcomers"),
    "draft": L_("Not shown yet (being prepared)"),
    "archived": L_("No longer held (archived: hidden from newcomers)"),
}
FREQUENCIES = {
    "": L_("Once (no repetition)"),
    "DAILY": L_("Every day"),
    "WEEKLY": L_("Every week"),
    "MONTHLY": L_("Every month"),
    "YEARLY": L_("Every year"),
}
WEEKDAYS = dict(
    zip(
        WEEKDAY_CODES,
        (
            L_("Monday"),
            L_("Tuesday"),
            L_("Wednesday"),
            L_("Thursday"),
            L_("Friday"),
            L_("Saturday"),
            L_("Sunday"),
        ),
        strict=True,
    )
)
NTH = {
    "": L_("Every week of the month"),
    "1": L_("The first"),
    "2": L_("The second"),
    "3": L_("The third"),
    "4": L_("The fourth"),
    "-1": L_("The last"),
}
MONTHS = {
    "": L_("Every month of the year"),
    **{
        str(n): name
        for n, name in enumerate(
            (
                L_("January"),
                L_("February"),
                L_("March"),
                L_("April"),
                L_("May"),
                L_("June"),
                L_("July"),
                L_("August"),
                L_("September"),
                L_("October"),
                L_("November"),
                L_("December"),
            ),
            start=1,
        )
    },
}
ENDS = {
    "never": L_("No end date"),
    "until": L_("Until a date"),
    "count": L_("A number of times"),
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


class EventForm(ListingFields, RevisionFields, FlaskForm):
    registration_required = BooleanField(L_("Registration needed"))
    registration = TextAreaField(
        L_("How to register (or that no registration is needed)"),
        validators=[Optional(), Length(max=2_000)],
    )
    registration_url = StringField(L_("Registration page"), validators=WEB_ADDRESS)
    location = SelectField(L_("Location"), choices=[], validate_choice=False)
    # The dates, in the city's local time.
    start_date = DateField(
        L_("First date"), validators=[DataRequired(L_("Please enter the first date."))]
    )
    start_time = StringField(
        L_("Starts at (like 17:00)"),
        validators=[DataRequired(L_("Please enter a time like 17:00.")), Length(max=5)],
    )
    end_time = StringField(
        L_("Ends at (like 19:00; optional)"), validators=[Optional(), Length(max=5)]
    )
    frequency = SelectField(L_("How often"), choices=[], validate_choice=False)
    interval = IntegerField(
        L_("Every how many (1: every week, 2: every other week …)"),
        validators=[Optional(), NumberRange(1, 1000, L_("Please enter a number from 1 to 1000."))],
    )
    weekdays = SelectMultipleField(L_("On these weekdays"), choices=[], **CHECKBOXES)
    nth = SelectField(L_("Which week of the month"), choices=[], validate_choice=False)
    month = SelectField(L_("In which month (yearly)"), choices=[], validate_choice=False)
    monthday = IntegerField(
        L_("On this day of the month (instead of weekdays; -1: the last day)"),
        validators=[Optional(), NumberRange(-31, 31, L_("Please enter a day from 1 to 31."))],
    )
    ends = SelectField(L_("Ends"), choices=[], validate_choice=False)
    until = DateField(L_("Last date"), validators=[Optional()])
    count = IntegerField(
        L_("Number of times"),
        validators=[Optional(), NumberRange(1, 1000, L_("Please enter a number from 1 to 1000."))],
    )
    added = TextAreaField(
        L_("Extra dates, one per line (like 2027-01-09 10:00)"),
        validators=[Optional(), Length(max=5_000)],
    )
    cancelled = TextAreaField(
        L_("Cancelled dates, one per line (like 2026-12-24)"),
        validators=[Optional(), Length(max=5_000)],
    )

    def __init__(  # type: ignore[no-untyped-def]
        self, *args, organisations=(), locations=(), topics=(), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.listing_choices(STATUSES, organisations, topics)
        self.location.choices = [
            SelectChoice("", L_("No place (online or by phone)")),
            *(SelectChoice(slug, name) for slug, name in locations),
        ]
        self.frequency.choices = [SelectChoice(k, v) for k, v in FREQUENCIES.items()]
        self.weekdays.choices = [SelectChoice(k, v) for k, v in WEEKDAYS.items()]
        self.nth.choices = [SelectChoice(k, v) for k, v in NTH.items()]
        self.month.choices = [SelectChoice(k, v) for k, v in MONTHS.items()]
        self.ends.choices = [SelectChoice(k, v) for k, v in ENDS.items()]
        #: the dates once validated, as the pack states them (see `_check_dates`)
        self.dates: dict[str, Any] = {}

    def validate_start_time(self, field) -> None:  # type: ignore[no-untyped-def]
        if not _TIME.match((field.data or "").strip()):
            raise ValidationError(L_("Please enter a time like 17:00."))

    def validate_end_time(self, field) -> None:  # type: ignore[no-untyped-def]
        typed = (field.data or "").strip()
        if not typed:
            return
        if not _TIME.match(typed) and typed != "24:00":
            raise ValidationError(L_("Please enter a time like 19:00."))
        start = (self.start_time.data or "").strip()
        if _TIME.match(start) and parse_time(typed) <= parse_time(start):
            raise ValidationError(L_("The end must be after the start."))

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        fine = super().validate(extra_validators)
        if fine:
            fine = self._check_dates()
        return fine

    def _fail(self, field: Any, message: Any) -> bool:
        field.errors = [*field.errors, message]
        return False

    def _check_dates(self) -> bool:
        """The dates as the pack states them (`self.dates`), or False with messages."""
        start = dt.datetime.combine(
            self.start_date.data, dt.time(*map(int, self.start_time.data.strip().split(":")))
        )
        freq = self.frequency.data or ""
        parts: dict[str, str] = {}
        if freq:
            if freq not in FREQUENCIES:
                return self._fail(self.frequency, L_("Please choose from the list."))
            parts["FREQ"] = freq
            if self.interval.data and self.interval.data > 1:
                parts["INTERVAL"] = str(self.interval.data)
            days = [d for d in self.weekdays.data or [] if d in WEEKDAYS]
            nth = self.nth.data or ""
            if nth not in NTH:
                return self._fail(self.nth, L_("Please choose from the list."))
            if nth and freq not in ("MONTHLY", "YEARLY"):
                return self._fail(self.nth, L_("“Which week” needs a monthly or yearly event."))
            if nth and not days:
                return self._fail(self.weekdays, L_("Choose the weekday, e.g. the first Saturday."))
            if days and self.monthday.data:
                return self._fail(
                    self.monthday, L_("Choose weekdays or a day of the month, not both.")
                )
            if days:
                parts["BYDAY"] = ",".join(f"{nth}{d}" for d in days)
            if self.monthday.data:
                parts["BYMONTHDAY"] = str(self.monthday.data)
            if self.month.data:
                if self.month.data not in MONTHS:
                    return self._fail(self.month, L_("Please choose from the list."))
                parts["BYMONTH"] = self.month.data
            ends = self.ends.data or "never"
            if ends == "until":
                if not self.until.data:
                    return self._fail(self.until, L_("Please enter the last date."))
                if self.until.data < self.start_date.data:
                    return self._fail(self.until, L_("The last date must not be before the first."))
                parts["UNTIL"] = self.until.data.strftime("%Y%m%d")
            elif ends == "count":
                if not self.count.data:
                    return self._fail(self.count, L_("Please enter how many times."))
                parts["COUNT"] = str(self.count.data)
        rule = join_parts(parts) if parts else None
        if rule:
            try:
                rule = normalise_rule(rule, start)
            except RecurrenceError as error:
                return self._fail(
                    self.frequency,
                    L_("These settings give no dates that can be used (%(reason)s).", reason=error),
                )
        added = []
        for line in _lines(self.added.data):
            try:
                moment = dt.datetime.strptime(line.replace("T", " "), "%Y-%m-%d %H:%M")
            except ValueError:
                return self._fail(
                    self.added,
                    L_("“%(line)s” is not a date and time like 2027-01-09 10:00.", line=line),
                )
            added.append(moment.strftime("%Y-%m-%dT%H:%M"))
        cancelled = []
        recurrence = Recurrence(start, rrule=rule)  # cancelled dates cancel the rule's
        utc = dt.UTC
        for line in _lines(self.cancelled.data):
            try:
                day = dt.date.fromisoformat(line)
            except ValueError:
                return self._fail(
                    self.cancelled, L_("“%(line)s” is not a date like 2026-12-24.", line=line)
                )
            midnight = dt.datetime.combine(day, dt.time(0), utc)
            if not between(recurrence, midnight, midnight + dt.timedelta(days=1), utc, limit=1):  # type: ignore[arg-type]
                return self._fail(
                    self.cancelled,
                    L_("The event does not take place on %(day)s: nothing to cancel.", day=line),
                )
            cancelled.append(day.isoformat())
        end = (self.end_time.data or "").strip()
        self.dates = {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": format_minutes(parse_time(end)) if end else None,
            "rrule": rule,
            "rdate": sorted(set(added)),
            "exdate": sorted(set(cancelled)),
        }
        return True


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def initial_dates(data: dict[str, Any]) -> dict[str, Any]:
    """The form's date fields from an event's pack form."""
    start = dt.datetime.fromisoformat(data["start"])
    out: dict[str, Any] = {
        "start_date": start.date(),
        "start_time": start.strftime("%H:%M"),
        "end_time": data.get("end") or "",
        "frequency": "",
        "ends": "never",
        "added": "\n".join(v.replace("T", " ") for v in data.get("rdate", [])),
        "cancelled": "\n".join(data.get("exdate", [])),
    }
    if not data.get("rrule"):
        return out
    try:
        parts = rule_parts(data["rrule"])
    except RecurrenceError:
        return out
    out["frequency"] = parts["FREQ"]
    out["interval"] = int(parts.get("INTERVAL", "1"))
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
    out["weekdays"] = [d[-2:] for d in days]
    nths = {d[:-2] for d in days if d[:-2]}
    out["nth"] = nths.pop() if len(nths) == 1 else ""
    out["month"] = parts.get("BYMONTH", "")
    out["monthday"] = int(parts["BYMONTHDAY"]) if "BYMONTHDAY" in parts else None
    if "UNTIL" in parts:
        out["ends"] = "until"
        out["until"] = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
    elif "COUNT" in parts:
        out["ends"] = "count"
        out["count"] = int(parts["COUNT"])
    return out
