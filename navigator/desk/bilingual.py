"""The desk's pages in two languages: each part is built (and its template part rendered)
once in the visitor's language and once in the staff's, then shown side by side.

A part rendered inside `speaking(locale)` is finished HTML: nothing lazy is left to be
translated later in the other language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import get_template_attribute
from flask_login import current_user
from markupsafe import Markup

from navigator.core.templating import localized
from navigator.desk.languages import speaking
from navigator.desk.state import DeskSession
from navigator.directory.presenters import city_timezone, now
from navigator.events.occurrences import Occurrence, Recurrence, next_occurrences
from navigator.events.queries import WINDOW_DAYS
from navigator.i18n import _, direction, native_name
from navigator.pathway.catalog import FactSpec
from navigator.questionnaire import flow, plan_view
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.forms import NO, YES
from navigator.statistics.public import count_desk_visit

#: plan steps shown per phase at the desk (the public plan shows as many)
STEPS_PER_PHASE = 12
#: dates shown per event in the plan at the desk and in the hand-over
EVENT_DATES = 3
PARTS = "desk/_parts.html"


@dataclass(frozen=True)
class Side:
    """One language's column: its code, direction and own name."""

    locale: str

    @property
    def dir(self) -> str:
        return direction(self.locale)

    @property
    def name(self) -> str:
        return native_name(self.locale)


def sides(session: DeskSession) -> tuple[Side, Side]:
    """The visitor's language first, the staff's beside it."""
    return Side(session.visitor), Side(session.staff)


def _part(name: str, *args: Any, **kwargs: Any) -> Markup:
    return Markup(get_template_attribute(PARTS, name)(*args, **kwargs))  # noqa: S704 - rendered by Jinja


def paired(session: DeskSession, build: Any) -> tuple[Any, Any]:
    """`build(side)` in the visitor's language and in the staff's."""
    visitor, staff = sides(session)
    with speaking(visitor.locale):
        first = build(visitor)
    with speaking(staff.locale):
        second = build(staff)
    return first, second


def question(session: DeskSession, fact: FactSpec) -> tuple[dict[str, Any], dict[str, Any]]:
    """The question, its help, its options' labels and hints and the buttons, per side."""

    def build(side: Side) -> dict[str, Any]:
        row = ops.fact_row(fact.key)
        if fact.kind == "boolean":
            labels: dict[str, Any] = {YES: _("Yes"), NO: _("No")}
        else:
            labels = dict(ops.choices(fact))
        return {
            "side": side,
            "question": localized(row, "question") if row is not None else fact.key,
            "help": localized(row, "help") if row is not None else "",
            "labels": labels,
            "hints": flow.option_hints(fact),
            "next": _("Next"),
            "dont_know": _("I don't know / prefer not to say"),
            "back": _("Back"),
            "show_plan": _("Show the plan now"),
        }

    return paired(session, build)


def plan_shown(session: DeskSession) -> tuple[DeskSession, dict[str, Any]]:
    """The moment a desk session's plan is shown: the plan in both languages, part by part
    (visitor's language first), and the session as it goes on. The first time, the visit is
    counted in the anonymous statistics (day, centre, languages, needs, a coarse status
    group, step counts: `statistics.public.count_desk_visit`)."""
    if not session.counted and count_desk_visit(
        session.answers,
        location_id=getattr(current_user, "location_id", None),
        staff_locale=session.staff,
        visitor_locale=session.visitor,
    ):
        session = session.with_counted()
    return session, plan_parts(session, printed=False)


def plan_parts(session: DeskSession, *, printed: bool) -> dict[str, Any]:
    """The plan's parts in both languages; `printed` for the hand-over (weekly hours, the
    addresses in full, no links to follow)."""
    link_token = tokens.encode(session.answers)
    dates: dict[str, list[Occurrence]] = {}

    def build(side: Side) -> dict[str, Any]:
        plan = plan_view.context(
            session.answers, STEPS_PER_PHASE, show_all=False, link_token=link_token
        )
        for item in plan["events"]:  # the same events and dates in either language
            if item["event"].slug not in dates:
                dates[item["event"].slug] = _next_dates(item["event"].recurrence)
        return {
            "events": _part("events", side, plan["events"], dates, printed)
            if plan["events"]
            else None,
            "intro": _part("plan_intro", side, plan),
            "urgent": _part("urgent", side, plan["emergency_numbers"]),
            "phases": [
                (
                    _part("phase_title", side, title),
                    [_part("step", side, i, printed) for i in items],
                    [i["step"].service.slug for i in items],
                )
                for _phase, title, items, _more in plan["phases"]
            ],
            "gaps": [_part("gap", side, gap) for gap in plan["gaps"]],
            "answers": plan["answer_rows"],
            "share_url": plan["share_url"],
            "qr_svg": plan["qr_svg"],
        }

    visitor, staff = paired(session, build)
    return {
        "intro": (visitor["intro"], staff["intro"]),
        "urgent": (visitor["urgent"], staff["urgent"]),
        "phases": [
            (v_title, s_title, list(zip(v_steps, s_steps, refer, strict=False)))
            for (v_title, v_steps, refer), (s_title, s_steps, _refer) in zip(
                visitor["phases"], staff["phases"], strict=False
            )
        ],
        "events": (visitor["events"], staff["events"]) if visitor["events"] else None,
        "gaps": list(zip(visitor["gaps"], staff["gaps"], strict=False)),
        # The answers are for the staff (to change one): in their language.
        "answers": staff["answers"],
        "share_url": visitor["share_url"],
        "qr_svg": visitor["qr_svg"],
    }


def _next_dates(recurrence: Recurrence) -> list[Occurrence]:
    """An event's next few dates: a visitor who cannot come to the first knows the next."""
    return next_occurrences(
        recurrence, now(), city_timezone(), count=EVENT_DATES, horizon_days=WINDOW_DAYS
    )


def need_served(session: DeskSession, service_slug: str) -> str:
    """The need a referral to this service is for: the first of the visitor's needs among
    the service's topics ("" when none is)."""
    spec = ops.catalog().by_slug.get(service_slug)
    topics = spec.topics if spec is not None else ()
    return next((n for n in session.answers.needs if n in topics), "")


def qr(url: str, title: str) -> Markup:
    """The QR code of a plan link (the public plan's own: segno's escaped SVG)."""
    from navigator.questionnaire.plan_details import qr_code

    return Markup(qr_code(url, title))  # noqa: S704 - segno's SVG, the title escaped
