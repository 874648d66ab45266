"""POST /api/v1/eligibility — the same engine as the pages, as JSON.

Request:  {"locale": "ar", "facts": {"age": 17, ...}, "needs": ["health"], "page": 1}
Response: {"services": [{slug, title, status, explanation, deciding_facts}], "next_question",
           "counts", "page", "per_page", "total", "next"}: at most PAGE_SIZE services, the
           page after in `next` (null on the last page); counts cover every service.
(each explanation line: {text, verdict, outcome, answer, depth})
Bad input gets a 400 whose error names the field.
"""

from __future__ import annotations

import math
import re
from typing import Any

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from navigator.core.templating import chain, localized
from navigator.directory import queries
from navigator.eligibility import Line, Status
from navigator.i18n import active_locales, force_locale
from navigator.pathway import engine
from navigator.pathway.catalog import FactSpec
from navigator.questionnaire import operations as ops
from navigator.questionnaire.bounds import fits, unique


class InputError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


#: services per response; `page` (from 1) and `next` walk through the rest
PAGE_SIZE = 50
MAX_PAGE = 10_000
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _field_name(name: str) -> str:
    """Echo a client's field name only when it is a plain identifier, never raw markup."""
    return name if SAFE_NAME.match(name) else "(unrecognised name)"


def _bad(field: str, message: str) -> tuple[Response, int]:
    return jsonify({"error": {"field": field, "message": message}}), 400


def _check_value(fact: FactSpec, value: Any, where: str) -> Any:
    if value is None:
        return None
    if fact.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(where, "must be a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(where, "must be a finite number")
        low = fact.minimum if fact.minimum is not None else -math.inf
        high = fact.maximum if fact.maximum is not None else math.inf
        if not low <= value <= high:
            raise InputError(where, f"must be between {low:g} and {high:g}")
    elif fact.kind == "boolean":
        if not isinstance(value, bool):
            raise InputError(where, "must be true or false")
    elif fact.kind == "choice":
        if value not in fact.options:
            raise InputError(where, f"must be one of {list(fact.options)}")
    elif fact.kind == "multi":
        if not isinstance(value, list) or any(
            not isinstance(v, str) or v not in fact.options for v in value
        ):
            raise InputError(where, f"must be a list of {list(fact.options)}")
        return unique(value)  # each option once, however often it was sent
    elif fact.kind == "date" and not fits(fact, value):
        raise InputError(where, "must be a date as YYYY-MM-DD")
    return value


def _page(payload: dict[str, Any]) -> int:
    page = payload.get("page", 1)
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise InputError("page", f"must be a whole number from 1 to {MAX_PAGE}")
    return page


def _parse(payload: Any) -> tuple[str, engine.Answers]:
    if not isinstance(payload, dict):
        raise InputError("body", "must be a JSON object")
    unknown = set(payload) - {"locale", "facts", "needs", "page"}
    if unknown:
        raise InputError(_field_name(sorted(unknown)[0]), "unknown field")
    locale = payload.get("locale", "en")
    if locale not in active_locales():
        raise InputError("locale", f"must be one of {list(active_locales())}")
    catalog = ops.catalog()
    facts = payload.get("facts", {})
    if not isinstance(facts, dict):
        raise InputError("facts", "must be an object")
    values: dict[str, Any] = {}
    for key, value in facts.items():
        fact = catalog.facts.get(key)
        if fact is None or not fact.asked or key == engine.NEEDS:
            raise InputError(f"facts.{_field_name(key)}", "unknown fact")
        values[key] = _check_value(fact, value, f"facts.{key}")
    needs = payload.get("needs")
    if needs is not None:
        topics = catalog.facts[engine.NEEDS].options if engine.NEEDS in catalog.facts else ()
        if not isinstance(needs, list) or any(
            not isinstance(n, str) or (n not in topics and n not in catalog.topic_parent)
            for n in needs
        ):
            raise InputError("needs", "must be a list of topic slugs")
        needs = unique(needs)  # 2,000 copies of one need are one need
    skipped = frozenset(k for k, v in values.items() if v is None)
    answers = engine.Answers(
        needs=tuple(needs or ()),
        needs_asked=needs is not None,
        values={k: v for k, v in values.items() if v is not None},
        skipped=skipped,
    )
    return locale, answers


def eligibility():  # type: ignore[no-untyped-def]
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # absurdly nested JSON, well under the size limit
        payload = None
    if payload is None:
        return _bad("body", "must be JSON (Content-Type: application/json)")
    try:
        locale, answers = _parse(payload)
        page = _page(payload)
    except InputError as error:
        return _bad(error.field, error.message)
    g.locale = locale
    g.pop("locale_chain", None)
    with force_locale(locale):
        return jsonify(_result(answers, page))


def _result(answers: engine.Answers, page: int = 1) -> dict[str, Any]:
    catalog = ops.catalog()
    today = ops.today()
    results = engine.assess(catalog, answers, today)
    vocab = ops.explanation_vocabulary()
    # Explaining 5,000 services takes seconds: a page of them per request, `next` for more.
    shown = results[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    services = {s.id: s for s in queries.services_by_ids([r.service.id for r in shown])}
    items = []
    for result in shown:
        service = services.get(result.service.id)
        if service is None:
            continue
        explained = ops.explain_service(result, answers, vocab)
        items.append(
            {
                "slug": service.slug,
                "title": str(localized(service, "title")),
                "status": result.status.value,
                "open_to_all": service.open_to_all,
                "explanation": [_line(line) for line in explained.lines],
                "deciding_facts": [
                    {"id": f, "subject": vocab[f].subject} for f in result.deciding if f in vocab
                ],
            }
        )
    nxt = engine.next_question(catalog, answers, results, today)
    return {
        "locale": chain()[0],
        "counts": {s.value: sum(1 for r in results if r.status == s) for s in Status},
        "services": items,
        "page": page,
        "per_page": PAGE_SIZE,
        "total": len(results),
        "next": page + 1 if page * PAGE_SIZE < len(results) else None,
        "next_question": _question(nxt) if nxt.fact else None,
    }


def _line(line: Line) -> dict[str, Any]:
    """One explanation line: the condition as the service needs it and the verdict in
    words ("this is true for you"); `outcome` is the same verdict as yes/no/unknown."""
    return {
        "text": line.text,
        "verdict": line.verdict,
        "outcome": line.outcome,
        "answer": line.answer,
        "depth": line.depth,
    }


def _question(nxt: engine.NextQuestion) -> dict[str, Any]:
    fact = nxt.fact
    assert fact is not None
    row = ops.fact_row(fact.key)
    return {
        "id": fact.key,
        "type": fact.kind,
        "text": str(localized(row, "question")),
        "help": str(localized(row, "help")) or None,
        "options": [{"value": v, "label": str(label)} for v, label in ops.choices(fact)],
        "min": fact.minimum,
        "max": fact.maximum,
        "remaining": nxt.remaining,
    }
