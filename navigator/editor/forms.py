"""Back-office forms; labels and messages in the editor's language."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from navigator.i18n import L_

from .audit import ACTIONS


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
