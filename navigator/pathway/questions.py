"""Which question to ask next, and about how many are left.

The question asked is the one whose answers could decide the most still-undecided services,
after any that can decide a service in an urgent topic. "About N questions left" comes from
two cheap greedy walks ahead; the page offers the plan early when little is left to change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from navigator.eligibility import Status
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec
from navigator.pathway.engine import NEEDS, Answers, Result, evaluate_service


def _probe_values(catalog: Catalog, fact: FactSpec) -> list[Any]:
    """Answers worth trying when checking whether a question can change any result."""
    if fact.kind == "boolean":
        return [True, False]
    if fact.kind == "choice":
        return list(fact.options)
    if fact.kind == "multi":
        return [[option] for option in fact.options] + [[]]
    numbers = catalog.numbers()
    low = fact.minimum if fact.minimum is not None else -1e9
    high = fact.maximum if fact.maximum is not None else 1e9
    probes = {low, high}
    for n in numbers:
        probes |= {n - 1, n, n + 1}
    return sorted(p for p in probes if low <= p <= high)


#: An undecided service standing for `int` services that answer every question alike.
Group = tuple[Result, int]


def _grouped(catalog: Catalog, undecided: list[Result], today: dt.date) -> list[Group]:
    """A city has many services under one rule: the same rule, districts and urgency decide
    alike, so the question search evaluates one of each and counts it for all."""
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for result in undecided:
        service = result.service
        rule = None if service.open_to_all else catalog.rule_in_force(service, today)
        key = (
            catalog.rule_keys[id(rule)] if rule else None,
            service.areas,
            _urgent(catalog, service),
        )
        if key in groups:
            groups[key][1] += 1
        else:
            groups[key] = [result, 1]
    return [(result, count) for result, count in groups.values()]


def _can_change(
    catalog: Catalog,
    fact: FactSpec,
    undecided: list[Group],
    facts: dict[str, Any],
    today: dt.date,
) -> int:
    """How many undecided services some answer to `fact` would decide (0: never ask it)."""
    # Only services whose deciding facts include this one can be changed by it.
    pending = [(r.service, n) for r, n in undecided if fact.key in r.deciding]
    decided: dict[int, int] = {}
    for value in _probe_values(catalog, fact):
        trial = {**facts, fact.key: value}
        memo: dict[str, tuple[Status, tuple[str, ...]]] = {}
        for service, count in pending:
            if service.id in decided:
                continue
            if evaluate_service(catalog, service, trial, today, memo).status != Status.UNKNOWN:
                decided[service.id] = count
        if len(decided) == len(pending):
            break
    return sum(decided.values())


def _urgent(catalog: Catalog, service: ServiceSpec) -> bool:
    """A service someone may need today (a bed, protection, a doctor)."""
    return bool(service.topics & catalog.urgent_topics)


@dataclass(frozen=True)
class _Choice:
    fact: FactSpec | None
    impact: int = 0  # how many undecided services the best question could decide
    useful: int = 0  # how many questions could change something (counted with every=True)
    pressing: bool = False  # the question can decide a service in an urgent topic


def _choose(
    catalog: Catalog,
    undecided: list[Group],
    facts: dict[str, Any],
    asked: Callable[[str], bool],
    today: dt.date,
    every: bool = False,
) -> _Choice:
    """The question that decides the most undecided services, after any question that can
    decide an urgent one (a minor who is here alone needs protection before anything else).

    The count of services a fact appears in bounds how many it can decide, so candidates are
    checked best-first and the search stops once no remaining one can beat the best, unless
    `every` asks for the number of useful questions too.
    """
    counts: Counter[str] = Counter()
    urgent: set[str] = set()
    for result, count in undecided:
        for key in result.deciding:
            if key in catalog.facts and catalog.facts[key].asked and not asked(key):
                counts[key] += count
                if _urgent(catalog, result.service):
                    urgent.add(key)
    pressing = [g for g in undecided if _urgent(catalog, g[0].service)]
    # (decides an urgent service, how many it decides, earlier in the pack): best is max.
    best: tuple[bool, int, int] | None = None
    chosen: FactSpec | None = None
    impact = useful = 0
    for key, count in counts.most_common():
        if (
            not every
            and best is not None
            and key not in urgent
            and (count < impact or (best[0] and count == impact))
        ):
            continue  # can neither beat the best nor decide more (an urgent one still can)
        spec = catalog.facts[key]
        changes = _can_change(catalog, spec, undecided, facts, today)
        if not changes:
            continue
        useful += 1
        impact = max(impact, changes)
        first = key in urgent and bool(_can_change(catalog, spec, pressing, facts, today))
        rank = (first, changes, -spec.position)
        if best is None or rank > best:
            best, chosen = rank, spec
    return _Choice(chosen, impact, useful, bool(best and best[0]))


#: answers tried per number question when guessing the most decisive one (an estimate only)
_SAMPLES = 9


def _decisive_answer(
    catalog: Catalog,
    fact: FactSpec,
    undecided: list[Group],
    facts: dict[str, Any],
    today: dt.date,
) -> tuple[dict[str, Any], list[Group]]:
    """The answer to `fact` that leaves the fewest services undecided, and those services."""
    best: tuple[dict[str, Any], list[Group], int] | None = None
    untouched = [g for g in undecided if fact.key not in g[0].deciding]
    pending = [g for g in undecided if fact.key in g[0].deciding]
    values = _probe_values(catalog, fact)
    if len(values) > _SAMPLES:  # a big city compares ages with dozens of numbers
        values = [values[i * (len(values) - 1) // (_SAMPLES - 1)] for i in range(_SAMPLES)]
    for value in values:
        trial = {**facts, fact.key: value}
        memo: dict[str, tuple[Status, tuple[str, ...]]] = {}
        left, size = list(untouched), sum(n for _r, n in untouched)
        for result, count in pending:
            again = evaluate_service(catalog, result.service, trial, today, memo)
            if again.status == Status.UNKNOWN:
                left.append((again, count))
                size += count
                if best is not None and size >= best[2]:
                    break  # no better than an answer already tried
        else:
            if best is None or size < best[2]:
                best = (trial, left, size)
    assert best is not None  # the first answer tried always completes
    return best[0], best[1]


def _fewest_questions(
    catalog: Catalog,
    undecided: list[Group],
    facts: dict[str, Any],
    asked: set[str],
    today: dt.date,
) -> int:
    """How many questions are left if every answer decides as much as it can (a lower
    estimate: real answers, and "I don't know", leave more to ask)."""
    asked, count = set(asked), 0
    while undecided:
        fact = _choose(catalog, undecided, facts, asked.__contains__, today).fact
        if fact is None:
            break
        count += 1
        asked.add(fact.key)
        facts, undecided = _decisive_answer(catalog, fact, undecided, facts, today)
    return count


@dataclass(frozen=True)
class NextQuestion:
    fact: FactSpec | None
    remaining: int  # about how many questions are left, this one included
    #: how many undecided services the best remaining question could decide
    impact: int = 0
    #: set when `remaining` could be more than HONEST off: no more questions than this left
    at_most: int | None = None
    #: the question can decide a service in an urgent topic (protection, a bed, a doctor)
    pressing: bool = False


#: "about N questions left" is shown only when it is within this many of the truth
HONEST = 2
_asked_somewhere: dict[tuple[int, dt.date], frozenset[str]] = {}


def next_question(
    catalog: Catalog, answers: Answers, results: list[Result], today: dt.date
) -> NextQuestion:
    """The question that decides the most still-undecided services; needs come first.

    A question none of whose answers could change a result is never asked. What is left
    lies between two greedy walks: every answer deciding as much as it can, and "I don't
    know" to everything (each useful question asked once). "About N" is their middle, given
    only when they are close enough for it to be honest; otherwise the upper one is given.
    """
    if not answers.needs_asked and NEEDS in catalog.facts:
        later = _questions_for_everything(catalog, today) - set(answers.values) - answers.skipped
        return NextQuestion(catalog.facts[NEEDS], 1 + len(later), len(results), 1 + len(later))
    undecided = _grouped(catalog, [r for r in results if r.status == Status.UNKNOWN], today)
    facts = answers.facts()
    choice = _choose(catalog, undecided, facts, answers.asked, today)
    if choice.fact is None:
        return NextQuestion(None, 0)
    sample = _sample(undecided)
    useful = _choose(catalog, sample, facts, answers.asked, today, every=True).useful
    asked = {*answers.values, *answers.skipped}
    fewest = _fewest_questions(catalog, sample, facts, asked, today)
    most = max(useful, fewest, 1)
    if most - fewest > 2 * HONEST:
        return NextQuestion(choice.fact, most, choice.impact, most, choice.pressing)
    return NextQuestion(choice.fact, (fewest + most) // 2, choice.impact, None, choice.pressing)


#: services kept per set of deciding facts when estimating what is left
_PER_KIND = 4


def _sample(undecided: list[Group]) -> list[Group]:
    """The largest few groups for each set of facts that decides them: the same questions
    decide them, so the estimate stays close at a fraction of the cost in a big city."""
    kinds: dict[frozenset[str], list[Group]] = {}
    for group in undecided:
        kinds.setdefault(frozenset(group[0].deciding), []).append(group)
    sample: list[Group] = []
    for members in kinds.values():
        sample += sorted(members, key=lambda g: -g[1])[:_PER_KIND]
    return sample


def _questions_for_everything(catalog: Catalog, today: dt.date) -> frozenset[str]:
    """The questions that could decide something for someone who has said nothing yet: at
    most these follow the needs question (the same for every visitor, so kept per day)."""
    key = (catalog.cache_id, today)
    if key not in _asked_somewhere:
        if len(_asked_somewhere) > 8:
            _asked_somewhere.clear()
        memo: dict[str, tuple[Status, tuple[str, ...]]] = {}
        found = {
            fact  # every newcomer service counts: opt-in ones too, if their topic is chosen
            for service in catalog.services
            if service.audience == "newcomers"
            for fact in evaluate_service(catalog, service, {}, today, memo).deciding
            if fact in catalog.facts and catalog.facts[fact].asked
        }
        _asked_somewhere[key] = frozenset(found)
    return _asked_somewhere[key]
