"""Back-office forms; labels and messages in the editor's language."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from navigator.i18n import L_

from .audit import ACTIONS
from .auth import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(
        L_("E-mail address"),
        validators=[
            DataRequired(L_("Please enter your e-mail address.")),
            Email(
                L_("Please enter an e-mail address like name@example.org."),
                check_deliverability=False,
            ),
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
            Email(
                L_("Please enter an e-mail address like name@example.org."),
                check_deliverability=False,
            ),
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
