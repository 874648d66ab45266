"""Forms for signing in, passwords, two-factor codes, accounts and the audit filter."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from navigator.i18n import L_

from .audit import ACTIONS
from .auth import MIN_PASSWORD_LENGTH
from .forms import CHECKBOXES, EMAIL_FORMAT


class LoginForm(FlaskForm):
    email = EmailField(
        L_("E-mail address"),
        validators=[
            DataRequired(L_("Please enter your e-mail address.")),
            EMAIL_FORMAT,
            Length(max=254),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        L_("Password"),
        validators=[DataRequired(L_("Please enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(FlaskForm):
    code = StringField(
        L_("Six-digit code from your authenticator app"),
        validators=[
            DataRequired(L_("Please enter the code your authenticator app shows.")),
            Length(max=20),
        ],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
            "dir": "ltr",
        },
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(
        L_("E-mail address"),
        validators=[
            DataRequired(L_("Please enter your e-mail address.")),
            EMAIL_FORMAT,
            Length(max=254),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        L_("New password"),
        validators=[
            DataRequired(L_("Please enter a new password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=1000,
                message=L_(
                    "The password needs at least %(min)d characters.", min=MIN_PASSWORD_LENGTH
                ),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        L_("The new password again"),
        validators=[
            DataRequired(L_("Please enter the new password a second time.")),
            EqualTo("password", L_("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class AuditFilterForm(FlaskForm):
    """The audit page's filters (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(L_("Action"), choices=[], validators=[Optional()])
    email = StringField(L_("Account"), validators=[Optional(), Length(max=254)])
    since = DateField(L_("From"), validators=[Optional()])
    until = DateField(L_("Until"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from .views import action_title

        super().__init__(*args, **kwargs)
        self.action.choices = [SelectChoice("", L_("All actions"))] + [
            SelectChoice(action, action_title(action)) for action in ACTIONS
        ]


class AccountForm(FlaskForm):
    """An administrator's form for someone's role, organisation, languages and status."""

    email = EmailField(
        L_("E-mail address"),
        validators=[
            DataRequired(L_("Please enter an e-mail address.")),
            EMAIL_FORMAT,
            Length(max=254),
        ],
    )
    role = SelectField(L_("Role"), choices=[])
    organisation = SelectField(L_("Organisation"), choices=[], validate_choice=False)
    #: where a front-desk account works (issue 11)
    location = SelectField(L_("Welcome centre (front desk)"), choices=[], validate_choice=False)
    locales = SelectMultipleField(
        L_("Languages they translate into"),
        choices=[],
        **CHECKBOXES,
    )
    active = BooleanField(L_("Active (can sign in)"), default=True)

    def __init__(self, *args, organisations=(), locales=(), locations=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        from navigator.editor.models import ROLES

        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice(key, label) for key, label in ROLES.items()]
        self.organisation.choices = [SelectChoice("", L_("None"))] + [
            SelectChoice(slug, name) for slug, name in organisations
        ]
        self.locales.choices = [SelectChoice(code, name) for code, name in locales]
        self.location.choices = [SelectChoice("", L_("None"))] + [
            SelectChoice(slug, name) for slug, name in locations
        ]

    def validate_organisation(self, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and field.data not in {c.value for c in self.organisation.choices}:
            raise ValidationError(L_("Please choose an organisation from the list."))
        if self.role.data == "organisation_editor" and not field.data:
            raise ValidationError(L_("An organisation editor needs an organisation."))

    def validate_location(self, field) -> None:  # type: ignore[no-untyped-def]
        # The list is checked against the database again when saving (the location may have
        # gone in between): accounts.py.
        if field.data and field.data not in {c.value for c in self.location.choices}:
            raise ValidationError(L_("Please choose a welcome centre from the list."))
        if self.role.data == "desk" and not field.data:
            raise ValidationError(L_("A front-desk account needs a welcome centre."))

    def validate_locales(self, field) -> None:  # type: ignore[no-untyped-def]
        if self.role.data == "translator" and not field.data:
            raise ValidationError(L_("A translator needs at least one language."))
