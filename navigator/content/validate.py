"""Cross-file checks of a pack: references, rules, facts, hours, prerequisite cycles."""

from __future__ import annotations

from typing import Any

from navigator.content.problems import Problems
from navigator.content.reader import Pack
from navigator.directory.hours import parse_time
from navigator.eligibility.jsonlogic import JsonLogicError, variables
from navigator.eligibility.jsonlogic import validate as validate_logic
from navigator.events.pack import recurrence_problems


def validate_pack(pack: Pack, problems: Problems) -> None:
    ents = pack.entities
    _topics(pack, problems)
    facts = ents.get("facts", {})
    fact_names = set(facts)
    for key, fact in facts.items():
        where = "facts.yaml"
        if ("type" in fact) == ("derived" in fact):
            problems.add(where, key, "a fact has either a type (asked) or derived (computed)")
        kind = fact.get("type")
        has_options = "options" in fact or "options_from" in fact
        if kind in ("choice", "multi") and not has_options:
            problems.add(where, key, "a choice needs options or options_from")
        if kind not in ("choice", "multi") and has_options:
            problems.add(where, key, "only choice and multi facts have options")
        if kind and "question" not in fact:
            problems.add(where, f"{key}.question", "an asked fact needs its question")
        if "derived" in fact:
            _rule(fact["derived"], fact_names - {key}, where, f"{key}.derived", problems)
    for slug, location in ents.get("locations", {}).items():
        file = pack.origin[("locations", slug)]
        if "area" in location and not pack.exists("areas", location["area"]):
            problems.add(file, "area", _unknown("area", location["area"]))
        _hours(location, file, "", problems)
    for slug, document in ents.get("documents", {}).items():
        if document.get("needed_when") is not None:
            _rule(
                document["needed_when"],
                fact_names,
                "documents.yaml",
                f"{slug}.needed_when",
                problems,
            )
    for slug, service in ents.get("services", {}).items():
        _service(pack, slug, service, fact_names, problems)
    for slug, event in ents.get("events", {}).items():
        _event(pack, slug, event, fact_names, problems)
    welcome = pack.meta.get("welcome_service")
    if welcome and not pack.exists("services", welcome):
        problems.add("pack.yaml", "welcome_service", _unknown("service", welcome))
    _cycles(pack, problems)
    _personas(pack, fact_names, problems)


def _unknown(kind: str, value: Any) -> str:
    return f"there is no {kind} '{value}' in this pack"


def _topics(pack: Pack, problems: Problems) -> None:
    topics = pack.entities.get("topics", {})
    for slug, topic in topics.items():
        if "parent" in topic and not pack.exists("topics", topic["parent"]):
            problems.add("topics.yaml", f"{slug}.parent", _unknown("topic", topic["parent"]))
    if sum(1 for t in topics.values() if t.get("urgent")) > 1:
        problems.add("topics.yaml", "urgent", "only one topic can be the urgent-help topic")


def _rule(
    logic: Any,
    facts: set[str],
    file: str,
    where: str,
    problems: Problems,
    facts_broken: bool = False,
) -> None:
    try:
        validate_logic(logic)
    except JsonLogicError as error:
        problems.add(file, where, f"not a valid JSON Logic rule: {error}")
        return
    for name in sorted(variables(logic)):
        if name.split(".")[0] not in facts and not facts_broken:
            problems.add(file, where, f"uses the unknown fact '{name}'")


