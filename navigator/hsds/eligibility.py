"""Who a service or an event is for, as the navigator profile's `eligibility` (JSON Logic
over the facts vocabulary, with each rule's reference and dates) and, when a rule is only
age limits, HSDS's own `minimum_age` / `maximum_age`. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def age_limits(rules: Sequence[Any]) -> dict[str, Any]:
    """HSDS's `minimum_age` / `maximum_age` when the service's one rule is only age limits
    (`age >= n`, `age <= n`, or both joined by "and") and always in force; {} otherwise:
    HSDS's two numbers cannot say a rule's dates, a change of rule, or other conditions
    (the profile's `eligibility` says them all)."""
    if len(rules) != 1 or rules[0].valid_from or rules[0].valid_to:
        return {}
    logic = rules[0].logic
    parts = logic.get("and", [logic]) if isinstance(logic, dict) else []
    ages: dict[str, Any] = {}
    for part in parts:
        if not isinstance(part, dict) or len(part) != 1:
            return {}
        ((op, args),) = part.items()
        if op not in (">=", "<=") or not isinstance(args, list) or len(args) != 2:
            return {}
        if args[0] != {"var": "age"} or not isinstance(args[1], int | float):
            return {}
        name = "minimum_age" if op == ">=" else "maximum_age"
        if name in ages:
            return {}
        ages[name] = args[1]
    return ages


def eligibility_objects(service: Any) -> list[dict[str, Any]]:
    """The service's eligibility rules (JSON Logic over the facts vocabulary), each with
    its legal or policy reference and the dates it is in force."""
    rules = []
    for rule in service.rules:
        item: dict[str, Any] = {"logic": rule.logic}
        if rule.reference_text:
            item["reference"] = rule.reference_text
        if rule.reference_url:
            item["reference_url"] = rule.reference_url
        if rule.valid_from:
            item["valid_from"] = rule.valid_from.isoformat()
        if rule.valid_to:
            item["valid_to"] = rule.valid_to.isoformat()
        rules.append(item)
    return rules
