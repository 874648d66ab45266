"""The questionnaire knows when to stop: an honest "about N questions left", "show my plan
now" after three "I don't know" or when little is left to change, a needs question that
says what to do when nothing is chosen, and a minor asked early whether they are here alone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from navigator.content.loader import check_pack
from navigator.eligibility import Rule
from navigator.pathway import engine
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec
from navigator.pathway.personas import catalog_from_pack
from navigator.questionnaire import token as tokens
from tests.conftest import DEMO_PACK, FIXED_NOW
from tests.questionnaire.test_flow import answer, current_fact, hidden

PACK = check_pack(DEMO_PACK)
CATALOG = catalog_from_pack(PACK)
TODAY = FIXED_NOW.date()
TOPICS = [t for t, parent in CATALOG.topic_parent.items() if parent is None]
UNSURE = "It is fine not to know"
LITTLE_LEFT = "The questions that are left change little"


def journey(
    catalog: Catalog, facts: dict[str, Any], needs: list[str], today: dt.date
) -> list[tuple[str, engine.NextQuestion, engine.Answers]]:
    """Every step a person sees: their answers from `facts`, "I don't know" for the rest."""
    answers, steps = engine.Answers(), []
    for _ in range(len(catalog.facts) + 1):
        nxt = engine.next_question(catalog, answers, engine.assess(catalog, answers, today), today)
        if nxt.fact is None:
            return steps
        key = nxt.fact.key
        steps.append((key, nxt, answers))
        if key == engine.NEEDS:
            answers = tokens.with_needs(answers, needs)
        elif key in facts:
            answers = tokens.with_answer(answers, key, facts[key])
        else:
            answers = tokens.with_answer(answers, key, None, skipped=True)
    raise AssertionError("the questionnaire did not end")


PEOPLE = [
    pytest.param(
        dict(p["facts"]),
        list(p.get("needs", [])),
        dt.date.fromisoformat(str(p["today"])) if p.get("today") else TODAY,
        id=p["id"],
    )
    for p in PACK.personas
] + [  # someone who answers "I don't know" to everything, for each need and for none
    pytest.param({}, [topic], TODAY, id=f"unsure-{topic}") for topic in TOPICS
]


@pytest.mark.parametrize(("facts", "needs", "today"), PEOPLE)
@pytest.mark.parametrize("later", [0, 1], ids=["pinned-day", "a-year-later"])
def test_questions_left_is_within_two_of_what_is_then_asked(facts, needs, today, later):
    day = today.replace(year=today.year + later)
    steps = journey(CATALOG, facts, needs, day)
    for index, (key, nxt, _answers) in enumerate(steps):
        actual = len(steps) - index  # this question and every one after it
        if nxt.at_most is not None:
            assert actual <= nxt.at_most, (key, nxt, actual)
        else:
            assert abs(nxt.remaining - actual) <= engine.HONEST, (index, key, nxt, actual)
    assert steps[0][0] == engine.NEEDS and steps[0][1].at_most, "needs: only an upper bound"


def test_the_demo_pack_has_personas_to_check():
    assert len(PACK.personas) >= 15


def test_a_minor_is_asked_about_being_here_alone_right_after_the_age():
    checked = 0
    for persona in PACK.personas:
        facts = persona["facts"]
        asked = [key for key, _n, _a in journey(CATALOG, facts, persona.get("needs", []), TODAY)]
        if "unaccompanied" in asked and facts.get("age") is not None:
            assert facts["age"] < 18, persona["id"]  # adults are not asked
            assert asked.index("unaccompanied") == asked.index("age") + 1, (persona["id"], asked)
            checked += 1
    assert checked >= 2
    minor = engine.Answers(("housing",), True, {"age": 16}, order=("needs", "age"))
    nxt = engine.next_question(CATALOG, minor, engine.assess(CATALOG, minor, TODAY), TODAY)
    assert nxt.fact.key == "unaccompanied"


# A hand-made catalog: the generic rule, with no fact named in the engine.
FACTS = {
    "needs": FactSpec("needs", "multi", ("shelter", "work"), position=0),
    "status": FactSpec("status", "choice", ("a", "b", "c"), position=1),
    "age": FactSpec("age", "number", minimum=0, maximum=120, position=2),
    "alone": FactSpec("alone", "boolean", position=3),
    "minor": FactSpec("minor", None, derived={"<": [{"var": "age"}, 18]}, position=4),
}


def _catalog(urgent: frozenset[str]) -> Catalog:
    protection = ServiceSpec(
        1,
        "protection",
        frozenset({"shelter"}),
        rules=(Rule({"and": [{"var": "minor"}, {"var": "alone"}]}),),
    )
    others = [
        ServiceSpec(i, f"s{i}", frozenset({"work"}), rules=(Rule({"==": [{"var": "status"}, v]}),))
        for i, v in ((2, "a"), (3, "b"), (4, "c"), (5, "a"))
    ]
    return Catalog(
        FACTS,
        [protection, *others],
        topic_parent={"shelter": None, "work": None},
        urgent_topics=urgent,
    )


@pytest.mark.parametrize(
    ("urgent", "expected"), [(frozenset({"shelter"}), "alone"), (frozenset(), "status")]
)
def test_questions_that_decide_urgent_services_come_first(urgent, expected):
    cat = _catalog(urgent)
    child = engine.Answers(("shelter", "work"), True, {"age": 10})
    nxt = engine.next_question(cat, child, engine.assess(cat, child, TODAY), TODAY)
    assert nxt.fact.key == expected
    assert nxt.impact == 4  # status could decide four services, whichever comes first
    adult = engine.Answers(("shelter", "work"), True, {"age": 40})
    nxt = engine.next_question(cat, adult, engine.assess(cat, adult, TODAY), TODAY)
    assert nxt.fact.key == "status"  # an adult is never asked about being here alone
    assert nxt.impact == 4


def test_impact_is_how_many_services_the_best_question_could_still_decide():
    cat = _catalog(frozenset())
    given = engine.Answers(("shelter", "work"), True, {"status": "a"})
    nxt = engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY)
    assert nxt.fact.key in {"age", "alone"} and nxt.impact == 1
    assert nxt.remaining in (1, 2) and nxt.at_most is None


# Through the web pages.


def _walk_pages(client, locale: str, person: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The pages a person sees, and the fact each asks, until the plan."""
    response = client.get(f"/{locale}/start")
    pages = []
    for _ in range(30):
        if response.status_code == 302:
            location = response.headers["Location"]
            if "/plan" in location:
                return pages
            response = client.get(location)
            continue
        page = response.get_data(as_text=True)
        assert response.status_code == 200, page[:300]
        fact = current_fact(page)
        pages.append((fact, page))
        if fact in person:
            response = answer(client, locale, page, person[fact])
        else:
            response = answer(client, locale, page, action="dont_know")
    raise AssertionError("no plan")


