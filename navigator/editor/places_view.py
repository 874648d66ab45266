"""The page for a service's places and opening hours (a revision of the service)."""

from __future__ import annotations

import copy
from typing import Any

from flask import render_template, request
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.content.canonical import WEEKDAYS
from navigator.core.templating import chain
from navigator.db import db
from navigator.directory.models import Location
from navigator.editor import places
from navigator.editor.editing import _context, _finish, begin
from navigator.editor.forms import HOURS_HINT, PlacesForm
from navigator.i18n import L_

UNKNOWN_LOCATION = L_("Please choose a location from the list.")


def _location_choices() -> list[tuple[str, str]]:
    return [
        (loc.slug, f"{loc.localized('name', chain()) or loc.slug} — {loc.street}, {loc.city}")
        for loc in db.session.scalars(select(Location).order_by(Location.slug))
    ]


def _fill(form: PlacesForm, locations: list[dict[str, Any]]) -> None:
    while len(form.places):
        form.places.pop_entry()
    for place in locations:
        entry = form.places.append_entry()
        row = entry.form
        row.location.data = place["location"]
        for flag in ("appointment_only", "walk_in", "open_on_holidays"):
            getattr(row, flag).data = bool(place.get(flag))
        days = places.days_from_hours(place.get("hours", []))
        for day in WEEKDAYS:
            getattr(row, day).data = places.day_text(days[day])
        row.exceptions.data = places.exceptions_text(place.get("exceptions", []))


def place_data(row: Any) -> dict[str, Any]:
    days = {day: places.parse_day(getattr(row, day).data or "") for day in WEEKDAYS}
    data: dict[str, Any] = {"location": row.location.data}
    for flag in ("appointment_only", "walk_in", "open_on_holidays"):
        if getattr(row, flag).data:
            data[flag] = True
    hours = places.hours_from_days(days)
    if hours:
        data["hours"] = hours
    exceptions = places.parse_exceptions(row.exceptions.data or "")
    if exceptions:
        data["exceptions"] = exceptions
    return data


@login_required
def edit_places(slug: str) -> str | Response:
    obj, data, newest = begin("services", slug)
    choices = _location_choices()
    form = PlacesForm()
    if request.method == "GET":
        form.based_on.data = str(newest)
        _fill(form, data.get("locations", []))
    elif request.form.get("action") == "add_place":
        form.places.append_entry()
    for entry in form.places:
        entry.form.location.choices = choices
    if request.method == "POST" and form.validate_on_submit():
        known = {slug for slug, _label in choices}
        rows = [entry.form for entry in form.places if not entry.form.remove.data]
        if all(row.location.data in known for row in rows):
            new = copy.deepcopy(data)
            new["locations"] = [place_data(row) for row in rows]
            if request.form.get("action") in ("save", "submit", "publish"):
                done = _finish("services", obj, form, new)
                if done is not None:
                    return done
        else:
            for row in rows:
                if row.location.data not in known:
                    row.location.errors = [*row.location.errors, str(UNKNOWN_LOCATION)]
    return render_template(
        "editor/edit_places.html",
        obj=obj,
        form=form,
        weekdays=WEEKDAYS,
        hours_hint=HOURS_HINT,
        **_context("services", obj),
    )
