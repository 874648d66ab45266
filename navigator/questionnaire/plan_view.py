"""The personal plan page: what each step shows, computed once so the template stays simple.

Read-only like the rest of the questionnaire: the answers come from the signed token.
"""

from __future__ import annotations

import math
from typing import Any

from flask import render_template, request, url_for
from markupsafe import Markup, escape
from sqlalchemy import select

from navigator.core.templating import localized
from navigator.core.urls import external_url
from navigator.db import db
from navigator.directory import queries
from navigator.directory.models import Area
from navigator.directory.models.service import PHASES
from navigator.directory.presenters import city_timezone, now, opening_text
from navigator.eligibility import JsonLogicError, Status, status_of
from navigator.events import plan as event_plan
from navigator.events import queries as event_queries
from navigator.events.occurrences import next_occurrences
from navigator.i18n import L_, _, format_list
from navigator.pathway import engine
from navigator.pathway.catalog import Catalog
from navigator.pathway.plan import Step, build_plan
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.cards import PlaceCard, ServiceCard, cards_for
from navigator.questionnaire.plan_details import emergency_numbers, qr_code, tel_href

#: Steps on one page of the whole plan ("show more"): each step costs about 1 ms to show.
ALL_PAGE_SIZE = 50
#: A plan longer than this opens with a short summary of what to do first.
SUMMARY_AFTER = 12
#: Someone who has lived in the city for a year does not start with "First days".
SETTLED_PHASES = {
    "first-days": L_("Start with these"),
    "first-weeks": L_("After that"),
    "first-months": L_("In the coming months"),
    "later": L_("Later"),
}
DISTRICT = "district"


def render(answers: engine.Answers, per_phase: int, *, show_all: bool) -> str:
    return render_template(
        "questionnaire/plan.html", **context(answers, per_phase, show_all=show_all)
    )


def context(
    answers: engine.Answers, per_phase: int, *, show_all: bool, link_token: str | None = None
) -> dict[str, Any]:
    """What the plan page shows, in the reader's language (the front desk builds it in two).
    `link_token`: the plan link's token; by default the request's own when it is recent."""
    catalog = ops.catalog()
    result = build_plan(catalog, answers, ops.today())
    # A plan is a short list to act on; in a big city a phase may match hundreds of
    # services, so each phase shows its first steps and links to the whole list. The whole
    # list comes ALL_PAGE_SIZE steps a page: 5,000 steps on one page took seconds.
    by_phase = result.phases()
    listing = [step for _phase, phase_steps in by_phase for step in phase_steps]
    pages = max(1, math.ceil(len(listing) / ALL_PAGE_SIZE))
    page = min(_page_argument(), pages) if show_all else 1
    start = (page - 1) * ALL_PAGE_SIZE
    shown: list[Step] = listing[start : start + ALL_PAGE_SIZE] if show_all else []
    hidden: dict[str, int] = {}
    more_pages: dict[str, int] = {}  # the page of the whole list where a phase's rest begins
    offset = 0
    for phase, phase_steps in by_phase:
        more_pages[phase] = (offset + per_phase) // ALL_PAGE_SIZE + 1
        offset += len(phase_steps)
        if not show_all:
            shown += phase_steps[:per_phase]
        hidden[phase] = 0 if show_all else max(len(phase_steps) - per_phase, 0)
    shown_slugs = {s.service.slug for s in shown}
    # Steps that unlock a shown step but sit beyond a phase's limit are named by title.
    givers = {
        slug
        for s in shown
        for slug in s.after
        if slug not in shown_slugs and slug in catalog.by_slug
    }
    ids = [s.service.id for s in shown] + [catalog.by_slug[g].id for g in sorted(givers)]
    gap_ids = [s.id for gap in result.gaps for s in gap.alternatives]
    services = cards_for(catalog, ids + gap_ids)
    # The link as it came when it is recent: the same link and QR code on every reload.
    token = link_token or tokens.reissue(request.values.get("t"), answers)
    steps = _steps(catalog, answers, shown, services, token, start)
    # The public address, never the Host header: the link and its QR code leave the site.
    share_url = external_url("questionnaire.plan", t=token)
    titles = SETTLED_PHASES if result.settled else PHASES
    phases = [
        (phase, str(titles[phase]), [s for s in steps if s["step"].phase == phase], hidden[phase])
        for phase, _list in by_phase
    ]
    if show_all:  # a page of the whole list has only some of the phases
        phases = [entry for entry in phases if entry[2]]
    return dict(
        steps=steps,
        phases=phases,
        summary=_summary(phases) if len(result.steps) > SUMMARY_AFTER and not start else None,
        more_pages=more_pages,
        pager=_pager(token, page, pages) if show_all else None,
        gaps=[
            {
                "need": localized_topic(gap.need),
                "alternatives": [services[s.id] for s in gap.alternatives if s.id in services],
            }
            for gap in result.gaps
        ],
        token=token,
        share_url=share_url,
        qr_svg=Markup(qr_code(share_url, _("QR code: open this plan on another phone"))),  # noqa: S704
        answer_rows=answer_rows(answers),
        emergency_numbers=ops.kept("emergency numbers", emergency_numbers),
        events=plan_events(catalog, answers),
    )


