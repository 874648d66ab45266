"""Explanations as sentences, in English and in an Arabic-style locale."""

from __future__ import annotations

from collections.abc import Sequence

from navigator.eligibility import FactVocab, Line, explain, render

DERIVED = {"is_minor": {"<": [{"var": "age"}, 18]}}
EN = {
    "residence_status": FactVocab(
        "choice",
        "Your residence status",
        options={
            "refugee": "refugee",
            "temporary_protection": "temporary protection",
            "asylum_seeker": "asylum seeker",
        },
    ),
    "age": FactVocab("number", "Your age"),
    "registered": FactVocab(
        "boolean", "Your address", statement="You are registered at an address in the city"
    ),
    "needs": FactVocab("multi", "You need help with", options={"health": "Health"}),
    "is_minor": FactVocab("boolean", "Your age", derived_statement="You are under 18"),
}


def english_list(items: Sequence[str], style: str) -> str:
    joiner = " or " if style == "or" else " and "
    return ", ".join(items[:-1]) + joiner + items[-1] if len(items) > 1 else items[0]


def lines(rule: object, facts: dict[str, object], vocab: dict = EN, **kw: object) -> list[Line]:
    return render(explain(rule, facts, DERIVED), vocab, **kw)  # type: ignore[arg-type]


def test_choice_in_list_with_the_answer() -> None:
    rule = {"in": [{"var": "residence_status"}, ["refugee", "temporary_protection"]]}
    (line,) = lines(rule, {"residence_status": "asylum_seeker"}, format_list=english_list)
    assert line.text == "Your residence status is refugee or temporary protection"
    assert (line.outcome, line.answer, line.depth) == ("no", "asylum seeker", 0)


def test_number_comparisons() -> None:
    facts = {"age": 20}
    cases = {
        ">=": "Your age is 16 or more",
        ">": "Your age is more than 16",
        "<=": "Your age is 16 or less",
        "<": "Your age is less than 16",
        "==": "Your age is 16",
    }
    for op, text in cases.items():
        (line,) = lines({op: [{"var": "age"}, 16]}, facts)
        assert line.text == text
        assert line.answer == "20"
    (line,) = lines({"<=": [15, {"var": "age"}, 29]}, facts)
    assert (line.text, line.outcome) == ("Your age is between 15 and 29", "yes")
    (flipped,) = lines({"<": [16, {"var": "age"}]}, {})
    assert (flipped.text, flipped.outcome) == ("Your age is more than 16", "unknown")


def test_boolean_facts_read_as_statements_with_the_needed_answer() -> None:
    statement = "You are registered at an address in the city"
    for rule in ({"var": "registered"}, {"==": [{"var": "registered"}, True]}):
        (line,) = lines(rule, {"registered": True})
        assert (line.text, line.outcome, line.needed, line.answer) == (
            statement,
            "yes",
            None,
            "yes",
        )
    for rule in ({"!": {"var": "registered"}}, {"==": [{"var": "registered"}, False]}):
        (line,) = lines(rule, {"registered": True})
        assert (line.text, line.outcome, line.needed) == (statement, "no", "no")


def test_multi_and_derived_facts() -> None:
    (line,) = lines({"in": ["health", {"var": "needs"}]}, {"needs": ["health"]})
    assert (line.text, line.outcome, line.answer) == ("You need help with: Health", "yes", "Health")
    (line,) = lines({"var": "is_minor"}, {"age": 12})
    assert (line.text, line.outcome, line.answer) == ("You are under 18", "yes", None)


def test_groups_have_headers_and_single_child_groups_collapse() -> None:
    rule = {
        "and": [
            {"or": [{"var": "registered"}]},
            {"or": [{">=": [{"var": "age"}, 16]}, {"var": "is_minor"}]},
        ]
    }
    result = lines(rule, {"registered": True})
    assert [(line.text, line.outcome, line.depth) for line in result] == [
        ("All of these must be true:", "unknown", 0),
        ("You are registered at an address in the city", "yes", 1),
        ("At least one of these must be true:", "unknown", 1),
        ("Your age is 16 or more", "unknown", 2),
        ("You are under 18", "unknown", 2),
    ]


def test_unrecognised_conditions_never_show_json_or_fact_ids() -> None:
    rule = {"and": [{">": [{"+": [{"var": "secret_fact"}, 1]}, 3]}, {"var": "not_in_vocab"}]}
    result = lines(rule, {"secret_fact": 5})
    texts = " ".join(line.text for line in result)
    assert "Another condition set by the service" in texts
    assert "secret_fact" not in texts and "not_in_vocab" not in texts and "{" not in texts
    assert [line.outcome for line in result] == ["unknown", "yes", "unknown"]


AR_TEMPLATES = {
    "%(subject)s is %(options)s": "%(subject)s هو %(options)s",
    "%(subject)s is %(value)s or more": "%(subject)s %(value)s أو أكثر",
    "All of these must be true:": "يجب أن يتحقق كل ما يلي:",
    "Another condition set by the service": "شرط آخر تحدده الخدمة",
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
        },
    ),
    "age": FactVocab("number", "عمرك"),
    "registered": FactVocab("boolean", "عنوانك", statement="أنت مسجل في عنوان في المدينة"),
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
            {"var": "registered"},
            {"%": [{"var": "age"}, 2]},
        ]
    }
    facts = {"residence_status": "asylum_seeker", "age": 30, "registered": True}
    result = lines(rule, facts, AR, _=arabic, format_list=arabic_list)
    assert [line.text for line in result] == [
        "يجب أن يتحقق كل ما يلي:",
        "وضع إقامتك هو لاجئ أو حماية مؤقتة",
        "عمرك 16 أو أكثر",
        "أنت مسجل في عنوان في المدينة",
        "شرط آخر تحدده الخدمة",
    ]
    assert [line.answer for line in result] == [None, "طالب لجوء", "30", "نعم", None]
    shown = " ".join(f"{line.text} {line.answer or ''} {line.needed or ''}" for line in result)
    assert not any("a" <= ch.lower() <= "z" for ch in shown), shown
    assert "؟؟" not in shown
