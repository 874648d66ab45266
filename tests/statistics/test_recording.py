"""What is recorded: one anonymous desk visit per call, public plans only as day counters,
once per finished questionnaire, and nothing that tells who it was."""

from __future__ import annotations

import datetime as dt
import re

import yaml
from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError

from navigator.db import db
from navigator.directory.models import Location
from navigator.statistics import groups, queries
from navigator.statistics.models import (
    DeskVisit,
    DeskVisitNeed,
    MaybeFactCount,
    WebNeedCount,
    WebPlanCount,
)
from tests.conftest import DEMO_PACK
from tests.questionnaire.test_flow import answer, current_fact

# FIXED_NOW is 24 November 2026 in the city.
TODAY = dt.date(2026, 11, 24)
PERSON = {"needs": ["work", "housing"], "residence_status": "asylum_seeker", "age": "34"}
#: every column statistics keep; a new one must be added here, after thinking about it
COLUMNS = {
    "desk_visit": {
        "id",
        "day",
        "location_id",
        "staff_locale",
        "visitor_locale",
        "status_group",
        "eligible_steps",
        "maybe_steps",
    },
    "desk_visit_need": {"id", "visit_id", "need", "met"},
    "web_plan_count": {
        "id",
        "day",
        "locale",
        "status_group",
        "plans",
        "with_unmet",
        "eligible_steps",
        "maybe_steps",
    },
    "web_need_count": {"id", "day", "locale", "status_group", "need", "plans", "unmet"},
    "maybe_fact_count": {"id", "day", "channel", "service", "fact", "count"},
}


def _finish(client, locale: str, person: dict) -> str:  # type: ignore[type-arg]
    """Answer like `person` ("I don't know" to the rest) up to the plan; its address."""
    response = client.get(f"/{locale}/start")
    for _ in range(40):
        if response.status_code == 302:
            location = response.headers["Location"]
            if "/plan?" in location:
                return location
            response = client.get(location)
            continue
        page = response.text
        fact = current_fact(page)
        if fact in person:
            response = answer(client, locale, page, person[fact])
        else:
            response = answer(client, locale, page, action="dont_know")
    raise AssertionError("no plan")


def _rows(app, model):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalars(select(model)).all()


def test_a_finished_questionnaire_is_counted_once_as_the_days_counters(loaded):
    client = loaded.test_client()
    plan = _finish(client, "en", PERSON)
    for _ in range(3):  # reloading the plan, or opening it again, counts nothing
        assert client.get(plan).status_code == 200
    [counted] = _rows(loaded, WebPlanCount)
    assert (counted.day, counted.locale, counted.status_group) == (TODAY, "en", "protection")
    assert counted.plans == 1
    assert counted.eligible_steps + counted.maybe_steps > 0
    needs = {row.need: row for row in _rows(loaded, WebNeedCount)}
    assert set(needs) == {"work", "housing"}
    assert all(row.plans == 1 and row.unmet <= 1 for row in needs.values())
    assert counted.with_unmet == int(any(row.unmet for row in needs.values()))

    # Someone else, the same day and language: the same rows, counted up.
    _finish(loaded.test_client(), "en", PERSON)
    [counted] = _rows(loaded, WebPlanCount)
    assert counted.plans == 2
    assert {row.plans for row in _rows(loaded, WebNeedCount)} == {2}


def test_changing_an_answer_after_the_plan_does_not_count_again(loaded):
    client = loaded.test_client()
    plan = _finish(client, "en", PERSON)
    token = re.search(r"t=([^&]+)", plan).group(1)
    page = client.get(f"/en/start?t={token}&edit=needs").text
    response = answer(client, "en", page, ["work", "housing"])
    assert "finish" not in response.headers["Location"]
    while response.status_code == 302 and "/plan?" not in response.headers["Location"]:
        response = client.get(response.headers["Location"])
    assert "/plan?" in response.headers["Location"]
    assert [row.plans for row in _rows(loaded, WebPlanCount)] == [1]


def test_show_my_plan_now_counts_the_plan(loaded):
    client = loaded.test_client()
    response = client.get("/en/start")
    response = answer(client, "en", response.text, ["work"])
    link = None
    while link is None:
        page = client.get(response.headers["Location"]).text
        link = re.search(r'href="(/en/start\?t=[^"]+stop=1[^"]*)"', page)
        if link is None:
            response = answer(client, "en", page, action="dont_know")
    stop = client.get(link.group(1).replace("&amp;", "&"))
    assert "/en/plan?t=" in stop.headers["Location"]
    [counted] = _rows(loaded, WebPlanCount)
    assert counted.plans == 1 and counted.status_group == "none"  # status not known


