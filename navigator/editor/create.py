"""New listings: a service, an organisation, a location, a topic or a document.

A new object starts with what the content pack requires of it (a name, a web address, and a
service's organisation and topic) and then has the same edit page as every other. A new
service is a draft (``status: draft``, not shown to newcomers) until someone who may publish
sets it to "Shown to newcomers"; the other kinds show nowhere until a service uses them.
Its first revision records who created it; `content load` reports a conflict before it
would archive a service created here that its files do not have.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from navigator.content import loader
from navigator.db import db
from navigator.directory.models import Document, Location, Organisation, Service, Topic
from navigator.directory.models.organisation import ORGANISATION_KINDS
from navigator.directory.presenters import city_timezone, now
from navigator.editor import audit, revisions
from navigator.editor.editing import _organisation_choices, choices
from navigator.editor.models import Revision, utcnow
from navigator.editor.permissions import allowed, scoped
from navigator.events.models import Event
from navigator.i18n import L_, _

#: kind -> (model, the field its name is in)
KINDS: dict[str, tuple[type, str]] = {
    "services": (Service, "title"),
    "organisations": (Organisation, "name"),
    "locations": (Location, "name"),
    "topics": (Topic, "title"),
    "documents": (Document, "name"),
    "events": (Event, "title"),
}
#: kinds that belong to an organisation and start as drafts (their editors may create them)
LISTINGS = ("services", "events")
SLUG_FORMAT = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class NewForm(FlaskForm):
    """Every field any kind needs at its start; each kind's page shows its own (`FIELDS`)."""

    name = StringField(
        L_("Name or title"),
        validators=[DataRequired(L_("Please enter a name.")), Length(max=300)],
    )
    slug = StringField(
        L_("Web address (optional: made from the name; small letters, digits and hyphens)"),
        validators=[
            Optional(),
            Length(max=100),
            Regexp(SLUG_FORMAT, message=L_("Use small letters, digits and hyphens only.")),
        ],
    )
    summary = TextAreaField(L_("Summary (one or two sentences)"), validators=[Length(max=2_000)])
    organisation = SelectField(L_("Organisation"), choices=[], validate_choice=False)
    topic = SelectField(L_("Topic"), choices=[], validate_choice=False)
    organisation_kind = SelectField(L_("Kind of organisation"), choices=[], validate_choice=False)
    street = StringField(L_("Street and number"), validators=[Length(max=300)])
    postcode = StringField(L_("Postcode"), validators=[Length(max=20)])
    city = StringField(L_("Town or city"), validators=[Length(max=200)])

    def __init__(self, *args, kind: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.organisation_kind.choices = [SelectChoice(k, v) for k, v in ORGANISATION_KINDS.items()]

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        fine = super().validate(extra_validators)
        model, _field = KINDS[self.kind]
        wanted = self.slug.data or slug_from(self.name.data or "")
        if wanted and db.session.scalar(select(model.id).where(model.slug == wanted)):
            message = L_("“%(slug)s” is taken: please choose another web address.", slug=wanted)
            self.slug.errors = [*self.slug.errors, message]
            fine = False
        for name, message in REQUIRED.get(self.kind, ()):
            field = self[name]
            if not (field.data or "").strip():
                field.errors = [*field.errors, message]
                fine = False
        if self.kind == "organisations" and self.organisation_kind.data not in ORGANISATION_KINDS:
            self.organisation_kind.errors = [L_("Please choose from the list.")]
            fine = False
        return fine


#: the fields each kind's page shows, after name and web address
FIELDS = {
    "services": ("organisation", "topic", "summary"),
    "organisations": ("organisation_kind",),
    "locations": ("street", "postcode", "city"),
    "topics": (),
    "documents": (),
    "events": ("organisation", "topic", "summary"),
}
_LISTING_REQUIRED = (
    ("summary", L_("Please enter a summary.")),
    ("organisation", L_("Please choose an organisation.")),
    ("topic", L_("Choose at least one topic.")),
)
REQUIRED = {
    "services": _LISTING_REQUIRED,
    "events": _LISTING_REQUIRED,
    "locations": (
        ("street", L_("Please enter the street and number.")),
        ("postcode", L_("Please enter the postcode.")),
        ("city", L_("Please enter the town or city.")),
    ),
}
HEADINGS = {
    "services": L_("New service"),
    "organisations": L_("New organisation"),
    "locations": L_("New location"),
    "topics": L_("New topic"),
    "documents": L_("New document"),
    "events": L_("New event"),
}


def city_today() -> dt.date:
    return now().astimezone(city_timezone()).date()


def slug_from(name: str) -> str:
    """ "Café für alle!" -> "cafe-fur-alle"; "" when the name has no Latin letters."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def may_create(kind: str) -> bool:
    """Services: anyone who edits listings (an organisation's editors and authors in their
    organisation); the city's shared objects: those who are not limited to one organisation."""
    if not allowed(current_user, "edit"):
        return False
    return kind in (*LISTINGS, "locations") or not scoped(current_user)


def _data(kind: str, form: NewForm, slug: str) -> dict[str, Any]:
    """The new object in the pack's form, with what its kind requires."""
    name = form.name.data.strip()
    if kind in ("services", "events"):
        data = {
            "slug": slug,
            "title": name,
            "summary": form.summary.data.strip(),
            "status": "draft",
            "organisation": form.organisation.data,
            "topics": [form.topic.data],
            "description": "",
        }
        if kind == "events":
            # A first date to change on the next page: a week from today, 10:00 local time.
            start = dt.datetime.combine(city_today() + dt.timedelta(days=7), dt.time(10))
            data["start"] = start.strftime("%Y-%m-%dT%H:%M")
        return data
    if kind == "organisations":
        return {"slug": slug, "name": name, "kind": form.organisation_kind.data}
    if kind == "locations":
        return {
            "slug": slug,
            "name": name,
            "street": form.street.data.strip(),
            "postcode": form.postcode.data.strip(),
            "city": form.city.data.strip(),
        }
    return {"slug": slug, KINDS[kind][1]: name}


def create(kind: str, data: dict[str, Any], author: Any) -> Any:
    """Write the new object as `content load` would, and its first revision (by `author`)."""
    model, _field = KINDS[kind]
    obj = model(slug=data["slug"])
    if hasattr(model, "position"):  # topics and documents: after the others
        obj.position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    db.session.add(obj)
    with db.session.no_autoflush:
        loader.APPLY[kind](db.session, obj, data, revisions.source_locale())
    db.session.flush()
    db.session.add(
        Revision(
            kind=kind,
            key=obj.slug,
            number=1,
            state="published",
            data=revisions.snapshot(kind, obj),
            author_id=author.id,
            publisher_id=author.id,
            published_at=utcnow(),
            note="created in the back office",
        )
    )
    revisions.changed(kind, obj.slug)
    audit.record("create", author, target=f"{kind}:{obj.slug}")
    return obj


@login_required
def new(kind: str) -> str | Response:
    if kind not in KINDS:
        abort(404)
    if not may_create(kind):
        abort(403)
    form = NewForm(kind=kind)
    organisations = _organisation_choices(None)
    form.organisation.choices = [SelectChoice("", ""), *(SelectChoice(*c) for c in organisations)]
    topics = choices(db.session.scalars(select(Topic).order_by(Topic.position)), "title")
    form.topic.choices = [SelectChoice("", ""), *(SelectChoice(*c) for c in topics)]
    if request.method == "GET" and len(organisations) == 1:
        form.organisation.data = organisations[0][0]
    if form.validate_on_submit():
        if kind in LISTINGS:
            if form.organisation.data not in {slug for slug, _name in organisations}:
                abort(403)  # a crafted form: another organisation's listing
            if form.topic.data not in {slug for slug, _name in topics}:
                abort(400)
        slug = form.slug.data or slug_from(form.name.data)
        if not slug:
            form.slug.errors = [
                *form.slug.errors,
                _("Please choose a web address in Latin letters."),
            ]
        else:
            obj = create(kind, _data(kind, form, slug), current_user)
            if kind in LISTINGS:
                flash(_("Created. Newcomers do not see it yet: fill in the rest, then publish."))
            if not allowed(current_user, "edit", obj):
                # An organisation's new location is theirs once one of their services is
                # offered there (permissions.owner_of).
                flash(_("Created. Choose it on the places page of the service offered there."))
                return redirect(url_for("editor.dashboard"))
            return redirect(url_for(revisions.EDIT_ENDPOINTS[kind], slug=obj.slug))
    return render_template(
        "editor/new.html",
        form=form,
        kind=kind,
        heading=HEADINGS[kind],
        fields=[form[name] for name in FIELDS[kind]],
    )
