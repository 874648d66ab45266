"""The desk's consent form and the partner's status form. Messages are translated and
nothing typed is lost when one is shown."""

from __future__ import annotations

from typing import Any

import phonenumbers
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from navigator.feedback.privacy import _EMAIL
from navigator.i18n import L_
from navigator.referrals.models import (
    CHANNELS,
    FIELDS,
    MAX_CONTACT,
    MAX_NAME,
    MAX_NOTE,
    MAX_REASON,
    PARTNER_STATUSES,
    RETENTION_DAYS,
    STATUSES,
)


class ConsentForm(FlaskForm):
    """What the visitor agreed to share (ticked by the staff, read by both), the values of
    those fields, how long, and the consent itself. Labels are shown in both languages by
    the template; these are the staff's."""

    share_name = BooleanField(FIELDS["name"])
    name = StringField(L_("Name or pseudonym"), validators=[Optional(), Length(max=MAX_NAME)])
    share_contact = BooleanField(FIELDS["contact"])
    contact_channel = RadioField(
        L_("Contact by"),
        choices=[SelectChoice(key, title) for key, title in CHANNELS.items()],
        validate_choice=False,
    )
    contact = StringField(
        L_("E-mail address or phone number"), validators=[Optional(), Length(max=MAX_CONTACT)]
    )
    share_language = BooleanField(FIELDS["language"])
    share_need = BooleanField(FIELDS["need"])
    share_note = BooleanField(FIELDS["note"])
    note = TextAreaField(L_("Note"), validators=[Optional(), Length(max=MAX_NOTE)])
    retention = RadioField(
        L_("Kept for"),
        choices=[SelectChoice(str(days), str(days)) for days in RETENTION_DAYS],
        validate_choice=False,
    )
    consent = BooleanField(L_("The visitor has read this and agrees"))

    def __init__(self, *args: Any, region: str = "DE", need_known: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.region = region
        self.need_known = need_known

    @property
    def shared(self) -> frozenset[str]:
        chosen = {name for name in FIELDS if getattr(self, f"share_{name}").data}
        if not self.need_known:
            chosen.discard("need")
        return frozenset(chosen)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        shared = self.shared
        if "name" in shared and not (self.name.data or "").strip():
            self.name.errors = [*self.name.errors, str(L_("Please enter a name or pseudonym."))]
            valid = False
        if "contact" in shared:
            valid = self._validate_contact() and valid
        if "note" in shared and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, str(L_("Please write the note."))]
            valid = False
        if self.retention.data not in {str(days) for days in RETENTION_DAYS}:
            self.retention.errors = [str(L_("Please choose how long the details are kept."))]
            valid = False
        if not self.consent.data:
            self.consent.errors = [
                str(L_("Nothing is sent without the visitor's consent. Please confirm it."))
            ]
            valid = False
        return valid

    def _validate_contact(self) -> bool:
        value = (self.contact.data or "").strip()
        if self.contact_channel.data not in CHANNELS:
            self.contact_channel.errors = [str(L_("Please choose e-mail or phone."))]
            return False
        if self.contact_channel.data == "email" and not _EMAIL.fullmatch(value):
            self.contact.errors = [
                *self.contact.errors,
                str(L_("Please enter an e-mail address, such as name@example.org.")),
            ]
            return False
        if self.contact_channel.data == "phone" and not _valid_phone(value, self.region):
            self.contact.errors = [
                *self.contact.errors,
                str(L_("Please enter a phone number, such as +49 30 1234567.")),
            ]
            return False
        return True


def _valid_phone(value: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


class StatusForm(FlaskForm):
    """The partner organisation's status for a referral; declined needs a reason."""

    status = RadioField(
        L_("New status"),
        choices=[SelectChoice(key, STATUSES[key]) for key in PARTNER_STATUSES],
        validate_choice=False,
    )
    reason = TextAreaField(
        L_("Reason (needed when declining)"),
        validators=[Optional(), Length(max=MAX_REASON)],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.status.data not in PARTNER_STATUSES:
            self.status.errors = [str(L_("Please choose one of the statuses shown."))]
            return False
        if self.status.data == "declined" and not (self.reason.data or "").strip():
            self.reason.errors = [
                *self.reason.errors,
                str(L_("Please say why the referral is declined.")),
            ]
            valid = False
        return valid


class WithdrawForm(FlaskForm):
    """The visitor's "withdraw my consent" button: a CSRF token and nothing else."""
