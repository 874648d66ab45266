"""Every rule of the demo pack, explained in English and Arabic for many people: no line's
verdict may contradict the condition the line states.

Each line carries the condition it states (fact, op, expected, negated). The check below
evaluates that condition against the person's answer on its own — not through the engine
that produced the verdict — and also checks that the English words say that condition, so a
renderer that drops a negation is caught whether it drops it from the words, the verdict or
both. Sentences must also read cleanly: no logic notation, no doubled punctuation, no fact
ids or JSON, and no English in the Arabic text where Arabic words exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from flask import g, get_template_attribute

from navigator.eligibility import Line, explain, render
from navigator.eligibility.jsonlogic import apply, variables
from navigator.eligibility.tree import all_of, area_condition
from navigator.i18n import force_locale, format_list, gettext
from navigator.pathway import engine
from navigator.pathway.catalog import DISTRICT
from navigator.questionnaire import operations as ops
from tests.conftest import DEMO_PACK

VERDICTS = {
    "yes": "this is true for you",
    "no": "this is not true for you",
    "unknown": "we do not know this yet",
}
OLD_HEADERS = (
    "All of these must be true:",
    "At least one of these must be true:",
    "This must not be true:",
)
LOGIC_WORDS = re.compile(
    r"\b(all of these|at least one|must (not )?be true|AND|OR|NOT)\b|[&|!=<>{}\[\]]"
)
DOUBLED = re.compile(r"[.?!؟,،;:…]\s*[.?!؟,،;:…]")
NUMBER_WORDS = {
    ">=": "is {0} or more",
    ">": "is more than {0}",
    "<=": "is {0} or less",
    "<": "is less than {0}",
    "==": "is {0}",
    "!=": "is not {0}",
    ("between", False): "is between {0} and {1}",
    ("between", True): "is less than {0} or more than {1}",
    ("between_exclusive", False): "is more than {0} and less than {1}",
    ("between_exclusive", True): "is {0} or less, or {1} or more",
}


def _pack_statements() -> dict[str, dict[str, dict[str, str]]]:
    """locale -> fact -> {"statement", "statement_negative"}, read from the pack's files."""
    found: dict[str, dict[str, dict[str, str]]] = {"en": {}, "ar": {}}
    for fact in yaml.safe_load((DEMO_PACK / "facts.yaml").read_text("utf-8")):
        found["en"][fact["id"]] = fact
    ar = yaml.safe_load((DEMO_PACK / "translations" / "ar.yaml").read_text("utf-8"))
    found["ar"] = {key: value or {} for key, value in ar["facts"].items()}
    return found


STATEMENTS = _pack_statements()


def answer_sets(catalog: Any) -> list[dict[str, Any]]:
    """Each residence status (and unknown) × ages 10/17/18/30/70 (and unknown); the other
    facts take each of their values in turn: yes, no and unknown; every option; lists."""
    numbers = sorted({n + d for n in catalog.numbers() for d in (-1, 0, 1) if 0 <= n + d <= 120})
    values: dict[str, list[Any]] = {}
    for fact in catalog.asked:
        if fact.kind == "boolean":
            values[fact.key] = [True, False, None]
        elif fact.kind == "choice":
            values[fact.key] = [*fact.options, None]
        elif fact.kind == "multi":
            values[fact.key] = [[], *([o] for o in fact.options), list(fact.options[1:3]), None]
        elif fact.kind == "number":
            values[fact.key] = [*(int(n) for n in numbers), None]
    values["age"] = [10, 17, 18, 30, 70, None]
    sets = []
    statuses = values.pop("residence_status")
    ages = values.pop("age")
    for i, (status, age) in enumerate((s, a) for s in statuses for a in ages):
        facts = {"residence_status": status, "age": age}
        for k, (key, options) in enumerate(sorted(values.items())):
            facts[key] = options[(i * (k + 2) + k) % len(options)]
        sets.append({key: value for key, value in facts.items() if value is not None})
    return [*sets, {}]


def holds(line: Line, actual: Any) -> bool:
    """Whether the condition the line states is true for ``actual``, computed here."""
    op, expected = line.op, line.expected
    if op == "in":
        result = actual in expected
    elif op == "contains":
        result = any(value in actual for value in expected)
    elif op in ("between", "between_exclusive"):
        low, high = expected
        result = low <= actual <= high if op == "between" else low < actual < high
    else:
        result = {
            "==": actual == expected,
            "!=": actual != expected,
            "<": actual < expected,
            "<=": actual <= expected,
            ">": actual > expected,
            ">=": actual >= expected,
        }[op]
    return result != line.negated


def person_value(fact: str, facts: dict[str, Any], derived: dict[str, Any]) -> Any:
    if fact in derived:
        needs = variables(derived[fact])
        return apply(derived[fact], facts) if needs <= set(facts) else None
    return facts.get(fact)


