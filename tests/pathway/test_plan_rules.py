"""Plan rules on hand-made catalogs: service areas, steps that earlier steps make possible,
the order of a plan, and sensitive (opt-in) services."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.content.loader import check_pack
from navigator.eligibility import Rule, Status
from navigator.pathway import engine
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec
from navigator.pathway.personas import catalog_from_pack, simulate
from navigator.pathway.plan import build_plan
from tests.conftest import DEMO_PACK

TODAY = dt.date(2026, 11, 24)
TOPICS = {
    "health": None,
    "work": None,
    "housing": None,
    "legal": None,
    "return": "legal",
    "urgent": None,
}
FACTS = {
    "needs": FactSpec("needs", "multi", tuple(t for t, p in TOPICS.items() if p is None)),
    "status": FactSpec("status", "choice", ("refugee", "worker", "none"), position=1),
    "age": FactSpec("age", "number", minimum=0, maximum=120, position=2),
    "months_since_arrival": FactSpec("months_since_arrival", "number", minimum=0, position=3),
    "registered": FactSpec("registered", "boolean", position=4),
    "tax_id": FactSpec("tax_id", "boolean", position=5),
    "housing": FactSpec("housing", "choice", ("own_home", "no_home"), position=6),
    "district": FactSpec("district", "choice", ("north", "south", "east"), position=7),
    "considering_return": FactSpec("considering_return", "boolean", position=8),
}
REFUGEE = {"==": [{"var": "status"}, "refugee"]}
REGISTERED = {"==": [{"var": "registered"}, True]}
NO_HOME = {"==": [{"var": "housing"}, "no_home"]}


def service(id_, slug, topics, rule=None, **kw):  # type: ignore[no-untyped-def]
    rules = (Rule(rule),) if rule is not None else ()
    return ServiceSpec(id_, slug, frozenset(topics), rules=rules, **kw)


def catalog(*services: ServiceSpec, welcome: str | None = None) -> Catalog:
    return Catalog(FACTS, list(services), TOPICS, welcome, urgent_topics=frozenset({"urgent"}))


def answers(needs=(), **values) -> engine.Answers:  # type: ignore[no-untyped-def]
    return engine.Answers(tuple(needs), True, values)


def status(cat: Catalog, slug: str, **facts) -> engine.Result:  # type: ignore[no-untyped-def]
    return engine.evaluate_service(cat, cat.by_slug[slug], facts, TODAY)


def step(plan, slug):  # type: ignore[no-untyped-def]
    return next(s for s in plan.steps if s.service.slug == slug)


# --------------------------------------------------------------------------- service areas


def test_a_service_for_some_districts_is_maybe_until_the_district_is_known():
    cat = catalog(
        service(1, "parents", ["health"], REFUGEE, areas=frozenset({"north", "east"})),
        service(2, "gym", ["health"], open_to_all=True, areas=frozenset({"north"})),
    )
    for slug, facts in (("parents", {"status": "refugee"}), ("gym", {})):
        unknown = status(cat, slug, **facts)
        assert unknown.status == Status.UNKNOWN
        assert unknown.deciding == ("district",)
        assert status(cat, slug, **facts, district="north").status == Status.ELIGIBLE
        outside = status(cat, slug, **facts, district="south")
        assert (outside.status, outside.deciding) == (Status.NOT_ELIGIBLE, ())
    # Kleene AND: the rule alone can already exclude, or leave both facts to decide.
    assert status(cat, "parents", status="worker").status == Status.NOT_ELIGIBLE
    both = status(cat, "parents")
    assert both.status == Status.UNKNOWN and both.deciding == ("status", "district")
    # "I don't know" about the district: still maybe, never "You can use this".
    skipped = engine.Answers(("health",), True, {"status": "refugee", "district": "north"})
    skipped = engine.Answers(skipped.needs, True, skipped.values, frozenset({"district"}))
    assert engine.assess(cat, skipped, TODAY)[0].status == Status.UNKNOWN


def test_an_area_limited_service_does_not_change_the_memo_of_another_with_the_same_rule():
    north = service(1, "north-desk", ["health"], REFUGEE, areas=frozenset({"north"}))
    city = service(2, "city-desk", ["health"], REFUGEE)
    cat = catalog(north, city)
    facts = {"status": "refugee", "district": "south"}
    for order in ((north, city), (city, north)):
        memo: dict = {}  # type: ignore[type-arg]
        results = {s.slug: engine.evaluate_service(cat, s, facts, TODAY, memo) for s in order}
        assert results["north-desk"].status == Status.NOT_ELIGIBLE
        assert results["city-desk"].status == Status.ELIGIBLE


def test_the_district_is_asked_when_it_can_change_the_plan_and_only_then():
    cat = catalog(
        service(1, "north-desk", ["health"], REFUGEE, areas=frozenset({"north"})),
        service(2, "clinic", ["health"], open_to_all=True),
    )
    given = answers(["health"], status="refugee")
    nxt = engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY)
    assert nxt.fact is not None and nxt.fact.key == "district"
    # Not for someone the rule already excludes.
    given = answers(["health"], status="worker")
    assert engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY).fact is None
    plan = build_plan(cat, answers(["health"], status="refugee", district="south"), TODAY)
    assert plan.slugs() == ["clinic"]
    maybe = build_plan(cat, answers(["health"], status="refugee"), TODAY)
    assert step(maybe, "north-desk").maybe


# --------------------------------------------------------------------------- unlocking

REGISTER = {"!=": [{"var": "registered"}, True]}


def test_a_step_an_earlier_step_makes_possible_stays_in_the_plan_after_it():
    cat = catalog(
        service(1, "register", ["work"], REGISTER, gives={"registered": True}, phase="first-days"),
        service(
            2,
            "guidance",
            ["housing"],
            {"and": [REFUGEE, REGISTERED]},
            requires=("register",),
            phase="first-days",
        ),
    )
    plan = build_plan(cat, answers(["housing"], status="refugee", registered=False), TODAY)
    assert plan.slugs() == ["register", "guidance"]
    guidance = step(plan, "guidance")
    assert guidance.after == ("register",)
    assert guidance.assumes == {"registered": True}
    assert guidance.result.status == Status.ELIGIBLE
    assert step(plan, "register").required_by == ("guidance",)
    # A condition following the plan cannot change still excludes.
    worker = answers(["housing"], status="worker", registered=False)
    assert build_plan(cat, worker, TODAY).steps == []
    # Someone already registered: no registration step, and nothing to wait for.
    done = build_plan(cat, answers(["housing"], status="refugee", registered=True), TODAY)
    assert done.slugs() == ["guidance"] and step(done, "guidance").after == ()


def test_a_step_after_a_maybe_step_is_maybe_and_says_what_decides_it():
    cat = catalog(
        service(
            1,
            "register",
            ["work"],
            {"and": [{"!=": [{"var": "status"}, "none"]}, REGISTER]},
            gives={"registered": True},
        ),
        service(2, "guidance", ["work"], {"and": [{">=": [{"var": "age"}, 18]}, REGISTERED]}),
    )
    plan = build_plan(cat, answers(["work"], age=30, registered=False), TODAY)
    assert plan.slugs() == ["register", "guidance"]
    guidance = step(plan, "guidance")
    assert guidance.maybe and guidance.after == ("register",)
    assert "status" in guidance.result.deciding


def test_only_the_plans_own_steps_count_and_unlocking_reaches_a_fixpoint():
    cat = catalog(
        service(1, "tax-office", ["work"], gives={"tax_id": True}),
        service(2, "bank", ["housing"], {"==": [{"var": "tax_id"}, True]}),
        service(3, "register", ["housing"], REGISTER, gives={"registered": True}),
        service(
            4,
            "benefits",
            ["health"],
            {"and": [{"==": [{"var": "tax_id"}, True]}, REGISTERED]},
            gives={"benefit_card": True},
        ),
        service(5, "pharmacy", ["health"], {"==": [{"var": "benefit_card"}, True]}),
    )
    facts = {"tax_id": False, "registered": False, "benefit_card": False}
    # The tax office is not in this plan (work was not chosen): the bank stays out.
    plan = build_plan(cat, answers(["housing"], **facts), TODAY)
    assert plan.slugs() == ["register"]
    plan = build_plan(cat, answers(["housing", "work", "health"], **facts), TODAY)
    slugs = plan.slugs()
    assert step(plan, "bank").after == ("tax-office",)
    assert sorted(step(plan, "benefits").after) == ["register", "tax-office"]
    assert step(plan, "benefits").assumes == {"registered": True, "tax_id": True}
    assert step(plan, "pharmacy").after == ("benefits",)  # unlocked by an unlocked step
    assert slugs.index("tax-office") < slugs.index("bank")
    assert max(slugs.index("tax-office"), slugs.index("register")) < slugs.index("benefits")
    assert slugs.index("benefits") < slugs.index("pharmacy")


def test_a_step_waits_only_for_the_steps_it_needs():
    tax_id = {"==": [{"var": "tax_id"}, True]}
    givers = (
        service(1, "register", ["work"], REGISTER, gives={"registered": True}),
        service(2, "tax-office", ["work"], gives={"tax_id": True}),
    )
    either = catalog(*givers, service(3, "bank", ["work"], {"or": [REGISTERED, tax_id]}))
    plan = build_plan(either, answers(["work"], registered=False, tax_id=False), TODAY)
    assert step(plan, "bank").after == ("tax-office",)  # one of them is enough
    both = catalog(*givers, service(3, "bank", ["work"], {"and": [REGISTERED, tax_id]}))
    # The tax id was not known: the tax office's step still makes the bank a sure thing.
    plan = build_plan(both, answers(["work"], registered=False), TODAY)
    bank = step(plan, "bank")
    assert sorted(bank.after) == ["register", "tax-office"]
    assert bank.result.status == Status.ELIGIBLE


# --------------------------------------------------------------------------- order


def test_urgent_steps_come_first_only_when_definitely_urgent():
    cat = catalog(
        service(1, "clinic", ["health"], phase="first-days"),
        service(2, "shelter", ["housing"], phase="first-days", urgent_when=NO_HOME),
    )
    plan = build_plan(cat, answers(["health", "housing"], housing="no_home"), TODAY)
    assert plan.slugs() == ["shelter", "clinic"]
    assert step(plan, "shelter").urgent and not step(plan, "clinic").urgent
    unknown = build_plan(cat, answers(["health", "housing"]), TODAY)
    assert unknown.slugs() == ["clinic", "shelter"]
    assert not any(s.urgent for s in unknown.steps)


def test_services_of_an_urgent_topic_are_urgent_for_people_who_chose_it():
    cat = catalog(
        service(1, "clinic", ["health"], phase="first-days"),
        service(2, "crisis-line", ["urgent", "health"], phase="first-days"),
    )
    chosen = build_plan(cat, answers(["health", "urgent"]), TODAY)
    assert chosen.slugs() == ["crisis-line", "clinic"] and step(chosen, "crisis-line").urgent
    # Relevant through "health" only: not urgent for this person, in need order.
    assert not step(build_plan(cat, answers(["health"]), TODAY), "crisis-line").urgent


def test_needs_come_in_the_order_chosen_and_maybe_never_pushes_eligible_down():
    cat = catalog(
        service(1, "a-maybe-work", ["work"], REFUGEE),
        service(2, "b-work", ["work"]),
        service(3, "c-health", ["health"]),
        service(4, "d-maybe-health", ["health"], REFUGEE),
    )
    plan = build_plan(cat, answers(["work", "health"]), TODAY)
    assert plan.slugs() == ["b-work", "c-health", "a-maybe-work", "d-maybe-health"]
    plan = build_plan(cat, answers(["health", "work"]), TODAY)
    assert plan.slugs() == ["c-health", "b-work", "d-maybe-health", "a-maybe-work"]


def test_phases_still_come_first():
    cat = catalog(
        service(1, "later-work", ["work"], phase="first-months"),
        service(2, "soon-health", ["health"], phase="first-days"),
    )
    assert build_plan(cat, answers(["work", "health"]), TODAY).slugs() == [
        "soon-health",
        "later-work",
    ]


def test_the_welcome_service_comes_early_for_recent_arrivals_only():
    cat = catalog(
        service(1, "a-clinic", ["health"]),
        service(2, "b-maybe", ["health"], REFUGEE),
        service(3, "welcome", ["work"]),
        welcome="welcome",
    )
    for months in (None, 3):
        facts = {} if months is None else {"months_since_arrival": months}
        plan = build_plan(cat, answers([], **facts), TODAY)
        assert plan.slugs() == ["welcome", "a-clinic", "b-maybe"]
        assert not plan.settled
        chosen = build_plan(cat, answers(["health"], **facts), TODAY)
        assert chosen.slugs() == ["a-clinic", "b-maybe"]  # not relevant: not added
        both = build_plan(cat, answers(["health", "work"], **facts), TODAY)
        assert both.slugs() == ["a-clinic", "welcome", "b-maybe"]
    settled = build_plan(cat, answers([], months_since_arrival=30), TODAY)
    assert settled.settled
    assert settled.slugs() == ["a-clinic", "welcome", "b-maybe"]
    assert build_plan(cat, answers([], months_since_arrival=12), TODAY).settled


def test_a_prerequisite_takes_the_best_rank_of_what_needs_it():
    cat = catalog(
        service(1, "a-health", ["health"]),
        service(2, "b-work", ["work"], requires=("z-register",)),
        service(3, "z-register", ["housing"], REGISTER),
    )
    # "work" chosen first: its prerequisite (a maybe, and for no chosen need) moves up too.
    plan = build_plan(cat, answers(["work", "health"]), TODAY)
    assert plan.slugs() == ["z-register", "b-work", "a-health"]
    assert step(plan, "z-register").maybe
    plan = build_plan(cat, answers(["health", "work"]), TODAY)
    assert plan.slugs() == ["a-health", "z-register", "b-work"]


# --------------------------------------------------------------------------- opt-in

RETURN = {"==": [{"var": "considering_return"}, True]}


def opt_in_catalog() -> Catalog:
    return catalog(
        service(1, "return-counselling", ["return"], RETURN, opt_in=True),
        service(2, "legal-aid", ["legal"], REFUGEE),
        service(3, "welcome", ["work"], open_to_all=True),
        welcome="welcome",
    )


def test_an_opt_in_service_is_relevant_only_when_its_own_topic_is_chosen():
    cat = opt_in_catalog()
    assert "return-counselling" not in {s.slug for s in engine.relevant(cat, ())}
    # "legal" is the parent of "return": choosing the parent is not asking for it.
    assert "return-counselling" not in {s.slug for s in engine.relevant(cat, ("legal",))}
    assert "return-counselling" in {s.slug for s in engine.relevant(cat, ("return",))}


def test_the_opt_in_question_is_asked_only_after_its_need_is_chosen():
    cat = opt_in_catalog()
    for needs in ((), ("legal",), ("legal", "work")):
        given = answers(needs, status="refugee")
        results = engine.assess(cat, given, TODAY)
        assert engine.next_question(cat, given, results, TODAY).fact is None
        assert "return-counselling" not in build_plan(cat, given, TODAY).slugs()
    given = answers(["return"], status="refugee")
    nxt = engine.next_question(cat, given, engine.assess(cat, given, TODAY), TODAY)
    assert nxt.fact is not None and nxt.fact.key == "considering_return"


def test_gaps_never_offer_an_opt_in_service_and_prerequisites_never_pull_one_in():
    cat = catalog(
        service(1, "return-desk", ["legal", "return"], open_to_all=True, opt_in=True),
        service(2, "legal-aid", ["legal"], REFUGEE),
        service(3, "welcome", ["work"], open_to_all=True),
        welcome="welcome",
    )
    # "legal" chosen directly: the opt-in desk is relevant (one of its own topics).
    assert build_plan(cat, answers(["legal"], status="worker"), TODAY).slugs() == ["return-desk"]
    legal = catalog(
        service(1, "return-desk", ["return"], open_to_all=True, opt_in=True),
        service(2, "legal-aid", ["legal"], REFUGEE),
        service(3, "welcome", ["work"], open_to_all=True),
        welcome="welcome",
    )
    plan = build_plan(legal, answers(["legal"], status="worker"), TODAY)
    assert plan.steps == []
    assert [(g.need, [s.slug for s in g.alternatives]) for g in plan.gaps] == [
        ("legal", ["welcome"])
    ]
    pulled = catalog(
        service(1, "return-desk", ["return"], open_to_all=True, opt_in=True),
        service(2, "legal-aid", ["legal"], REFUGEE, requires=("return-desk",)),
    )
    assert build_plan(pulled, answers(["legal"], status="refugee"), TODAY).slugs() == ["legal-aid"]


# --------------------------------------------------------------------------- the demo pack


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return catalog_from_pack(check_pack(DEMO_PACK))


def test_demo_return_question_is_asked_only_to_people_who_chose_return(demo: Catalog):
    cat = demo
    opt_in = [s for s in cat.services if s.opt_in]
    assert opt_in, "the demo pack marks return counselling as opt-in"
    topics = sorted({t for s in opt_in for t in s.topics})
    others = [n for n in cat.facts["needs"].options if n not in topics]
    person = {"residence_status": "asylum_seeker", "age": 30, "months_since_arrival": 4}
    for needs in ([], others, *([n] for n in others)):
        for facts in ({}, person):  # "I don't know" to everything, or a usual answer set
            asked = simulate(cat, facts, needs, TODAY)
            assert "considering_return" not in asked, needs
            plan = build_plan(cat, engine.Answers(tuple(needs), True, facts), TODAY)
            assert not {s.slug for s in opt_in} & set(plan.slugs())
    assert "considering_return" in simulate(cat, person, topics[:1], TODAY)


def test_demo_family_member_not_yet_registered_gets_guidance_after_registering(demo: Catalog):
    cat = demo
    person = {
        "residence_status": "family_member",
        "age": 31,
        "months_since_arrival": 1,
        "registered_address": False,
        "housing": "own_home",
    }
    plan = build_plan(cat, engine.Answers(("family",), True, person), TODAY)
    slugs = plan.slugs()
    guidance = step(plan, "family-migrant-guidance")
    assert guidance.after == ("address-registration",)
    assert guidance.assumes == {"registered_address": True}
    assert slugs.index("address-registration") < slugs.index("family-migrant-guidance")
    # Without a status that allows it, registering would not help: not in the plan.
    refused = {**person, "residence_status": "asylum_seeker"}
    plan = build_plan(cat, engine.Answers(("family",), True, refused), TODAY)
    assert "family-migrant-guidance" not in plan.slugs()