#: events shown in a plan at most (the soonest first)
PLAN_EVENTS = 6


def plan_events(catalog: Catalog, answers: engine.Answers) -> list[dict[str, Any]]:
    """The events about the person's needs that are for them (or maybe), each with its next
    date in the coming weeks, soonest first."""
    specs = event_queries.plan_specs(catalog)
    matches = event_plan.matching(catalog, specs, answers.facts(), answers.needs)
    if not matches:
        return []
    rows = event_queries.plan_events()
    tz, moment = city_timezone(), now()
    found = []
    for match in matches:
        event = rows.get(match.slug)
        if event is None:
            continue
        upcoming = next_occurrences(
            event.recurrence, moment, tz, count=1, horizon_days=event_queries.WINDOW_DAYS
        )
        if upcoming:
            found.append({"event": event, "occurrence": upcoming[0], "maybe": match.maybe})
    found.sort(key=lambda item: (item["occurrence"].start, item["event"].slug))
    return found[:PLAN_EVENTS]


def _steps(
    catalog: Catalog,
    answers: engine.Answers,
    shown: list[Step],
    services: dict[int, Any],
    token: str,
    start: int = 0,
) -> list[dict[str, Any]]:
    """What each shown step says; numbered from `start` + 1 (the place on a page of the
    whole list)."""
    vocab = ops.explanation_vocabulary()
    facts = answers.facts()
    areas = _area_names()
    welcome: dict[str, Any] | None = None  # looked up once, for the first maybe that needs it
    edit_district = (
        url_for("questionnaire.start", t=token, edit=DISTRICT)
        if DISTRICT in catalog.facts
        else None
    )
    numbers: dict[str, int] = {}
    steps: list[dict[str, Any]] = []
    for step in shown:
        service = services.get(step.service.id)
        if service is None:
            continue
        numbers[step.service.slug] = start + len(steps) + 1
        after = [slug for slug in step.after if slug in catalog.by_slug]
        deciding = set(step.result.deciding)
        ask = None
        if step.maybe and deciding != {DISTRICT}:
            ask = service.provider
            if ask is None:
                welcome = welcome or _welcome(catalog)
                ask = welcome
        text = service.title
        summary = service.summary
        steps.append(
            {
                "number": start + len(steps) + 1,
                "step": step,
                "service": service,
                "title": text,
                "summary": summary,
                "fallback": next((t for t in (summary, text) if t.is_fallback), None),
                "urgent": step.urgent,
                # "After you have done step 2": the number shown on this page, or the
                # title when that step sits beyond its phase's limit.
                "after": sorted(numbers[slug] for slug in after if slug in numbers),
                "after_unshown": [
                    services[catalog.by_slug[slug].id]
                    for slug in after
                    if slug not in numbers and catalog.by_slug[slug].id in services
                ],
                "explained": ops.explain_service(step.result, answers, vocab),
                "district_only": step.maybe and deciding == {DISTRICT},
                "areas": html_list([areas[a] for a in areas if a in step.service.areas]),
                "ask": ask,
                "places": [_place(p) for p in service.places],
                "documents": _documents(catalog, service, {**facts, **step.assumes}),
                "contacts": service.contacts,
                "edit_district": edit_district,
            }
        )
    return steps


