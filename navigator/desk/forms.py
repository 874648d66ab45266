"""The desk's start form: the staff's language and the visitor's."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from navigator.i18n import L_, active_locales, direction, native_name

NOT_A_LANGUAGE = L_("Please choose a language from the list.")


class LanguageField(SelectField):
    def pre_validate(self, form: Any) -> None:
        # WTForms' own message repeats the raw value and is not in our catalogs.
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(NOT_A_LANGUAGE)


class StartForm(FlaskForm):
    """A GET form (it opens an empty session and changes nothing): no CSRF token."""

    class Meta:
        csrf = False

    staff = LanguageField(L_("Your language"))
    visitor = LanguageField(L_("The visitor's language"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name and script, so a visitor can point at theirs.
        choices = [
            SelectChoice(code, native_name(code), render_kw={"lang": code, "dir": direction(code)})
            for code in active_locales()
        ]
        self.staff.choices = choices
        self.visitor.choices = list(choices)
