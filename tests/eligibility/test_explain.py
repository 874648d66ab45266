"""Explanations as sentences: each line states a condition as the service needs it, and a
verdict on the person's answer that never contradicts it."""

from __future__ import annotations

from collections.abc import Sequence

from navigator.eligibility import FactVocab, Line, explain, render
from navigator.eligibility.tree import all_of, area_condition

DERIVED = {
    "is_minor": {"<": [{"var": "age"}, 18]},
    "is_adult": {">=": [{"var": "age"}, 18]},
}
STATUSES = {
    "refugee": "Refugee",
    "temporary_protection": "Temporary protection",
    "asylum_seeker": "Asylum seeker",
    "no_permit": "No residence permit",
}
EN = {
    "residence_status": FactVocab("choice", "Your residence status", options=STATUSES),
    "age": FactVocab("number", "Your age"),
    "arrived": FactVocab("date", "Your arrival date"),
    "registered": FactVocab(
        "boolean",
        "Your address",
        statement="You have registered your address",
        negative_statement="You have not registered your address yet",
    ),
    "jobseeker": FactVocab("boolean", "Jobseeker", statement="You are registered as a jobseeker"),
    "needs": FactVocab("multi", "What you need help with", options={"health": "Health"}),
    "children": FactVocab(
        "multi",
        "The ages of your children",
        options={"under_3": "Under 3 years", "age_3_5": "3 to 5 years", "age_6_11": "6 to 11"},
    ),
    "district": FactVocab(
        "choice",
        "In which part of the city do you live?",
        options={"north": "North district", "south": "South district", "east": "East district"},
    ),
    "is_minor": FactVocab("boolean", "", derived_statement="You are under 18"),
    "is_adult": FactVocab(
        "boolean",
        "",
        derived_statement="You are 18 or older",
        negative_statement="You are under 18",
    ),
}
LOGIC_NOTATION = ("All of these", "At least one", "must not be true", "must be true")


def english_list(items: Sequence[str], style: str) -> str:
    joiner = " or " if style == "or" else " and "
    return ", ".join(items[:-1]) + joiner + items[-1] if len(items) > 1 else items[0]


def lines(rule: object, facts: dict[str, object], vocab: dict = EN, **kw: object) -> list[Line]:
    kw.setdefault("format_list", english_list)
    return render(explain(rule, facts, DERIVED), vocab, **kw)  # type: ignore[arg-type]


def one(rule: object, facts: dict[str, object]) -> Line:
    (line,) = lines(rule, facts)
    return line


def said(line: Line) -> str | None:
    return line.answer if line.show_answer else None


def test_choice_names_the_allowed_options_and_the_answer_when_it_is_not_one() -> None:
    rule = {"in": [{"var": "residence_status"}, ["refugee", "temporary_protection"]]}
    line = one(rule, {"residence_status": "asylum_seeker"})
    assert line.text == "Your residence status: Refugee or Temporary protection"
    assert (line.outcome, line.verdict) == ("no", "this is not true for you")
    assert (said(line), line.depth) == ("Asylum seeker", 0)
    assert (line.fact, line.op, line.expected, line.negated) == (
        "residence_status",
        "in",
        ("refugee", "temporary_protection"),
        False,
    )
    line = one({"==": [{"var": "residence_status"}, "refugee"]}, {"residence_status": "refugee"})
    assert (line.text, line.verdict, said(line)) == (
        "Your residence status: Refugee",
        "this is true for you",
        None,  # the sentence already names it
    )


def test_negated_choice_never_reads_as_a_double_negative() -> None:
    facts = {"residence_status": "asylum_seeker"}
    for rule in (
        {"!=": [{"var": "residence_status"}, "no_permit"]},
        {"!": {"==": [{"var": "residence_status"}, "no_permit"]}},
        {"!": {"in": [{"var": "residence_status"}, ["no_permit"]]}},
    ):
        line = one(rule, facts)
        assert line.text == "Your residence status: anything except No residence permit"
        assert (line.outcome, said(line), line.op, line.negated) == (
            "yes",
            "Asylum seeker",
            "in",
            True,
        )
        assert line.expected == ("no_permit",)
    # When few options are left, they are named instead.
    rule = {"!": {"in": [{"var": "residence_status"}, ["refugee", "no_permit"]]}}
    line = one(rule, {"residence_status": "no_permit"})
    assert line.text == "Your residence status: Temporary protection or Asylum seeker"
    assert (line.outcome, said(line), line.negated) == ("no", "No residence permit", True)
    # A double negation is no negation.
    line = one({"!": {"!=": [{"var": "residence_status"}, "no_permit"]}}, facts)
    assert (line.text, line.outcome) == ("Your residence status: No residence permit", "no")