@pytest.fixture(scope="module")
def demo(app) -> Any:  # type: ignore[no-untyped-def]
    with app.test_request_context("/en/"):
        return ops.catalog()


def _use(locale: str) -> None:
    g.locale = locale
    g.pop("locale_chain", None)


def vocabulary(app: Any, locale: str) -> Any:
    with app.test_request_context(f"/{locale}/"):
        _use(locale)
        return ops.explanation_vocabulary()


def explain_all(app: Any, locale: str, catalog: Any, sets: list[dict[str, Any]]) -> Iterator[Any]:
    """(service, facts, lines, tri value, translate) for every rule, its negation and
    every answer set."""
    with app.test_request_context(f"/{locale}/"):
        _use(locale)
        with force_locale(locale):
            vocab = ops.explanation_vocabulary()
            translate = _translator(locale)
            for service in catalog.services:
                areas = sorted(service.areas)
                # Each rule and its opposite: the opposite puts a negation on every
                # condition of the pack (numbers, ranges, lists), as a rule editor may.
                rules = [r.logic for r in service.rules] + [{"!": [r.logic]} for r in service.rules]
                for logic in rules:
                    for facts in sets:
                        parts = [explain(logic, facts, catalog.derived)]
                        if areas:
                            parts.append(area_condition(DISTRICT, areas, facts))
                        node = all_of(parts)
                        lines = render(node, vocab, translate, format_list)
                        yield service, facts, lines, node.value, translate


def _translator(locale: str) -> Any:
    """gettext; a template not yet in the catalog becomes a stand-in without Latin letters,
    so the Arabic check catches English that comes from anywhere else."""

    def translate(msgid: str) -> str:
        text = gettext(msgid)
        if locale == "en" or text != msgid:
            return text
        return "".join(
            part if part.startswith("%(") else re.sub(r"[A-Za-z]+", "ـ", part)
            for part in re.split(r"(%\(\w+\)s)", msgid)
        )

    return translate


def english_allowed(en: Any, ar: Any) -> set[str]:
    """Latin words the Arabic text may contain: those of the Arabic content itself ("A1"),
    and those of content with no Arabic translation (shown in English by design)."""
    allowed: set[str] = set()
    for key, info in ar.items():
        original = en[key]
        pairs = [
            (info.subject, original.subject),
            (info.statement, original.statement),
            (info.negative_statement, original.negative_statement),
            *((label, original.options.get(value)) for value, label in info.options.items()),
        ]
        for text, english in pairs:
            if text and (text == english or not re.search(r"[A-Za-z]{3}", english or "")):
                allowed |= set(re.findall(r"[A-Za-z]+", text))
            elif text:
                allowed |= {w for w in re.findall(r"[A-Za-z]+", text) if len(w) <= 2 or w.isupper()}
    return allowed


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_no_line_contradicts_the_answer_in_any_rule_of_the_pack(app, demo, locale):  # type: ignore[no-untyped-def]
    sets = answer_sets(demo)
    vocab = vocabulary(app, locale)
    latin = english_allowed(vocabulary(app, "en"), vocab)
    internal = {f for f in demo.facts if "_" in f}
    internal |= {v for f in demo.facts.values() for v in f.options if "_" in v}
    with app.test_request_context(f"/{locale}/"), force_locale(locale):
        old_headers = [
            gettext(h).rstrip(":") for h in OLD_HEADERS if gettext(h) != h or locale == "en"
        ]
    checked = 0
    for service, facts, lines, value, translate in explain_all(app, locale, demo, sets):
        where = f"{service.slug} {facts} {locale}: {[(ln.text, ln.outcome) for ln in lines]}"
        assert lines, where
        outcomes = {line.outcome for line in lines}
        # The lines give the reason for the result, never a contradiction of it.
        if value is True:
            assert outcomes == {"yes"}, where
        elif value is False:
            assert "no" in outcomes, where
        else:
            assert "unknown" in outcomes and "no" not in outcomes, where
        for line in lines:
            shown = f"{line.text} — {line.verdict}"
            if line.show_answer:
                shown += f" ({line.answer})"
            assert line.verdict == translate(VERDICTS[line.outcome]), where
            assert not DOUBLED.search(shown), shown
            assert not line.text.rstrip().endswith(("?", ".", ":", "؟")), shown
            assert not any(header in shown for header in old_headers), shown
            assert not set(re.findall(r"[\w.]+", shown)) & internal, shown
            if locale == "en":
                assert not LOGIC_WORDS.search(line.text), shown
            else:
                assert set(re.findall(r"[A-Za-z]+", shown)) <= latin, shown
            if line.fact is None:
                assert line.text == translate("Another condition set by the service"), shown
                continue
            actual = person_value(line.fact, facts, demo.derived)
            expected = "unknown" if actual is None else ("yes" if holds(line, actual) else "no")
            assert line.outcome == expected, f"{shown}: {line.fact}={actual!r} — {where}"
            check_words(line, vocab[line.fact], locale, translate, shown)
            if line.show_answer:
                assert line.answer and actual is not None, shown
            checked += 1
    assert checked > 5000


