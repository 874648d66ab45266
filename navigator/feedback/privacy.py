"""Masking obvious personal data in what newcomers type, before anything is stored.

Pure functions (no Flask, no database). The page asks people not to enter personal details;
this catches what they enter anyway: e-mail addresses (a careful pattern) and phone numbers
(Google's libphonenumber through `phonenumbers`, which knows every country's numbering
plan). Only numbers that are valid phone numbers are masked, so the opening hours, house
numbers and dates a report is about stay readable.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from babel.core import get_global

EMAIL_REMOVED = "[e-mail address removed]"
PHONE_REMOVED = "[phone number removed]"
DEFAULT_REGION = "DE"

# local@domain.tld, with the characters RFC 5322 allows in the local part and any script's
# letters (internationalised addresses); the domain needs a dot.
_EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+",
    re.UNICODE,
)
# International numbers libphonenumber finds no valid plan for (too short for the country,
# an unassigned range): "+" or "00", then at least seven more digits with separators.
_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)[\s.-]?\d(?:[\s./-]?\(?\d\)?){6,}")
# Control characters (NUL breaks PostgreSQL text) except tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def region_of_timezone(timezone: str | None) -> str:
    """The country whose phone numbers are written without a country code: the city's,
    from its time zone (CLDR's zone territories); Germany when it is unknown."""
    territory = get_global("zone_territories").get(timezone or "")
    if territory and territory in phonenumbers.SUPPORTED_REGIONS:
        return str(territory)
    return DEFAULT_REGION


def clean(text: str) -> str:
    """Line breaks unified, control characters and surrounding space removed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


def mask(text: str, region: str = DEFAULT_REGION) -> str:
    """`text` with e-mail addresses and phone numbers replaced by markers."""
    text = _EMAIL.sub(EMAIL_REMOVED, text)
    pieces, last = [], 0
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        pieces += [text[last : match.start], PHONE_REMOVED]
        last = match.end
    text = "".join(pieces) + text[last:]
    return _INTERNATIONAL.sub(PHONE_REMOVED, text)


def has_personal_data(text: str, region: str = DEFAULT_REGION) -> bool:
    return mask(text, region) != text