def test_number_comparisons_and_their_negations() -> None:
    cases = {
        ">=": ("Your age is 16 or more", "Your age is less than 16"),
        ">": ("Your age is more than 16", "Your age is 16 or less"),
        "<=": ("Your age is 16 or less", "Your age is more than 16"),
        "<": ("Your age is less than 16", "Your age is 16 or more"),
        "==": ("Your age is 16", "Your age is not 16"),
    }
    for op, (text, negated) in cases.items():
        line = one({op: [{"var": "age"}, 16]}, {"age": 20})
        assert (line.text, said(line), line.negated) == (text, "20", False)
        line = one({"!": {op: [{"var": "age"}, 16]}}, {"age": 20})
        assert (line.text, line.negated) == (negated, False)
    line = one({"!": {"<": [{"var": "age"}, 18]}}, {"age": 10})
    assert (line.text, line.outcome, line.op, line.expected) == (
        "Your age is 18 or more",
        "no",
        ">=",
        18,
    )
    flipped = one({"<": [16, {"var": "age"}]}, {})
    assert (flipped.text, flipped.verdict, said(flipped)) == (
        "Your age is more than 16",
        "we do not know this yet",
        None,
    )


def test_between_and_its_negation() -> None:
    inclusive = {"<=": [15, {"var": "age"}, 29]}
    line = one(inclusive, {"age": 20})
    assert (line.text, line.outcome, line.op, line.expected) == (
        "Your age is between 15 and 29",
        "yes",
        "between",
        (15, 29),
    )
    line = one({"!": inclusive}, {"age": 20})
    assert (line.text, line.outcome, line.negated) == (
        "Your age is less than 15 or more than 29",
        "no",
        True,
    )
    exclusive = {"<": [15, {"var": "age"}, 29]}
    assert one(exclusive, {"age": 15}).text == "Your age is more than 15 and less than 29"
    line = one({"!": exclusive}, {"age": 15})
    assert (line.text, line.outcome) == ("Your age is 15 or less, or 29 or more", "yes")
    # Two bounds on one number read as one range.
    line = one({"and": [{">=": [{"var": "age"}, 18]}, {"<=": [{"var": "age"}, 30]}]}, {"age": 40})
    assert (line.text, line.outcome, said(line)) == ("Your age is between 18 and 30", "no", "40")


def test_dates() -> None:
    line = one({"!": {"<": [{"var": "arrived"}, "2025-01-01"]}}, {"arrived": "2024-05-01"})
    assert (line.text, line.outcome) == ("Your arrival date is on or after 2025-01-01", "no")
    line = one({"!": {"<=": ["2025-01-01", {"var": "arrived"}, "2025-12-31"]}}, {})
    assert line.text == "Your arrival date is before 2025-01-01 or after 2025-12-31"


def test_booleans_state_the_needed_answer_in_words() -> None:
    positive = "You have registered your address"
    for rule in ({"var": "registered"}, {"==": [{"var": "registered"}, True]}):
        line = one(rule, {"registered": False})
        assert (line.text, line.outcome, said(line)) == (positive, "no", None)
        assert (line.op, line.expected) == ("==", True)
    negative = "You have not registered your address yet"
    for rule in (
        {"!": {"var": "registered"}},
        {"==": [{"var": "registered"}, False]},
        {"!=": [{"var": "registered"}, True]},
        {"!": {"==": [{"var": "registered"}, True]}},
    ):
        line = one(rule, {"registered": False})
        assert (line.text, line.verdict) == (negative, "this is true for you")
        assert (line.op, line.expected, line.negated) == ("==", False, False)
        line = one(rule, {"registered": True})
        assert (line.text, line.verdict) == (negative, "this is not true for you")


def test_a_boolean_without_negative_wording_is_still_not_read_as_its_opposite() -> None:
    line = one({"!": {"var": "jobseeker"}}, {"jobseeker": False})
    assert line.text == "This is not the case: You are registered as a jobseeker"
    assert line.outcome == "yes"


