"""The back office's event page: `/editor/events/<slug>/edit`.

The same steps as every editing page (editor/editing.py): find or 404, check the one
permission (`edit`; an organisation's editors edit their organisation's events), validate
the form, save a revision through the one revision mechanism, then draft, submit or publish.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.content import canonical
from navigator.db import db
from navigator.directory.models import Location, Topic
from navigator.editor.editing import (
    _context,
    _finish,
    _organisation_choices,
    _readability,
    begin,
    choices,
)
from navigator.editor.forms import text
from navigator.editor.rules import sentences
from navigator.events.forms import EventForm, initial_dates


@login_required
def edit_event(slug: str) -> str | Response:
    obj, data, newest = begin("events", slug)
    organisations = _organisation_choices(obj)
    initial = None
    if request.method == "GET":
        initial = {
            **canonical.DEFAULTS["events"],  # the pack leaves defaults out; the form shows them
            **data,
            "languages": ", ".join(data.get("languages", [])),
            "location": data.get("location") or "",
            **initial_dates(data),
        }
    form = EventForm(
        data=initial,
        organisations=organisations,
        locations=choices(db.session.scalars(select(Location).order_by(Location.slug)), "name"),
        topics=choices(db.session.scalars(select(Topic).order_by(Topic.position)), "title"),
    )
    if request.method == "GET":
        form.based_on.data = str(newest)
    if form.validate_on_submit():
        if form.organisation.data not in {slug for slug, _name in organisations}:
            abort(403)  # a crafted form: an organisation editor moving an event elsewhere
        location = form.location.data or None
        if location and not db.session.scalar(select(Location.id).where(Location.slug == location)):
            abort(400)
        data.update(
            form.listing_data(),
            registration_required=bool(form.registration_required.data),
            registration=text(form.registration.data),
            registration_url=text(form.registration_url.data) or None,
            location=location,
            **form.dates,
        )
        if data["open_to_all"]:
            data["rule"] = None  # open to everyone: the rule builder's rule no longer applies
        done = _finish("events", obj, form, data)
        if done is not None:
            return done
    return render_template(
        "events/edit_event.html",
        obj=obj,
        form=form,
        readability=_readability(form, "summary", "description", "eligibility_summary"),
        rule_lines=sentences(data["rule"]) if data.get("rule") is not None else [],
        **_context("events", obj),
    )