def test_the_step_page_shows_an_honest_estimate(client):
    person = {"needs": ["work", "language-learning"], "residence_status": "asylum_seeker"}
    pages = _walk_pages(client, "en", person)
    assert len(pages) >= 4
    assert re.search(r"Up to \d+ questions left", pages[0][1])  # before the needs are known
    for index, (_fact, page) in enumerate(pages[1:], start=1):
        actual = len(pages) - index
        shown = re.search(r"About (\d+) questions? left|(Almost done)|Up to (\d+) questions", page)
        assert shown, page[:800]
        if shown.group(1):
            assert abs(int(shown.group(1)) - actual) <= 2
        elif shown.group(2):
            assert actual <= 3
        else:
            assert actual <= int(shown.group(3))


def test_three_dont_knows_in_a_row_offer_the_plan_now(app, client):
    # Someone who needs work and answers "I don't know" to everything.
    pages = _walk_pages(client, "en", {"needs": ["work"]})
    assert len(pages) >= 5
    for count, (_fact, page) in enumerate(pages[1:]):
        assert (UNSURE in page) is (count >= 3), count  # count "I don't know" answers so far
    page = pages[4][1]
    link = re.search(r'<a class="button" href="(/en/start\?t=[^"]+)">Show my plan now</a>', page)
    assert link, "a plain link: works without JavaScript"
    # Through the questionnaire (where the finished plan is counted) to the plan.
    stop = client.get(link.group(1).replace("&amp;", "&"))
    assert stop.status_code == 302 and "/en/plan?t=" in stop.headers["Location"]
    plan = client.get(stop.headers["Location"])
    assert plan.status_code == 200
    with app.test_request_context():
        shown = tokens.decode(re.search(r"t=([^&\"]+)", link.group(1)).group(1))
        assert shown == tokens.decode(hidden(page, "t"))  # the answers given so far
        assert len(shown.skipped) == 3


