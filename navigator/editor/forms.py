"""Back-office editing forms (and the validators they share); labels and messages in the
editor's language. Sign-in and account forms are in account_forms.py, the rule builder's in
rule_forms.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, Regexp

from navigator.i18n import L_

#: shared validator objects (they hold no state, so fields may share them)
EMAIL_FORMAT = Email(
    L_("Please enter an e-mail address like name@example.org."), check_deliverability=False
)


#: a SelectMultipleField shown as a list of checkboxes (works without JavaScript)
CHECKBOXES = {
    "widget": widgets.ListWidget(prefix_label=False),
    "option_widget": widgets.CheckboxInput(),
}


#: an optional web address (validators hold no state: fields may share them)
WEB_ADDRESS = [
    Optional(),
    URL(message=L_("Please enter a web address like https://example.org.")),
    Length(max=500),
]


class RevisionFields:
    """Fields every editing form has: what kind of change it is and what to do with it."""

    minor = BooleanField(
        L_("Minor change (a typo or a link): translations stay up to date"),
        default=False,
    )
    note = StringField(
        L_("What changed and why (for the history)"), validators=[Optional(), Length(max=500)]
    )
    #: the revision the editor started from: a newer one saved meanwhile is a conflict
    based_on = HiddenField()


class OrganisationForm(RevisionFields, FlaskForm):
    name = StringField(
        L_("Name"), validators=[DataRequired(L_("Please enter a name.")), Length(max=300)]
    )
    kind = SelectField(L_("Kind of organisation"), choices=[])
    description = TextAreaField(
        L_("Description (Markdown)"), validators=[Optional(), Length(max=20_000)]
    )
    website = URLField(
        L_("Website"),
        validators=WEB_ADDRESS,
    )
    email = EmailField(
        L_("E-mail address"),
        validators=[
            Optional(),
            EMAIL_FORMAT,
            Length(max=200),
        ],
    )
    phone = StringField(L_("Phone"), validators=[Optional(), Length(max=64)])

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from navigator.directory.models.organisation import ORGANISATION_KINDS

        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k, v) for k, v in ORGANISATION_KINDS.items()]


class ListingFields:
    """Fields a service and an event share: its texts in the source language, cost, status,
    organisation, topics, who it is for in general, and the languages spoken there."""

    title = StringField(
        L_("Title"), validators=[DataRequired(L_("Please enter a title.")), Length(max=300)]
    )
    summary = TextAreaField(
        L_("Summary (one or two sentences)"),
        validators=[DataRequired(L_("Please enter a summary.")), Length(max=2_000)],
    )
    description = TextAreaField(
        L_("Description (Markdown)"), validators=[Optional(), Length(max=20_000)]
    )
    eligibility_summary = TextAreaField(
        L_("Who it is for, in plain words"), validators=[Optional(), Length(max=5_000)]
    )
    cost = StringField(L_("Cost"), validators=[Optional(), Length(max=300)])
    free = BooleanField(L_("Free of charge"))
    status = SelectField(L_("Status"), choices=[])
    organisation = SelectField(L_("Organisation"), choices=[])
    topics = SelectMultipleField(
        L_("Topics"),
        choices=[],
        validators=[DataRequired(L_("Choose at least one topic."))],
        **CHECKBOXES,
    )
    open_to_all = BooleanField(L_("Open to everyone (no eligibility rule needed)"))
    languages = StringField(
        L_("Languages spoken (language codes, separated by commas, e.g. de, en, ar)"),
        validators=[Optional(), Length(max=200)],
    )

    def listing_choices(
        self,
        statuses: dict[str, Any],
        organisations: Iterable[tuple[str, str]],
        topics: Iterable[tuple[str, str]],
    ) -> None:
        self.status.choices = [SelectChoice(k, v) for k, v in statuses.items()]  # type: ignore[attr-defined]
        self.organisation.choices = [SelectChoice(s, name) for s, name in organisations]  # type: ignore[attr-defined]
        self.topics.choices = [SelectChoice(s, name) for s, name in topics]  # type: ignore[attr-defined]

    def listing_data(self) -> dict[str, Any]:
        """The shared fields as the pack states them."""
        return {
            "title": text(self.title.data),  # type: ignore[attr-defined]
            "summary": text(self.summary.data),  # type: ignore[attr-defined]
            "description": text(self.description.data),  # type: ignore[attr-defined]
            "eligibility_summary": text(self.eligibility_summary.data),  # type: ignore[attr-defined]
            "cost": text(self.cost.data),  # type: ignore[attr-defined]
            "free": bool(self.free.data),  # type: ignore[attr-defined]
            "status": self.status.data,  # type: ignore[attr-defined]
            "organisation": self.organisation.data,  # type: ignore[attr-defined]
            "topics": list(self.topics.data),  # type: ignore[attr-defined]
            "open_to_all": bool(self.open_to_all.data),  # type: ignore[attr-defined]
            "languages": language_codes(self.languages.data or ""),  # type: ignore[attr-defined]
        }

    def validate_languages(self, field) -> None:  # type: ignore[no-untyped-def]
        from babel import Locale, UnknownLocaleError

        for code in language_codes(field.data or ""):
            try:
                Locale.parse(code)
            except (UnknownLocaleError, ValueError):
                raise ValidationError(
                    L_("“%(code)s” is not a language code. Use codes like de, en, ar.", code=code)
                ) from None


def text(value: str | None) -> str:
    """A text as typed, with the browser's CR LF line ends as LF and no outer spaces."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class ServiceForm(ListingFields, RevisionFields, FlaskForm):
    phase = SelectField(L_("When in a newcomer's first year"), choices=[])
    audience = SelectField(L_("Audience"), choices=[])
    valid_from = DateField(L_("Offered from"), validators=[Optional()])
    valid_to = DateField(L_("Offered until"), validators=[Optional()])
    opt_in = BooleanField(L_("Only for people who choose its topic (a sensitive service)"))
    documents = SelectMultipleField(
        L_("Documents to bring"),
        choices=[],
        **CHECKBOXES,
    )
    service_area = SelectMultipleField(
        L_("Only for people living in these districts (none: everyone)"),
        choices=[],
        **CHECKBOXES,
    )
    requires = SelectMultipleField(
        L_("Services needed first"),
        choices=[],
        **CHECKBOXES,
    )
    channels = TextAreaField(
        L_(
            "How to get in touch, one per line: the kind (Phone, Email, Website, App, Video call, "
            "In person), a colon, then the number or address"
        ),
        validators=[Optional(), Length(max=5_000)],
    )

    def __init__(  # type: ignore[no-untyped-def]
        self, *args, organisations=(), topics=(), documents=(), areas=(), services=(), **kwargs
    ) -> None:
        from navigator.directory.models.service import AUDIENCES, PHASES, STATUSES

        super().__init__(*args, **kwargs)
        self.listing_choices(STATUSES, organisations, topics)
        self.documents.choices = [SelectChoice(slug, name) for slug, name in documents]
        self.service_area.choices = [SelectChoice(slug, name) for slug, name in areas]
        self.requires.choices = [SelectChoice(slug, name) for slug, name in services]
        self.phase.choices = [SelectChoice(k, v) for k, v in PHASES.items()]
        self.audience.choices = [SelectChoice(k, v) for k, v in AUDIENCES.items()]

    def validate_channels(self, field) -> None:  # type: ignore[no-untyped-def]
        try:
            channels_from_text(field.data or "")
        except ValueError as error:
            raise ValidationError(
                L_(
                    "“%(line)s” is not a way to get in touch: write a type, a colon and the "
                    "number or address, e.g. phone: +49 30 1234.",
                    line=str(error),
                )
            ) from None

    def validate_valid_to(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(L_("“Offered until” must not be before “Offered from”."))


def language_codes(text: str) -> list[str]:
    return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]


