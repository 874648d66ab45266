"""Plan cards: what a step shows of a service, kept per content version and language
(questionnaire/cards.py). Kept cards must follow content changes and hold no ORM objects."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.pathway.engine import Answers
from navigator.pathway.source import content_changed
from navigator.questionnaire import cards, operations
from navigator.questionnaire import token as tokens
from navigator.serving import COLLECTOR_THRESHOLDS, tune_collector

PERSON = Answers(
    needs=("housing", "health"),
    needs_asked=True,
    values={"residence_status": "international_protection", "age": 30},
    order=("needs", "residence_status", "age"),
)


def _plan(app, client, locale: str = "en") -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        token = tokens.encode(PERSON)
    response = client.get(f"/{locale}/plan?t={token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _first_step_service(app, client) -> str:  # type: ignore[no-untyped-def]
    import re

    page = _plan(app, client)
    return re.search(r'id="step-1">.*?href="/en/services/([a-z0-9-]+)"', page, re.S).group(1)


def test_a_content_change_reaches_the_next_plan(app, client):
    slug = _first_step_service(app, client)
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
        english = service.translations["en"]
        before = english.title
        english.title = "Renamed by the city editor"
        content_changed(db.session)
        db.session.commit()
    try:
        assert "Renamed by the city editor" in _plan(app, client)
    finally:
        with app.app_context():
            service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
            service.translations["en"].title = before
            content_changed(db.session)
            db.session.commit()
    assert "Renamed by the city editor" not in _plan(app, client)


def _values(value: Any):  # type: ignore[no-untyped-def]
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _values(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _values(item)
    else:
        yield value


def test_kept_cards_and_values_hold_no_database_objects(app, client):
    for locale in ("en", "ar"):
        _plan(app, client, locale)
    with app.test_request_context("/en/plan"):
        app.preprocess_request()
        catalog = operations.catalog()
        store = catalog.extras["cards"]
        assert len(store) > 0
        kept = store.values() + list(catalog.extras.get("kept", {}).values())
    leaves = [leaf for entry in kept for leaf in _values(entry)]
    assert leaves
    assert not [leaf for leaf in leaves if hasattr(leaf, "_sa_instance_state")]


def test_the_card_cache_is_bounded_and_keeps_the_most_recent():
    def card(service_id: int) -> cards.ServiceCard:
        return cards.ServiceCard(
            service_id, f"s{service_id}", *([None] * 3), False, (), (), (), (), None, ""
        )  # type: ignore[arg-type]

    store = cards.CardCache(size=2)
    store.put_many(("en",), [card(1), card(2)])
    store.get_many(("en",), [1])  # 1 is now more recent than 2
    store.put_many(("en",), [card(3)])
    found, missing = store.get_many(("en",), [1, 2, 3])
    assert sorted(found) == [1, 3] and missing == [2]
    assert store.get_many(("ar",), [1]) == ({}, [1])  # per language


def test_collector_thresholds_come_from_the_environment_or_ours():
    import gc

    before = gc.get_threshold()
    try:
        assert tune_collector({"NAVIGATOR_GC_THRESHOLDS": "5000,20,30"}) == (5000, 20, 30)
        assert gc.get_threshold() == (5000, 20, 30)
        for bad in ("", "x", "1,2", "0,10,10"):
            assert tune_collector({"NAVIGATOR_GC_THRESHOLDS": bad}) == COLLECTOR_THRESHOLDS
    finally:
        gc.set_threshold(*before)
