"""The city's page in the back office: the home page's notice, public holidays (every place
is closed on them unless it says otherwise) and the emergency and help numbers every plan
shows. It is one more revision of one more object (kind "city", pack.yaml), so it has the
same drafts, review, history and four-eyes rule as a listing.

Holidays are typed one per line as "2026-12-25 Christmas Day"; numbers are rows of a form,
each keeping its key (translations of its label hang on it) — a new row gets one made from
its label.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template, request
from flask_login import login_required
from werkzeug.wrappers import Response

from navigator.editor.create import slug_from
from navigator.editor.editing import _context, _finish, begin, text
from navigator.editor.forms import CityForm
from navigator.i18n import _


class HolidayError(ValueError):
    """A line that is not "date name"; the message says which and why, in the editor's
    language."""


def parse_holidays(typed: str) -> list[dict[str, str]]:
    """Lines "2026-12-25 Christmas Day" -> the pack's holidays, by date."""
    found: dict[str, str] = {}
    for number, line in enumerate((typed or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day, _sep, name = line.partition(" ")
        try:
            date = dt.date.fromisoformat(day).isoformat()
        except ValueError:
            raise HolidayError(
                _("Line %(number)d: start with a date like 2026-12-25.", number=number)
            ) from None
        if not name.strip():
            raise HolidayError(
                _("Line %(number)d: write the holiday's name after the date.", number=number)
            )
        if date in found:
            raise HolidayError(_("%(date)s is listed twice.", date=date))
        found[date] = name.strip()
    return [{"date": date, "name": found[date]} for date in sorted(found)]


def holidays_text(holidays: list[dict[str, Any]]) -> str:
    return "\n".join(f"{item['date']} {item['name']}" for item in holidays)


def new_key(label: str, taken: set[str]) -> str:
    """A key for a new number from its label ("Poison control" -> "poison-control"), unique
    among `taken`; "number" when the label has no Latin letters."""
    base = slug_from(label)[:48].strip("-") or "number"
    key, suffix = base, 2
    while key in taken:
        key, suffix = f"{base}-{suffix}", suffix + 1
    return key


def _fill(form: CityForm, data: dict[str, Any]) -> None:
    form.notice.data = data.get("notice", "")
    form.holidays.data = holidays_text(data.get("holidays", []))
    while len(form.numbers):
        form.numbers.pop_entry()
    for item in data.get("emergency_numbers", []):
        row = form.numbers.append_entry().form
        row.key.data, row.number.data, row.label.data = item["id"], item["number"], item["label"]


def _numbers(form: CityForm) -> list[dict[str, str]]:
    rows = [entry.form for entry in form.numbers if not entry.form.remove.data]
    rows = [row for row in rows if text(row.number.data) or text(row.label.data)]
    taken = {row.key.data for row in rows if row.key.data}
    numbers = []
    for row in rows:
        key = row.key.data or new_key(text(row.label.data), taken)
        taken.add(key)
        numbers.append({"id": key, "number": text(row.number.data), "label": text(row.label.data)})
    return numbers


@login_required
def edit_city(slug: str) -> str | Response:
    obj, data, newest = begin("city", slug)
    form = CityForm()
    if request.method == "GET":
        form.based_on.data = str(newest)
        _fill(form, data)
    elif request.form.get("action") == "add_number":
        form.numbers.append_entry()
    elif form.validate_on_submit():
        data["notice"] = text(form.notice.data) or None
        data["holidays"] = parse_holidays(form.holidays.data or "")
        data["emergency_numbers"] = _numbers(form)
        done = _finish("city", obj, form, {k: v for k, v in data.items() if v is not None})
        if done is not None:
            return done
    return render_template("editor/edit_city.html", obj=obj, form=form, **_context("city", obj))