HOURS_HINT = L_("Like 09:00-12:00, 14:00-17:00; empty: closed")


def _hours(form, field) -> None:  # type: ignore[no-untyped-def]
    from navigator.editor.places import HoursError, parse_day

    try:
        parse_day(field.data or "")
    except HoursError:
        raise ValidationError(
            L_("Please write opening hours like 09:00-12:00, 14:00-17:00 (or leave the day empty).")
        ) from None


def _exceptions(form, field) -> None:  # type: ignore[no-untyped-def]
    from navigator.editor.places import HoursError, parse_exceptions

    try:
        parse_exceptions(field.data or "")
    except HoursError:
        raise ValidationError(
            L_("Please write one date per line, like 2026-12-24 closed or 2026-12-31 09:00-12:00.")
        ) from None


class HoursFields:
    """Weekly hours typed per day and dated exceptions: of a place, or of a location."""

    mon = StringField(L_("Monday"), validators=[Optional(), Length(max=100), _hours])
    tue = StringField(L_("Tuesday"), validators=[Optional(), Length(max=100), _hours])
    wed = StringField(L_("Wednesday"), validators=[Optional(), Length(max=100), _hours])
    thu = StringField(L_("Thursday"), validators=[Optional(), Length(max=100), _hours])
    fri = StringField(L_("Friday"), validators=[Optional(), Length(max=100), _hours])
    sat = StringField(L_("Saturday"), validators=[Optional(), Length(max=100), _hours])
    sun = StringField(L_("Sunday"), validators=[Optional(), Length(max=100), _hours])
    exceptions = TextAreaField(
        L_("Other hours on some dates (one per line, e.g. 2026-12-24 closed)"),
        validators=[Optional(), Length(max=5_000), _exceptions],
    )