def test_derived_facts_show_the_answer_they_come_from() -> None:
    line = one({"==": [{"var": "is_adult"}, True]}, {"age": 17})
    assert (line.text, line.outcome, said(line)) == ("You are 18 or older", "no", "17")
    line = one({"!": {"var": "is_adult"}}, {"age": 17})
    assert (line.text, line.outcome, said(line)) == ("You are under 18", "yes", "17")
    assert one({"var": "is_minor"}, {}).outcome == "unknown"


def test_lists_read_as_plain_sentences() -> None:
    line = one({"in": ["health", {"var": "needs"}]}, {"needs": ["health"]})
    assert (line.text, line.outcome) == (
        "What you need help with: your answers include Health",
        "yes",
    )
    assert (line.op, line.expected, line.negated) == ("contains", ("health",), False)
    line = one({"!": {"in": ["health", {"var": "needs"}]}}, {"needs": ["health"]})
    assert line.text == "What you need help with: your answers do not include Health"
    assert (line.outcome, line.negated) == ("no", True)
    # Alternatives on one list merge into one sentence.
    rule = {
        "or": [{"in": ["under_3", {"var": "children"}]}, {"in": ["age_3_5", {"var": "children"}]}]
    }
    line = one(rule, {"children": ["age_6_11"]})
    assert (
        line.text == "The ages of your children: your answers include Under 3 years or 3 to 5 years"
    )
    assert (line.outcome, said(line), line.expected) == ("no", "6 to 11", ("under_3", "age_3_5"))


def test_negations_are_pushed_inward_without_logic_notation() -> None:
    rule = {
        "!": {
            "or": [
                {"==": [{"var": "registered"}, True]},
                {"in": [{"var": "residence_status"}, ["refugee", "temporary_protection"]]},
            ]
        }
    }
    result = lines(rule, {"registered": False, "residence_status": "asylum_seeker"})
    assert [(line.text, line.outcome, line.depth) for line in result] == [
        ("You have not registered your address yet", "yes", 0),
        ("Your residence status: Asylum seeker or No residence permit", "yes", 0),
    ]
    # A false "and" shows what failed, and only that.
    result = lines(rule, {"registered": True, "residence_status": "asylum_seeker"})
    assert [(line.text, line.outcome) for line in result] == [
        ("You have not registered your address yet", "no")
    ]


def test_alternatives_show_what_decides() -> None:
    rule = {
        "or": [
            {
                "and": [
                    {"==": [{"var": "residence_status"}, "asylum_seeker"]},
                    {">=": [{"var": "age"}, 18]},
                ]
            },
            {"==": [{"var": "residence_status"}, "no_permit"]},
            {"var": "registered"},
        ]
    }
    # Unknown: only the open alternatives; "And:" binds inside one, "Or:" starts the next.
    assert [(line.text, line.outcome) for line in lines(rule, {"registered": False})] == [
        ("Your residence status: Asylum seeker", "unknown"),
        ("And: Your age is 18 or more", "unknown"),
        ("Or: Your residence status: No residence permit", "unknown"),
    ]
    # True: only what made it true.
    result = lines(rule, {"residence_status": "no_permit", "registered": True})
    assert [(line.text, line.outcome) for line in result] == [
        ("Your residence status: No residence permit", "yes"),
        ("Or: You have registered your address", "yes"),
    ]
    # False: every alternative, each with what failed (alternatives on one fact merge).
    result = lines(rule, {"residence_status": "refugee", "age": 30, "registered": False})
    assert [(line.text, line.outcome) for line in result] == [
        ("Your residence status: Asylum seeker or No residence permit", "no"),
        ("Or: You have registered your address", "no"),
    ]
    result = lines(rule, {"residence_status": "asylum_seeker", "age": 17, "registered": False})
    assert [(line.text, line.outcome) for line in result] == [
        ("Your age is 18 or more", "no"),
        ("Or: Your residence status: No residence permit", "no"),
        ("Or: You have registered your address", "no"),
    ]
    # Alternatives inside a list of conditions are indented as one block.
    rule = {
        "and": [{"var": "registered"}, {"or": [{">=": [{"var": "age"}, 60]}, {"var": "is_minor"}]}]
    }
    assert [(line.text, line.depth) for line in lines(rule, {"registered": True})] == [
        ("You have registered your address", 0),
        ("Your age is 60 or more", 1),
        ("Or: You are under 18", 1),
    ]
    texts = " ".join(line.text for line in lines(rule, {}))
    assert not any(phrase in texts for phrase in LOGIC_NOTATION)


