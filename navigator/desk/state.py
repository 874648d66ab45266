"""A desk session's state: the visitor's answers, the two languages and the interpreter note.

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


@dataclass(frozen=True)
class DeskSession:
    staff: str
    visitor: str
    answers: engine.Answers = field(default_factory=engine.Answers)
    #: "interpreter needed (language)", as staff typed it; empty when none is needed
    interpreter: str = ""
    #: the session's plan was shown and counted in the anonymous statistics (once a session)
    counted: bool = False

    def with_answers(self, answers: engine.Answers) -> DeskSession:
        return replace(self, answers=answers)

    def with_counted(self) -> DeskSession:
        return replace(self, counted=True)

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
    return session.with_counted() if desk.get("counted") is True else session