def test_a_real_answer_breaks_the_run_of_dont_knows(client):
    pages = _walk_pages(client, "en", {"needs": ["work"], "age": "30"})
    age_at = [fact for fact, _page in pages].index("age")
    for index, (_fact, page) in enumerate(pages):
        since_age = index - age_at - 1
        unsure_run = since_age if index > age_at else index - 1  # needs is the first answer
        assert (UNSURE in page) is (unsure_run >= 3), index


def test_the_plan_is_offered_when_no_question_can_change_more_than_two_steps(app, client):
    from navigator.questionnaire import operations as ops

    person = {"needs": ["family", "childcare"], "residence_status": "student"}
    pages = _walk_pages(client, "en", person)
    offered = []
    with app.test_request_context("/en/start"):
        catalog, today = ops.catalog(), ops.today()
        for _fact, page in pages[1:]:
            answers = tokens.decode(hidden(page, "t"))
            nxt = engine.next_question(
                catalog, answers, engine.assess(catalog, answers, today), today
            )
            little = nxt.impact <= 2 and not nxt.pressing and tokens.dont_know_streak(answers) < 3
            assert (LITTLE_LEFT in page) is little, nxt
            offered.append(little)
    assert any(offered)
    assert LITTLE_LEFT not in pages[0][1]  # never before the needs are known


def test_a_child_is_not_told_little_is_left_before_the_question_about_being_alone(app, client):
    pages = _walk_pages(client, "en", {"needs": ["housing"], "age": "16"})
    facts = [fact for fact, _page in pages]
    assert facts.index("unaccompanied") == facts.index("age") + 1
    page = pages[facts.index("unaccompanied")][1]
    with app.test_request_context():
        answers = tokens.decode(hidden(page, "t"))
    nxt = engine.next_question(CATALOG, answers, engine.assess(CATALOG, answers, TODAY), TODAY)
    assert nxt.fact.key == "unaccompanied" and nxt.pressing
    assert LITTLE_LEFT not in page and UNSURE not in page


def test_needs_with_nothing_chosen_says_what_to_do_and_keeps_the_answers(app, client):
    page = client.get("/en/start").get_data(as_text=True)
    first = answer(client, "en", page, ["health"])
    step = client.get(first.headers["Location"]).get_data(as_text=True)
    second = answer(client, "en", step, action="dont_know")
    token = re.search(r"t=([^&]+)", second.headers["Location"]).group(1)
    # Change the needs from the plan, untick everything, press Next.
    needs_page = client.get(f"/en/start?t={token}&edit=needs").get_data(as_text=True)
    assert current_fact(needs_page) == "needs"
    response = answer(client, "en", needs_page)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert current_fact(body) == "needs"
    assert "Choose at least one topic, or press" in body
    assert "to see services for everything." in body
    assert 'role="alert"' in body
    with app.test_request_context():
        kept = tokens.decode(hidden(body, "t"))
        assert kept == tokens.decode(hidden(needs_page, "t"))
        assert kept.skipped == {current_fact(step)}  # nothing already entered is lost
    # "I don't know" on the same page still moves on, to services for everything.
    response = answer(client, "en", needs_page, action="dont_know")
    assert response.status_code == 302
