"""The order of a plan's steps: by phase, and within a phase by what matters to the person.

Within a phase: urgent steps first; then eligible steps for the needs the person chose, in
the order they chose them; the city's welcome service for recent arrivals; "maybe" steps
for chosen needs; then everything else. A prerequisite (`requires`, or a step another one
is `after`) takes the earliest phase and the best rank of the steps that need it, and always
comes before them. Ties go to the welcome service (recent arrivals), then to steps other
steps wait for, then to the more specific service (fewer topics).

For someone settled (here a year or more) the welcome service has no boost: it is not in
the first phase, which for them means "start with these", not "first days".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from navigator.eligibility import Status, status_of
from navigator.pathway.catalog import PHASES, Catalog

if TYPE_CHECKING:
    from navigator.pathway.plan import Step

#: the fact that says how long the person has lived in the city
ARRIVAL = "months_since_arrival"
SETTLED_AFTER_MONTHS = 12

PHASE_RANK = {phase: rank for rank, phase in enumerate(PHASES)}
#: tiers within a phase, best first (reorder these to change the policy)
URGENT, CHOSEN, WELCOME, CHOSEN_MAYBE, GENERAL = range(5)
#: the earliest phase of the welcome service for someone settled
SETTLED_WELCOME_PHASE = PHASE_RANK["first-weeks"]


def order_steps(
    catalog: Catalog,
    steps: list[Step],
    needs: tuple[str, ...],
    facts: Mapping[str, Any],
    *,
    recent: bool,
) -> list[Step]:
    """Sort `steps` (setting each one's `urgent` flag and final `phase`)."""
    families = [catalog.topic_family(need) for need in needs]
    urgent_needs: set[str] = set()
    for need, family in zip(needs, families, strict=True):
        if need in catalog.urgent_topics:
            urgent_needs |= family
    memo: dict[str, bool] = {}
    welcome = catalog.welcome_service
    urgent_keys = catalog.urgent_keys
    eligible = Status.ELIGIBLE
    by_slug: dict[str, Step] = {}
    # The sort key, the smaller the earlier: (phase, tier, need, status, not the welcome
    # service, not waited for, level, number of topics, slug). A plan has thousands of
    # steps: rather than a tuple each, three plain numbers sorted by one after the other,
    # the last part first (the sort is stable).
    #: slug -> (phase, tier, need, status, not the welcome service) as one number with
    #: those digits (mixed radix): the numbers compare as the tuples would
    places: dict[str, int] = {}
    unmatched = len(needs)
    span = (GENERAL + 1) * (unmatched + 1) * 2 * 2  # the ranks (tier, need, status, boost)
    waiting: list[Step] = []  # steps with a prerequisite or an "after"
    for step in steps:  # runs for thousands of steps: plain comparisons only
        service, status, _deciding = step.result
        slug = service.slug
        by_slug[slug] = step
        maybe = 0 if status is eligible else 1
        need = unmatched
        if families:
            for index, family in enumerate(families):
                if service.topics & family:
                    need = index
                    break
        if (urgent_needs and service.topics & urgent_needs) or (
            service.id in urgent_keys and _urgent_when(catalog, service, facts, memo)
        ):
            step.urgent = True
            tier = URGENT
        elif need < unmatched:
            tier = CHOSEN_MAYBE if maybe else CHOSEN
        else:
            tier = GENERAL
        phase = PHASE_RANK[step.phase]
        boost = 1
        if slug == welcome:
            if recent:
                tier, boost = min(tier, WELCOME), 0
            elif phase < SETTLED_WELCOME_PHASE:
                phase = SETTLED_WELCOME_PHASE
                step.phase = PHASES[phase]
        places[slug] = phase * span + ((tier * (unmatched + 1) + need) * 2 + maybe) * 2 + boost
        if service.requires or step.after:
            waiting.append(step)
    # Last part first: the more specific service (fewer topics), then the slug.
    order = sorted(by_slug, key=catalog.tie_order.__getitem__)
    edges = [  # (prerequisite, the step that waits for it) within the plan
        (before, step.result.service.slug)
        for step in waiting
        for before in (*step.result.service.requires, *step.after)
        if before in by_slug
    ]
    if edges:
        order.sort(key=_waits(edges, by_slug, places, span).__getitem__)
    order.sort(key=places.__getitem__)
    return [by_slug[slug] for slug in order]


def _waits(
    edges: list[tuple[str, str]], by_slug: dict[str, Step], places: dict[str, int], span: int
) -> dict[str, int]:
    """Move prerequisites up (in `places`, and their steps' phases); return slug -> (not
    waited for, level) as one number."""
    linked = {slug for edge in edges for slug in edge}
    level = dict.fromkeys(linked, 0)
    # Prerequisites move up to the earliest phase and the best rank of what needs them, and
    # sit one level below them: with "waited for" before the level in the sort key, each
    # one's key is smaller than its dependants', so a plain sort is a topological order.
    # (Bounded: a cycle in hand-made data must not hang.)
    for _round in range(len(edges) + 1):
        changed = False
        for before, later in edges:
            mine, theirs = places[before], places[later]
            if theirs < mine or theirs % span < mine % span:  # an earlier phase or a better rank
                phase = min(mine // span, theirs // span)
                places[before] = phase * span + min(mine % span, theirs % span)
                by_slug[before].phase = PHASES[phase]
                changed = True
            if level[later] <= level[before]:
                level[later], changed = level[before] + 1, True
        if not changed:
            break
    waited_for = {before for before, _later in edges}
    bound = max(level.values()) + 1
    waits = dict.fromkeys(by_slug, bound)  # not waited for, level 0
    for slug in linked:
        waits[slug] = (slug not in waited_for) * bound + level[slug]
    return waits


def _urgent_when(catalog: Catalog, service: Any, facts: Mapping[str, Any], memo: dict) -> bool:  # type: ignore[type-arg]
    """Only a definite "true" makes a step urgent; unknown facts never do."""
    key = catalog.urgent_keys[service.id]
    if key not in memo:
        status, _deciding = status_of(
            service.urgent_when, facts, catalog.derived, key=(catalog.cache_id, key)
        )
        memo[key] = status == Status.ELIGIBLE
    return memo[key]