# The templates a line's words must come from, by the condition it carries (msgids, so the
# check holds in every locale; the English wording is also checked on its own above).
EXCEPT = "%(subject)s: anything except %(options)s"
INCLUDE = "%(subject)s: your answers include %(options)s"
EXCLUDE = "%(subject)s: your answers do not include %(options)s"
NUMBER_TEMPLATES = {
    ">=": "%(subject)s is %(value)s or more",
    ">": "%(subject)s is more than %(value)s",
    "<=": "%(subject)s is %(value)s or less",
    "<": "%(subject)s is less than %(value)s",
    "!=": "%(subject)s is not %(value)s",
    ("between", False): "%(subject)s is between %(low)s and %(high)s",
    ("between", True): "%(subject)s is less than %(low)s or more than %(high)s",
    ("between_exclusive", False): "%(subject)s is more than %(low)s and less than %(high)s",
    ("between_exclusive", True): "%(subject)s is %(low)s or less, or %(high)s or more",
}


def says(text: str, template: str, translate: Any) -> bool:
    """Whether ``text`` has every fixed part of ``template`` in the reader's language."""
    parts = [p.strip() for p in re.split(r"%\(\w+\)s", translate(template)) if p.strip()]
    return all(part in text for part in parts)


def check_words(line: Line, info: Any, locale: str, translate: Any, shown: str) -> None:
    """The words say the condition the line carries (independently of the renderer)."""
    text = line.text
    if text.startswith(("Or: ", "And: ")) and locale == "en":
        text = text.split(": ", 1)[1]
    if line.op == "==" and type(line.expected) is bool:
        key = "statement" if line.expected else "statement_negative"
        assert text.endswith(STATEMENTS[locale][line.fact][key].rstrip(".")), shown
    elif line.op == "in":
        named = labels_in(text, info.options)
        wanted = {info.options[v] for v in line.expected}
        allowed = {label for v, label in info.options.items() if v not in line.expected}
        excepting = says(text, EXCEPT, translate)
        if not line.negated:
            assert named == wanted and not excepting, shown
        elif excepting:
            assert named == wanted, shown
        else:  # few options left: the allowed ones are named instead
            assert named == allowed and len(allowed) <= 2, shown
    elif line.op == "contains":
        assert labels_in(text, info.options) == {info.options[v] for v in line.expected}, shown
        assert says(text, EXCLUDE, translate) == line.negated, shown
        assert line.negated or says(text, INCLUDE, translate), shown
    else:
        bounds = line.expected if isinstance(line.expected, tuple) else (line.expected,)
        for bound in bounds:
            assert str(bound) in text, shown
        between = line.op in ("between", "between_exclusive")
        key = (line.op, line.negated) if between else line.op
        if key in NUMBER_TEMPLATES:
            assert says(text, NUMBER_TEMPLATES[key], translate), shown
        if locale == "en":
            assert text.endswith(NUMBER_WORDS[key].format(*bounds)), shown


def labels_in(text: str, options: dict[str, str]) -> set[str]:
    """Option labels named in ``text``, longest first so no label counts inside another."""
    found = set()
    for label in sorted(options.values(), key=len, reverse=True):
        if label in text:
            found.add(label)
            text = text.replace(label, "")
    return found


def test_someone_without_a_registered_address_reads_it_as_it_is(client):  # type: ignore[no-untyped-def]
    body = client.post(
        "/api/v1/eligibility",
        json={
            "locale": "en",
            "facts": {"residence_status": "asylum_seeker", "registered_address": False},
        },
    ).json
    service = next(s for s in body["services"] if s["slug"] == "address-registration")
    lines = [(line["text"], line["verdict"], line["outcome"]) for line in service["explanation"]]
    assert (
        "You have not registered your address in Demo City yet",
        VERDICTS["yes"],
        "yes",
    ) in lines
    assert not any("You have registered" in text for text, _v, _o in lines)


def test_why_box_starts_closed_with_verdicts_in_words(app, demo):  # type: ignore[no-untyped-def]
    service = next(s for s in demo.services if s.areas and s.rules)
    with app.test_request_context("/en/"):
        _use("en")

        answers = engine.Answers(values={"district": "centre", "age": 30})
        result = engine.evaluate_service(demo, service, answers.facts(), ops.today())
        explained = ops.explain_service(result, answers, ops.explanation_vocabulary())
        html = str(get_template_attribute("questionnaire/_why.html", "why")(explained))
    assert '<details class="why">' in html and not re.search(r"<details[^>]*\bopen", html)
    assert "You live in " in html and VERDICTS["no"] in html
    assert html.count("<li ") == len(explained.lines)
    assert all(d and not d.endswith(("?", ".", "؟")) for d in explained.deciding)