def test_opening_a_plan_link_counts_nothing(loaded):
    plan = _finish(loaded.test_client(), "en", PERSON)
    with loaded.app_context():
        db.session.query(WebPlanCount).delete()
        db.session.query(WebNeedCount).delete()
        db.session.commit()
    assert loaded.test_client().get(plan).status_code == 200
    assert _rows(loaded, WebPlanCount) == [] and _rows(loaded, WebNeedCount) == []


def test_the_newcomer_is_told_in_one_line(client):
    page = client.get("/en/start").text
    assert "We count finished plans anonymously" in page
    assert "your answers are not stored" in page


def test_a_database_that_refuses_the_count_still_shows_the_plan(loaded, monkeypatch):
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SQLAlchemyError("read-only")

    monkeypatch.setattr("navigator.statistics.public.record_web_plan", refuse)
    client = loaded.test_client()
    assert client.get(_finish(client, "en", PERSON)).status_code == 200


def test_a_desk_visit_is_one_anonymous_record(loaded, add_visit):
    with loaded.app_context():
        centre = db.session.scalars(select(Location).where(Location.slug == "international-house"))
        centre_id = centre.one().id
    visit_id = add_visit(
        TODAY,
        needs=("housing", "no-such-topic"),
        location_id=centre_id,
        staff="de",
        visitor="ar",
        application=loaded,
    )
    [visit] = _rows(loaded, DeskVisit)
    assert visit.id == visit_id
    assert (visit.day, visit.location_id, visit.staff_locale, visit.visitor_locale) == (
        TODAY,
        centre_id,
        "de",
        "ar",
    )
    assert visit.status_group == "protection"
    needs = {row.need: row.met for row in _rows(loaded, DeskVisitNeed)}
    assert needs["no-such-topic"] is False  # nothing serves it: an unmet need
    assert set(needs) == {"housing", "no-such-topic"}
    # Desk and web alike add their "maybe" steps to the day's counts.
    maybes = _rows(loaded, MaybeFactCount)
    assert all(row.channel == "desk" and row.count > 0 for row in maybes)
    assert visit.maybe_steps == 0 or maybes


def test_referral_outcomes_come_from_the_referrals_not_from_visits(loaded, add_visit):
    """What became of referrals is counted from their anonymous part, by the centre that sent
    them, in the period they were sent: nothing links a referral to a visit's needs."""
    with loaded.app_context():
        centre = db.session.scalars(select(Location).order_by(Location.id)).first().id
    add_visit(TODAY, application=loaded, location_id=centre, outcome="declined")
    add_visit(TODAY, application=loaded, location_id=centre, outcome="got_help")
    add_visit(
        TODAY - dt.timedelta(days=40), application=loaded, location_id=centre, outcome="closed"
    )
    with loaded.app_context():
        found = queries.counts(
            db.session, queries.Filters(start=TODAY - dt.timedelta(days=7), end=TODAY)
        )
    assert found.outcomes == {("declined", centre): 1, ("got_help", centre): 1}


def test_nothing_personal_is_stored(loaded, add_visit):
    client = loaded.test_client()
    plan = _finish(client, "en", PERSON)
    token = re.search(r"t=([^&]+)", plan).group(1)
    add_visit(TODAY, application=loaded)
    with loaded.app_context():
        # No age, no free text, no token: exactly these columns, none of them personal.
        inspector = inspect(db.engine)
        for table, columns in COLUMNS.items():
            assert {c["name"] for c in inspector.get_columns(table)} == columns, table
        for model in (DeskVisit, DeskVisitNeed, WebPlanCount, WebNeedCount, MaybeFactCount):
            for row in db.session.scalars(select(model)):
                for column in COLUMNS[model.__tablename__]:
                    value = str(getattr(row, column))
                    assert token[:20] not in value, (model, column)
                    assert "asylum_seeker" not in value  # only the coarse group


def test_every_status_of_the_pack_has_a_group():
    statuses = yaml.safe_load((DEMO_PACK / "statuses.yaml").read_text(encoding="utf-8"))
    values = {status["value"] for status in statuses}
    assert values == set(groups.STATUS_GROUPS)
    assert set(groups.STATUS_GROUPS.values()) <= set(groups.GROUPS) - {"other"}
    assert groups.status_group("a-status-added-later") == "other"
    assert groups.status_group(None) == "none"
