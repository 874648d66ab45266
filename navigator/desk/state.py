"""A desk session's state: the visitor's answers, the two languages, the interpreter note
and the referrals made during the session (each one's id and private link, so the hand-over
can print the consent and the link).

It lives only in an encrypted token (the questionnaire's cipher, `token.seal`) that every
desk form posts back. It is never put in a URL, the database or the Flask session, so
closing the session (or the browser tab) forgets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from navigator.i18n import active_locales
from navigator.pathway import engine
from navigator.questionnaire import token as tokens

#: an interpreter note is a language name or two, never a story
INTERPRETER_MAX = 80
#: referrals one session may carry to its hand-over
REFERRALS_MAX = 20
#: a private link's token (referrals.crypto.new_token) is far shorter
LINK_MAX = 100


@dataclass(frozen=True)
class SessionReferral:
    """A referral sent with consent during the session: its id and the private link's
    token (shown on the receipt and the hand-over; the database keeps only its hash)."""

    id: int
    link: str


@dataclass(frozen=True)
class DeskSession:
    staff: str
    visitor: str
    answers: engine.Answers = field(default_factory=engine.Answers)
    #: "interpreter needed (language)", as staff typed it; empty when none is needed
    interpreter: str = ""
    #: the session's plan was shown and counted in the anonymous statistics (once a session)
    counted: bool = False
    referrals: tuple[SessionReferral, ...] = ()

    def with_answers(self, answers: engine.Answers) -> DeskSession:
        return replace(self, answers=answers)

    def with_counted(self) -> DeskSession:
        return replace(self, counted=True)

    def with_referral(self, referral_id: int, link: str) -> DeskSession:
        made = (*self.referrals, SessionReferral(referral_id, link))
        return replace(self, referrals=made[-REFERRALS_MAX:])

    def with_interpreter(self, note: str | None) -> DeskSession:
        return replace(self, interpreter=" ".join((note or "").split())[:INTERPRETER_MAX])


def open_session(staff: str | None, visitor: str | None) -> DeskSession | None:
    """A new session, or None when a language is not one the site speaks."""
    locales = active_locales()
    if staff not in locales or visitor not in locales:
        return None
    return DeskSession(staff=str(staff), visitor=str(visitor))


def seal(session: DeskSession) -> str:
    desk = {
        "staff": session.staff,
        "visitor": session.visitor,
        "interpreter": session.interpreter,
        "counted": session.counted,
        "referrals": [[made.id, made.link] for made in session.referrals],
    }
    return tokens.seal({**tokens.payload(session.answers), "desk": desk})


def unseal(token: str | None) -> DeskSession:
    """The session in a posted token; TokenError when it is missing, changed, too old, not a
    desk session's, or names a language the site no longer speaks."""
    if not token:
        raise tokens.TokenError("no session")
    data: Any = tokens.unseal(token)
    desk = data.get("desk") if isinstance(data, dict) else None
    if not isinstance(desk, dict):
        raise tokens.TokenError("not a desk session")
    session = open_session(desk.get("staff"), desk.get("visitor"))
    interpreter = desk.get("interpreter", "")
    if session is None or not isinstance(interpreter, str):
        raise tokens.TokenError("unexpected shape")
    session = session.with_answers(tokens.answers_from(data)).with_interpreter(interpreter)
    session = replace(session, referrals=_referrals(desk.get("referrals", [])))
    return session.with_counted() if desk.get("counted") is True else session


def _referrals(value: Any) -> tuple[SessionReferral, ...]:
    if not isinstance(value, list) or len(value) > REFERRALS_MAX:
        raise tokens.TokenError("unexpected referrals")
    made = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and type(item[0]) is int
            and isinstance(item[1], str)
            and 0 < len(item[1]) <= LINK_MAX
        ):
            raise tokens.TokenError("unexpected referral")
        made.append(SessionReferral(item[0], item[1]))
    return tuple(made)