def _page_argument() -> int:
    """`page` of the whole list, from 1; anything else is the first page."""
    text = request.args.get("page", "1")
    return max(int(text), 1) if text.isascii() and text.isdigit() and len(text) <= 6 else 1


def _pager(token: str, page: int, pages: int) -> dict[str, Any]:
    def link(number: int) -> str:
        return url_for("questionnaire.plan", t=token, all=1, page=number)

    return {
        "page": page,
        "pages": pages,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
        "plan": url_for("questionnaire.plan", t=token),
    }


def _summary(phases: list[tuple[str, str, list[dict[str, Any]], int]]) -> dict[str, Any] | None:
    """The first phase's steps, urgent ones first: what to do this week."""
    first = next((items for _phase, _title, items, _more in phases if items), None)
    if not first:
        return None
    return {"count": len(first), "steps": sorted(first, key=lambda item: not item["urgent"])}


def html_list(items: list[Any]) -> Markup:
    """ "A, B and C" in the reader's language, each item escaped with its own language and
    direction (an English area name inside an Arabic sentence stays isolated)."""
    return Markup(format_list([str(escape(item)) for item in items]))  # noqa: S704


def _area_names() -> dict[str, Any]:
    """{area slug: name in the reader's language}, in the pack's order (a few rows)."""
    return ops.kept(
        "areas",
        lambda: {
            a.slug: localized(a, "name")
            for a in db.session.scalars(select(Area).order_by(Area.position))
        },
    )


def _welcome(catalog: Catalog) -> dict[str, Any] | None:
    """The city's welcome service, for a maybe whose provider has no phone."""
    spec = catalog.by_slug.get(catalog.welcome_service or "")
    card = cards_for(catalog, [spec.id]).get(spec.id) if spec else None
    if card is None:
        return None
    return {
        "name": card.title,
        "href": url_for("directory.service", slug=card.slug),
        "phone": card.phone,
        "tel": tel_href(card.phone) if card.phone else "",
    }


def _documents(catalog: Catalog, service: ServiceCard, facts: dict[str, Any]) -> list[Any]:
    """The documents that fit the person: a document's `needed_when` is evaluated like a
    rule, and only a clear "no" hides it (unknown answers keep it on the list). `facts`
    include what earlier steps give (after registering, the registration certificate)."""
    kept = []
    for document in service.documents:
        logic = document.needed_when
        if logic is not None:
            try:
                status, _deciding = status_of(
                    logic,
                    facts,
                    catalog.derived,
                    key=(catalog.cache_id, "document", document.id),
                )
            except JsonLogicError:
                status = Status.UNKNOWN  # a broken condition never hides what to bring
            if status == Status.NOT_ELIGIBLE:
                continue
        kept.append(document)
    return kept


def _place(place: PlaceCard) -> dict[str, Any]:
    return {"place": place, "opening": opening_text(place), "week": place.week}


def localized_topic(slug: str):  # type: ignore[no-untyped-def]
    topic = queries.topic_by_slug(slug)
    return localized(topic, "title") if topic else slug


def answer_rows(answers: engine.Answers) -> list[dict]:  # type: ignore[type-arg]
    """The person's answers in words, each with a link to change it."""
    catalog = ops.catalog()
    vocab = ops.explanation_vocabulary()  # option labels in the reader's language, cached
    questions = ops.question_texts()
    rows = []
    for key in answers.order:
        fact = catalog.facts.get(key)
        if fact is None or key not in questions or key not in vocab:
            continue
        labels = vocab[key].options
        if key == engine.NEEDS:
            text = format_list([str(labels.get(n, n)) for n in answers.needs]) or _(
                "Nothing chosen"
            )
        elif key in answers.skipped:
            text = _("I don't know / prefer not to say")
        else:
            value = answers.values.get(key)
            if fact.kind == "boolean":
                text = _("Yes") if value else _("No")
            elif fact.kind == "multi":
                text = format_list([str(labels.get(v, v)) for v in value or []])
            elif fact.kind == "choice":
                text = str(labels.get(value, value))
            else:
                text = str(value)
        rows.append({"question": questions[key], "answer": text, "fact": key})
    return rows