def test_service_areas_read_as_where_you_live() -> None:
    for district, outcome in (("north", "yes"), ("east", "no"), (None, "unknown")):
        facts = {} if district is None else {"district": district}
        node = all_of([area_condition("district", ["north", "south"], facts)])
        (line,) = render(node, EN, format_list=english_list)
        assert (line.text, line.outcome) == (
            "You live in North district or South district",
            outcome,
        )
        assert (line.fact, line.op, line.expected) == ("district", "in", ("north", "south"))
    node = all_of(
        [
            explain({"var": "registered"}, {"registered": True}),
            area_condition("district", ["north"], {}),
        ]
    )
    assert [(line.text, line.outcome) for line in render(node, EN)] == [
        ("You have registered your address", "yes"),
        ("You live in North district", "unknown"),
    ]


def test_no_doubled_punctuation_from_content() -> None:
    vocab = dict(EN, age=FactVocab("number", "How old are you?"))
    assert one({">=": [{"var": "age"}, 16]}, {}).text == "Your age is 16 or more"
    (line,) = lines({">=": [{"var": "age"}, 16]}, {}, vocab)
    assert line.text == "How old are you is 16 or more"  # never "…?." nor "? is"


def test_unrecognised_conditions_never_show_json_or_fact_ids() -> None:
    rule = {"and": [{">": [{"+": [{"var": "secret_fact"}, 1]}, 3]}, {"var": "not_in_vocab"}]}
    result = lines(rule, {"secret_fact": 5})
    texts = " ".join(line.text for line in result)
    assert "Another condition set by the service" in texts
    assert "secret_fact" not in texts and "not_in_vocab" not in texts and "{" not in texts
    assert all(line.fact is None for line in result)
    # An option the content has no words for is never shown raw either.
    (line,) = lines({"==": [{"var": "residence_status"}, "martian"]}, {})
    assert line.text == "Another condition set by the service"


AR_TEMPLATES = {
    "%(subject)s: %(options)s": "%(subject)s: %(options)s",
    "%(subject)s: anything except %(options)s": "%(subject)s: أي وضع ما عدا %(options)s",
    "%(subject)s is %(value)s or more": "%(subject)s %(value)s أو أكثر",
    "Another condition set by the service": "شرط آخر تحدده الخدمة",
    "this is true for you": "هذا ينطبق عليك",
    "this is not true for you": "هذا لا ينطبق عليك",
    "yes": "نعم",
}
AR = {
    "residence_status": FactVocab(
        "choice",
        "وضع إقامتك",
        options={
            "refugee": "لاجئ",
            "temporary_protection": "حماية مؤقتة",
            "asylum_seeker": "طالب لجوء",
            "no_permit": "بدون تصريح إقامة",
        },
    ),
    "age": FactVocab("number", "عمرك"),
    "registered": FactVocab(
        "boolean",
        "عنوانك",
        statement="سجّلت عنوانك",
        negative_statement="لم تسجّل عنوانك بعد",
    ),
}


def arabic(text: str) -> str:
    return AR_TEMPLATES.get(text, "؟؟")  # an untranslated template would show as ؟؟


def arabic_list(items: Sequence[str], style: str) -> str:
    return (" أو " if style == "or" else " و ").join(items)


def test_arabic_rendering_leaks_nothing_english_or_internal() -> None:
    rule = {
        "and": [
            {"in": [{"var": "residence_status"}, ["refugee", "temporary_protection"]]},
            {">=": [{"var": "age"}, 16]},
            {"!": {"var": "registered"}},
            {"!=": [{"var": "residence_status"}, "no_permit"]},
            {"%": [{"var": "age"}, 2]},
        ]
    }
    facts = {"residence_status": "refugee", "age": 31, "registered": False}
    result = lines(rule, facts, AR, _=arabic, format_list=arabic_list)
    assert [line.text for line in result] == [
        "وضع إقامتك: لاجئ أو حماية مؤقتة",
        "عمرك 16 أو أكثر",
        "لم تسجّل عنوانك بعد",
        "وضع إقامتك: أي وضع ما عدا بدون تصريح إقامة",
        "شرط آخر تحدده الخدمة",
    ]
    assert [said(line) for line in result] == ["لاجئ", "31", None, "لاجئ", None]
    shown = " ".join(f"{line.text} {line.verdict} {said(line) or ''}" for line in result)
    assert not any("a" <= ch.lower() <= "z" for ch in shown), shown
    assert "؟؟" not in shown