class PlaceForm(HoursFields, Form):
    location = SelectField(L_("Location"), choices=[], validate_choice=False)
    appointment_only = BooleanField(L_("By appointment only"))
    walk_in = BooleanField(L_("Walk in without an appointment"))
    open_on_holidays = BooleanField(L_("Open on public holidays"))
    location_hours = BooleanField(
        L_("Open when the location is open (its own opening hours, kept on the location)")
    )
    remove = BooleanField(L_("Remove this place"))


class PlacesForm(RevisionFields, FlaskForm):
    places = FieldList(FormField(PlaceForm), min_entries=0)


class CoordinateField(DecimalField):
    """A decimal with our own translated message (WTForms' has no Lithuanian)."""

    def process_formdata(self, valuelist):  # type: ignore[no-untyped-def]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(L_("Please enter a number like 52.5200.")) from None


class LocationForm(RevisionFields, HoursFields, FlaskForm):
    name = StringField(
        L_("Name"), validators=[DataRequired(L_("Please enter a name.")), Length(max=300)]
    )
    street = StringField(
        L_("Street and number"),
        validators=[DataRequired(L_("Please enter the street and number.")), Length(max=300)],
    )
    postcode = StringField(
        L_("Postcode"), validators=[DataRequired(L_("Please enter the postcode.")), Length(max=20)]
    )
    city = StringField(
        L_("Town or city"),
        validators=[DataRequired(L_("Please enter the town or city.")), Length(max=200)],
    )
    area = SelectField(L_("District"), choices=[], validate_choice=False)
    latitude = CoordinateField(
        L_("Latitude (optional, e.g. 52.5200)"),
        places=None,
        validators=[Optional(), NumberRange(-90, 90, L_("A latitude is between -90 and 90."))],
    )
    longitude = CoordinateField(
        L_("Longitude (optional, e.g. 13.4050)"),
        places=None,
        validators=[Optional(), NumberRange(-180, 180, L_("A longitude is between -180 and 180."))],
    )
    accessibility = TextAreaField(
        L_("Access: steps, lift, toilets (Markdown)"), validators=[Optional(), Length(max=5_000)]
    )
    directions = TextAreaField(
        L_("How to get there (Markdown)"), validators=[Optional(), Length(max=5_000)]
    )

    def __init__(self, *args, areas=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.area.choices = [SelectChoice("", L_("No district"))] + [
            SelectChoice(slug, name) for slug, name in areas
        ]

    def validate_area(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and field.data not in {choice.value for choice in self.area.choices}:
            raise ValidationError(L_("Please choose a district from the list."))


class TopicForm(RevisionFields, FlaskForm):
    title = StringField(
        L_("Title"), validators=[DataRequired(L_("Please enter a title.")), Length(max=200)]
    )
    description = TextAreaField(
        L_("Description (Markdown)"), validators=[Optional(), Length(max=5_000)]
    )
    keywords = StringField(
        L_("Words newcomers type for it, separated by commas (for search)"),
        validators=[Optional(), Length(max=1_000)],
    )
    icon = SelectField(L_("Icon"), choices=[], validate_choice=False)
    parent = SelectField(L_("Part of the topic"), choices=[], validate_choice=False)
    urgent = BooleanField(L_("The urgent-help topic (only one topic can be)"))

    def __init__(self, *args, icons=(), parents=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.icon.choices = [SelectChoice("", L_("No icon"))] + [
            SelectChoice(name, name) for name in icons
        ]
        self.parent.choices = [SelectChoice("", L_("None: a main topic"))] + [
            SelectChoice(slug, title) for slug, title in parents
        ]

    def validate_icon(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and field.data not in {c.value for c in self.icon.choices}:
            raise ValidationError(L_("Please choose an icon from the list."))

    def validate_parent(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and field.data not in {c.value for c in self.parent.choices}:
            raise ValidationError(L_("Please choose a main topic from the list."))


class DocumentForm(RevisionFields, FlaskForm):
    name = StringField(
        L_("Name"), validators=[DataRequired(L_("Please enter a name.")), Length(max=300)]
    )
    needed_when = TextAreaField(
        L_("Needed only when (JSON Logic; empty: always needed)"),
        validators=[Optional(), Length(max=5_000)],
    )


def channels_from_text(text: str) -> list[dict[str, str]]:
    """Lines "Phone: +49 30 1234" -> the pack's channels. The kind may be written as the
    editor's language names it or as the pack does ("phone"); ValueError names a bad line."""
    from navigator.directory.models.service import CHANNEL_TYPES

    kinds = {key: key for key in CHANNEL_TYPES}
    kinds.update({str(label).strip().lower(): key for key, label in CHANNEL_TYPES.items()})
    found = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        kind, sep, value = line.partition(":")
        key = kinds.get(kind.strip().lower()) or kinds.get(kind.strip().lower().replace(" ", "_"))
        if not sep or key is None or not value.strip():
            raise ValueError(line)
        found.append({"type": key, "value": value.strip()})
    return found


def channels_text(channels: list[dict[str, str]]) -> str:
    """The channels as the form shows them, each kind in the editor's language."""
    from navigator.directory.models.service import CHANNEL_TYPES

    return "\n".join(
        f"{CHANNEL_TYPES[c['type']] if c['type'] in CHANNEL_TYPES else c['type']}: {c['value']}"
        for c in channels
    )


def _holidays(form, field) -> None:  # type: ignore[no-untyped-def]
    from navigator.editor.city import HolidayError, parse_holidays

    try:
        parse_holidays(field.data or "")
    except HolidayError as error:
        raise ValidationError(str(error)) from None


class NumberForm(Form):
    """One of the city's emergency and help numbers (its key stays as it was)."""

    key = HiddenField()
    number = StringField(
        L_("Number"),
        validators=[
            Optional(),
            Length(max=64),
            Regexp(
                r"^\+?[0-9][0-9 ()/-]*$",
                message=L_("Please write the number in digits, like 112 or +49 30 1234 567."),
            ),
        ],
    )
    label = StringField(L_("What it is for"), validators=[Optional(), Length(max=300)])
    remove = BooleanField(L_("Remove this number"))

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        fine = super().validate(extra_validators)
        if self.remove.data:
            return True
        if self.label.data and not self.number.data:
            self.number.errors = [*self.number.errors, L_("Please enter the number.")]
            fine = False
        if self.number.data and not self.label.data:
            self.label.errors = [*self.label.errors, L_("Please say what the number is for.")]
            fine = False
        return fine


class CityForm(RevisionFields, FlaskForm):
    notice = TextAreaField(
        L_("Notice on the home page (optional)"), validators=[Optional(), Length(max=2_000)]
    )
    holidays = TextAreaField(
        L_("Public holidays: one per line, the date and the name (e.g. 2026-12-25 Christmas Day)"),
        validators=[Optional(), Length(max=20_000), _holidays],
    )
    numbers = FieldList(FormField(NumberForm), min_entries=0)
