"""Events in a person's plan: about a chosen need, and eligible or "maybe" for them."""

from __future__ import annotations

import re

from navigator.eligibility import Status
from navigator.events.plan import EventSpec, matching
from navigator.pathway.catalog import Catalog, FactSpec
from navigator.pathway.engine import Answers
from navigator.questionnaire import token as tokens

ASYLUM_WORK = Answers(
    needs=("work",),
    needs_asked=True,
    values={"residence_status": "asylum_seeker", "age": 30, "months_since_arrival": 4},
    order=("needs", "residence_status", "age"),
)


def plan_events(app, client, answers: Answers, locale: str = "en") -> list[str]:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        token = tokens.encode(answers)
    response = client.get(f"/{locale}/plan?t={token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if 'id="plan-events-heading"' not in html:
        return []
    section = html.split('id="plan-events-heading"')[1].split("</section>")[0]
    return re.findall(r'href="/\w+/events/([a-z0-9-]+)"', section)


def test_an_event_about_a_need_for_someone_like_them_is_in_the_plan(app, client):
    assert plan_events(app, client, ASYLUM_WORK) == ["work-permit-info-sessions"]


def test_not_eligible_or_not_a_need_leaves_it_out(app, client):
    worker = Answers(
        needs=("work",),
        needs_asked=True,
        values={"residence_status": "eu_citizen", "age": 30},
        order=("needs", "residence_status", "age"),
    )
    assert plan_events(app, client, worker) == []
    housing = Answers(
        needs=("housing",),
        needs_asked=True,
        values={"residence_status": "asylum_seeker", "age": 30},
        order=("needs", "residence_status", "age"),
    )
    assert "work-permit-info-sessions" not in plan_events(app, client, housing)


def test_unknown_facts_make_it_maybe_never_a_default(app, client):
    unsure = Answers(
        needs=("work",),
        needs_asked=True,
        values={"age": 30},
        skipped=frozenset({"residence_status"}),
        order=("needs", "residence_status", "age"),
    )
    with app.test_request_context():
        token = tokens.encode(unsure)
    html = client.get(f"/en/plan?t={token}").get_data(as_text=True)
    section = html.split('id="plan-events-heading"')[1].split("</section>")[0]
    assert "work-permit-info-sessions" in section
    assert "Maybe for you: ask the organisers." in section


def test_open_events_follow_the_need_and_show_in_arabic(app, client):
    community = Answers(
        needs=("community",),
        needs_asked=True,
        values={"residence_status": "no_permit", "age": 40},
        order=("needs", "residence_status", "age"),
    )
    found = plan_events(app, client, community, "ar")
    assert found[:2] == ["language-cafe-thursdays", "welcome-day"]
    assert "city-welcome-festival" not in found  # June: not in the coming weeks


def test_matching_uses_topic_families_and_the_catalogs_compiled_rules():
    catalog = Catalog(
        facts={"age": FactSpec("age", "number")},
        services=[],
        topic_parent={"health": None, "mental-health": "health"},
    )
    events = [
        EventSpec("talk", frozenset({"mental-health"}), rule={">=": [{"var": "age"}, 18]}),
        EventSpec("walk", frozenset({"health"}), open_to_all=True),
        EventSpec("kids", frozenset({"health"}), rule={"<": [{"var": "age"}, 18]}),
        EventSpec("jobs", frozenset({"work"})),
    ]
    found = matching(catalog, events, {"age": 30}, ["health"])
    assert [(m.slug, m.status) for m in found] == [
        ("talk", Status.ELIGIBLE),
        ("walk", Status.ELIGIBLE),
    ]
    unknown = matching(catalog, events, {}, ["health"])
    assert [(m.slug, m.maybe, m.deciding) for m in unknown] == [
        ("talk", True, ("age",)),
        ("walk", False, ()),
        ("kids", True, ("age",)),
    ]
    assert matching(catalog, events, {"age": 30}, []) == []