def _service(
    pack: Pack, slug: str, service: dict[str, Any], facts: set[str], problems: Problems
) -> None:
    file = pack.origin[("services", slug)]
    if not pack.exists("organisations", service["organisation"]):
        problems.add(file, "organisation", _unknown("organisation", service["organisation"]))
    for field, kind in (
        ("topics", "topics"),
        ("documents", "documents"),
        ("service_area", "areas"),
        ("requires", "services"),
    ):
        for index, value in enumerate(service.get(field, [])):
            if not pack.exists(kind, value):
                problems.add(file, f"{field}[{index}]", _unknown(kind.rstrip("s"), value))
    if service.get("open_to_all") and service.get("eligibility"):
        problems.add(file, "open_to_all", "a service open to everyone cannot have a rule")
    broken_facts = "facts" in pack.broken_kinds
    if service.get("urgent_when") is not None:
        _rule(service["urgent_when"], facts, file, "urgent_when", problems, broken_facts)
    for name in sorted(service.get("gives") or {}):
        if name not in facts and not broken_facts:
            problems.add(file, f"gives.{name}", f"uses the unknown fact '{name}'")
    for index, rule in enumerate(service.get("eligibility", [])):
        _rule(
            rule["rule"],
            facts,
            file,
            f"eligibility[{index}].rule",
            problems,
            "facts" in pack.broken_kinds,
        )
        if (
            rule.get("valid_from")
            and rule.get("valid_to")
            and rule["valid_from"] > rule["valid_to"]
        ):
            problems.add(file, f"eligibility[{index}]", "valid_from is after valid_to")
    for index, place in enumerate(service.get("locations", [])):
        where = f"locations[{index}]"
        if not pack.exists("locations", place["location"]):
            problems.add(file, f"{where}.location", _unknown("location", place["location"]))
        if place.get("location_hours"):
            if place.get("hours") or place.get("exceptions"):
                problems.add(
                    file,
                    f"{where}.location_hours",
                    "a place with the location's hours cannot have hours or exceptions of its own",
                )
            location = pack.entities.get("locations", {}).get(place["location"])
            if location is not None and not (location.get("hours") or location.get("exceptions")):
                problems.add(
                    file,
                    f"{where}.location_hours",
                    f"the location '{place['location']}' has no opening hours of its own",
                )
        _hours(place, file, f"{where}.", problems)


def _event(
    pack: Pack, slug: str, event: dict[str, Any], facts: set[str], problems: Problems
) -> None:
    """An event's references, its audience rule and its recurrence (RFC 5545)."""
    file = pack.origin[("events", slug)]
    if not pack.exists("organisations", event["organisation"]):
        problems.add(file, "organisation", _unknown("organisation", event["organisation"]))
    if "location" in event and not pack.exists("locations", event["location"]):
        problems.add(file, "location", _unknown("location", event["location"]))
    for index, value in enumerate(event.get("topics", [])):
        if not pack.exists("topics", value):
            problems.add(file, f"topics[{index}]", _unknown("topic", value))
    if event.get("open_to_all") and event.get("rule") is not None:
        problems.add(file, "open_to_all", "an event open to everyone cannot have a rule")
    if event.get("rule") is not None:
        _rule(event["rule"], facts, file, "rule", problems, "facts" in pack.broken_kinds)
    for problem in recurrence_problems(event):
        problems.add(file, *problem)


def _hours(owner: dict[str, Any], file: str, where: str, problems: Problems) -> None:
    """Weekly hours and dated exceptions, of a location or of a service at one."""
    for h_index, hours in enumerate(owner.get("hours", [])):
        if parse_time(hours["opens"]) >= parse_time(hours["closes"]):
            problems.add(file, f"{where}hours[{h_index}]", "opens must be before closes")
    for e_index, exc in enumerate(owner.get("exceptions", [])):
        has_hours = "opens" in exc and "closes" in exc
        if exc.get("closed", not has_hours) == has_hours:
            problems.add(
                file, f"{where}exceptions[{e_index}]", "give closed: true, or opens and closes"
            )
        elif has_hours and parse_time(exc["opens"]) >= parse_time(exc["closes"]):
            problems.add(file, f"{where}exceptions[{e_index}]", "opens must be before closes")


def _cycles(pack: Pack, problems: Problems) -> None:
    services = pack.entities.get("services", {})
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(slug: str) -> None:
        state[slug] = 1
        stack.append(slug)
        for nxt in services[slug].get("requires", []):
            if nxt not in services:
                continue
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                problems.add(
                    pack.origin[("services", slug)],
                    "requires",
                    "prerequisites form a cycle: " + " → ".join(cycle),
                )
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[slug] = 2

    for slug in services:
        if slug not in state:
            visit(slug)


def _personas(pack: Pack, facts: set[str], problems: Problems) -> None:
    for index, persona in enumerate(pack.personas):
        where = f"[{index}]"
        for name in persona["facts"]:
            if name not in facts and not pack.exists("facts", name):
                problems.add("personas.yaml", f"{where}.facts.{name}", _unknown("fact", name))
        for need in persona.get("needs", []):
            if not pack.exists("topics", need):
                problems.add("personas.yaml", f"{where}.needs", _unknown("topic", need))
        for status, slugs in persona["expect"].items():
            for slug in slugs:
                if not pack.exists("services", slug):
                    problems.add(
                        "personas.yaml", f"{where}.expect.{status}", _unknown("service", slug)
                    )
        for slug in persona.get("first_steps", []):
            if not pack.exists("services", slug):
                problems.add("personas.yaml", f"{where}.first_steps", _unknown("service", slug))
