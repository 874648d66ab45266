"""Events in a person's plan: those about a need they chose, and for someone like them.

Pure (no Flask, no database), like the referral engine it leans on: an event's audience
rule is evaluated with the same three-valued engine and compiled once per catalog (under the
catalog's cache id), so a plan with events costs a handful of cached rule calls more.
An event is in the plan when one of its topics is a need the person chose (or a subtopic
of one) and its rule is eligible or "maybe" (unknown facts are never defaulted).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from navigator.eligibility import Status, status_of
from navigator.pathway.catalog import Catalog


@dataclass(frozen=True)
class EventSpec:
    slug: str
    topics: frozenset[str]
    open_to_all: bool = False
    rule: Any = None
    #: the rule's key in the engine's cache of compiled rules (made once, with the spec)
    rule_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = "event:" + json.dumps(self.rule, sort_keys=True) if self.rule is not None else ""
        object.__setattr__(self, "rule_key", key)


@dataclass(frozen=True)
class EventMatch:
    slug: str
    status: Status
    #: the facts that would decide a "maybe"
    deciding: tuple[str, ...] = ()

    @property
    def maybe(self) -> bool:
        return self.status == Status.UNKNOWN


def matching(
    catalog: Catalog,
    events: Iterable[EventSpec],
    facts: Mapping[str, Any],
    needs: Iterable[str],
) -> list[EventMatch]:
    """The events for these needs and answers, in the order given (eligible or maybe)."""
    wanted: set[str] = set()
    for need in needs:
        wanted |= catalog.topic_family(need)
    if not wanted:
        return []
    found = []
    for event in events:
        if not event.topics & wanted:
            continue
        if event.open_to_all or event.rule is None:
            found.append(EventMatch(event.slug, Status.ELIGIBLE))
            continue
        key = (catalog.cache_id, event.rule_key)
        status, deciding = status_of(event.rule, facts, catalog.derived, key=key)
        if status is not Status.NOT_ELIGIBLE:
            found.append(EventMatch(event.slug, status, deciding))
    return found
