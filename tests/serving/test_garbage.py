"""No page leaves its database objects for the cyclic garbage collector.

A page whose objects sit in a reference cycle outlives its request: its ORM objects are
then collected during some later request, in the middle of another session's work. On
CPython 3.11 that corrupted memory and crashed the server (serving plan pages on the
5,000-service benchmark city; `bench/crash_plan_pages.py`). The cycle was Jinja's
`{% from "macros.html" import … with context %}`: each page built a module whose macros
pointed back at the page's context. Pages must free what they load when they return.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy.orm.state import InstanceState

from navigator.pathway.engine import Answers
from navigator.questionnaire import token as tokens

REFUGEE = Answers(
    needs=("housing", "health"),
    needs_asked=True,
    values={"residence_status": "international_protection", "age": 30},
    skipped=frozenset(),
    order=("needs", "residence_status", "age"),
)


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    """What the collector finds unreachable, kept for inspection instead of freed."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()


def _plan_link(app) -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return f"/en/plan?t={tokens.encode(REFUGEE)}"


PAGES = [
    "/en/",
    "/ar/",
    "/en/topics/health",
    "/en/services/welcome-centre",
    "/en/urgent",
    "/en/search?q=doctor",
    "/ar/search?q=طبيب",
    "/en/start",
    "/en/organisations/social-welfare-office",
    "PLAN",
    "PLAN&all=1",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_leaves_no_database_objects_in_cycles(app, client, saved_garbage, path):  # type: ignore[no-untyped-def]
    if path.startswith("PLAN"):
        path = _plan_link(app) + path[len("PLAN") :]
    gc.collect()
    saved_garbage.clear()
    response = client.get(path)
    assert response.status_code in (200, 302), path
    gc.collect()
    left = [o for o in saved_garbage if isinstance(o, InstanceState)]
    kinds = Counter(type(state.obj() or state.class_).__name__ for state in left)
    assert not left, f"{path} left {len(left)} ORM objects for the collector: {dict(kinds)}"


def test_the_check_sees_objects_kept_in_a_cycle(app, client, saved_garbage):  # type: ignore[no-untyped-def]
    """The check above can fail: a page whose context sits in a cycle is caught."""
    from flask import template_rendered

    kept: list[object] = []

    def keep_in_cycle(sender, template, context, **extra):  # type: ignore[no-untyped-def]
        cycle: dict[str, object] = {"context": dict(context)}
        cycle["self"] = cycle
        kept.append(cycle)

    gc.collect()
    saved_garbage.clear()
    with template_rendered.connected_to(keep_in_cycle, app):
        client.get("/en/topics/health")
    kept.clear()  # only the cycle holds the page's objects now
    gc.collect()
    assert any(isinstance(o, InstanceState) for o in saved_garbage)


def test_the_api_leaves_no_database_objects_in_cycles(client, saved_garbage):  # type: ignore[no-untyped-def]
    gc.collect()
    saved_garbage.clear()
    payload = {"locale": "ar", "facts": {"age": 30}, "needs": ["work", "health"]}
    response = client.post("/api/v1/eligibility", json=payload)
    assert response.status_code == 200
    gc.collect()
    assert not [o for o in saved_garbage if isinstance(o, InstanceState)]
