"""The referral engine on hand-made catalogs and on the demo pack's personas."""

from __future__ import annotations

import datetime as dt

from navigator.content.loader import check_pack
from navigator.eligibility import Rule, Status
from navigator.pathway import engine
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec
from navigator.pathway.personas import catalog_from_pack, median_questions, run
from navigator.pathway.plan import build_plan
from tests.conftest import DEMO_PACK

TODAY = dt.date(2026, 11, 24)
FACTS = {
    "needs": FactSpec("needs", "multi", ("health", "work", "housing"), position=0),
    "status": FactSpec("status", "choice", ("refugee", "worker", "none"), position=1),
    "age": FactSpec("age", "number", minimum=0, maximum=120, position=2),
    "registered": FactSpec("registered", "boolean", position=3),
    "shoe_size": FactSpec("shoe_size", "number", minimum=20, maximum=50, position=4),
    "is_minor": FactSpec("is_minor", None, derived={"<": [{"var": "age"}, 18]}, position=5),
}


def service(id_, slug, topics, rule=None, **kw):  # type: ignore[no-untyped-def]
    rules = (Rule(rule),) if rule is not None else ()
    return ServiceSpec(id_, slug, frozenset(topics), rules=rules, **kw)


def catalog(*services: ServiceSpec, welcome: str | None = None) -> Catalog:
    return Catalog(FACTS, list(services), {"health": None, "work": None, "housing": None}, welcome)


def answers(needs=(), **values) -> engine.Answers:  # type: ignore[no-untyped-def]
    return engine.Answers(tuple(needs), True, values)


def test_first_question_is_always_needs():
    cat = catalog(service(1, "a", ["health"], {"==": [{"var": "status"}, "refugee"]}))
    nxt = engine.next_question(cat, engine.Answers(), [], TODAY)
    assert nxt.fact.key == "needs"


def test_asks_the_question_that_decides_most_services():
    cat = catalog(
        service(1, "a", ["health"], {"==": [{"var": "status"}, "refugee"]}),
        service(2, "b", ["health"], {"==": [{"var": "status"}, "worker"]}),
        service(3, "c", ["health"], {">=": [{"var": "age"}, 18]}),
    )
    given = answers(["health"])
    nxt = engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY)
    assert nxt.fact.key == "status"
    assert nxt.remaining == 2


def test_a_question_that_cannot_change_any_result_is_never_asked():
    # shoe_size appears, but `or` with true decides it; age decides the other service.
    cat = catalog(
        service(
            1,
            "a",
            ["health"],
            {"or": [{">": [{"var": "shoe_size"}, 40]}, {"!": [{"var": "shoe_size"}]}, True]},
        ),
        service(
            2,
            "b",
            ["health"],
            {
                "and": [
                    {">=": [{"var": "age"}, 18]},
                    {"==": [{"var": "shoe_size"}, {"var": "shoe_size"}]},
                ]
            },
        ),
    )
    given = answers(["health"], age=10)
    results = engine.assess(cat, given, TODAY)
    assert results[0].status == Status.ELIGIBLE
    assert results[1].status == Status.NOT_ELIGIBLE
    assert engine.next_question(cat, given, results, TODAY).fact is None


def test_questions_for_services_outside_the_needs_are_not_asked():
    cat = catalog(
        service(1, "a", ["work"], {"==": [{"var": "status"}, "refugee"]}),
        service(2, "b", ["health"]),
    )
    given = answers(["health"])
    assert engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY).fact is None


def test_derived_facts_ask_for_the_underlying_fact():
    cat = catalog(service(1, "a", ["health"], {"var": "is_minor"}))
    given = answers(["health"])
    assert (
        engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY).fact.key == "age"
    )


def test_dont_know_is_never_asked_again_and_never_defaulted():
    cat = catalog(service(1, "a", ["health"], {"==": [{"var": "status"}, "refugee"]}))
    given = engine.Answers(("health",), True, {}, frozenset({"status"}))
    results = engine.assess(cat, given, TODAY)
    assert results[0].status == Status.UNKNOWN
    assert results[0].deciding == ("status",)
    assert engine.next_question(cat, given, results, TODAY).fact is None


def test_rule_outside_its_dates_is_not_applied():
    old = Rule({"==": [{"var": "status"}, "refugee"]}, valid_to=dt.date(2026, 1, 1))
    new = Rule({"==": [{"var": "status"}, "worker"]}, valid_from=dt.date(2027, 1, 1))
    cat = catalog(ServiceSpec(1, "a", frozenset({"health"}), rules=(old, new)))
    result = engine.evaluate_service(cat, cat.services[0], {"status": "none"}, TODAY)
    assert result.status == Status.ELIGIBLE  # no rule in force today
    later = engine.evaluate_service(cat, cat.services[0], {"status": "none"}, dt.date(2027, 2, 1))
    assert later.status == Status.NOT_ELIGIBLE


def test_plan_orders_by_phase_and_prerequisites_first():
    cat = catalog(
        service(
            1, "register", ["housing"], {"!=": [{"var": "registered"}, True]}, phase="first-weeks"
        ),
        service(2, "tax-card", ["work"], phase="first-days", requires=("register",)),
        service(3, "language", ["work"], phase="first-months"),
        service(4, "clinic", ["health"], phase="first-days", open_to_all=True),
    )
    plan = build_plan(cat, answers(["work", "health"]), TODAY)
    slugs = plan.slugs()
    assert slugs.index("register") < slugs.index("tax-card")
    assert slugs[-1] == "language"
    register = next(s for s in plan.steps if s.service.slug == "register")
    assert register.phase == "first-days"  # moved up to its dependant's phase
    assert register.maybe and register.required_by == ("tax-card",)
    # Someone already registered does not get the registration step again.
    done = build_plan(cat, answers(["work"], registered=True), TODAY)
    assert "register" not in done.slugs()


def test_a_need_with_no_eligible_service_gets_alternatives_never_a_dead_end():
    cat = catalog(
        service(1, "refugee-housing", ["housing"], {"==": [{"var": "status"}, "refugee"]}),
        service(2, "welcome", ["work"], open_to_all=True),
        welcome="welcome",
    )
    plan = build_plan(cat, answers(["housing"], status="none"), TODAY)
    assert plan.steps == []
    assert [g.need for g in plan.gaps] == ["housing"]
    assert [s.slug for s in plan.gaps[0].alternatives] == ["welcome"]


def test_demo_personas_all_pass_and_median_questions_is_six_or_fewer():
    reports = run(check_pack(DEMO_PACK), TODAY)
    assert len(reports) >= 15
    failures = {r.id: r.failures for r in reports if r.failures}
    assert not failures
    assert median_questions(reports) <= 6


def test_undocumented_adult_is_offered_shelter_health_care_and_legal_help():
    pack = check_pack(DEMO_PACK)
    cat = catalog_from_pack(pack)
    person = answers(["urgent-help", "health", "legal-help"], residence_status="no_permit", age=34)
    plan = build_plan(cat, person, TODAY).slugs()
    assert "emergency-shelter" in plan
    assert "anonymous-medical-care" in plan
    assert "legal-advice-residence" in plan
