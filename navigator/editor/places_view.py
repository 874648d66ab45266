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
OWN_AND_INHERITED = L_(
    "Either use the location's opening hours or type this place's own: please empty the days "
    "and dates, or untick this box."
)
NO_LOCATION_HOURS = L_(
    "This location has no opening hours of its own yet: add them on the location's page, or "
    "type this place's hours."
)
FLAGS = ("appointment_only", "walk_in", "open_on_holidays", "location_hours")


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
        for flag in FLAGS:
            getattr(row, flag).data = bool(place.get(flag))
        places.fill_hours(row, place)


def place_data(row: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"location": row.location.data}
    for flag in FLAGS:
        if getattr(row, flag).data:
            data[flag] = True
    if not row.location_hours.data:
        data.update(places.hours_data(row))
    return data


def _check_inherited(rows: list[Any], with_hours: set[str]) -> bool:
    """A place that takes the location's hours has none of its own, and its location has
    some; the message says which."""
    fine = True
    for row in rows:
        if not row.location_hours.data:
            continue
        if places.hours_data(row):
            row.location_hours.errors = [*row.location_hours.errors, str(OWN_AND_INHERITED)]
            fine = False
        elif row.location.data not in with_hours:
            row.location_hours.errors = [*row.location_hours.errors, str(NO_LOCATION_HOURS)]
            fine = False
    return fine


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
        with_hours = set(
            db.session.scalars(
                select(Location.slug).where(Location.slots.any() | Location.exceptions.any())
            )
        )
        if all(row.location.data in known for row in rows) and _check_inherited(rows, with_hours):
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
            # A FieldList gathers its rows' errors while validating: these came after.
            form.places.errors = [entry.form.errors for entry in form.places]
    return render_template(
        "editor/edit_places.html",
        obj=obj,
        form=form,
        weekdays=WEEKDAYS,
        hours_hint=HOURS_HINT,
        **_context("services", obj),
    )
