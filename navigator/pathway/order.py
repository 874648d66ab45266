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
    steps: Mapping[str, Step],
    needs: tuple[str, ...],
    facts: Mapping[str, Any],
    *,
    recent: bool,
) -> list[Step]:
    """Sort the plan's `steps` (slug -> step, in the order they were chosen), setting each
    one's `urgent` flag and final `phase`.

    The sort key, the smaller the earlier, is (phase, tier, need, status, not the welcome
    service, not waited for, level, number of topics, slug). A plan has thousands of steps:
    rather than a tuple each, the key is one integer with those parts as its digits:

        ((phase * span + rank) * 3 + group) * size + within

    `rank` is (tier, need, status, not the welcome service), below `span`; `group` and
    `within` order the steps that wait for one another (see `_relink`), and are 1 and the
    step's place in `catalog.tie_order` (worked out once per catalog, below `size`) for all
    the others. One sort of plain integers then orders the plan. Most steps wait for
    nothing, nothing waits for them, and they are neither urgent nor the welcome service:
    their key is a sum of three look-ups. Only the others go through the whole policy.
    """
    families = [catalog.topic_family(need) for need in needs]
    urgent_needs: set[str] = set()
    for need, family in zip(needs, families, strict=True):
        if need in catalog.urgent_topics:
            urgent_needs |= family
    unmatched = len(needs)
    ties = catalog.tie_order
    size = len(ties)
    span = (GENERAL + 1) * (unmatched + 1) * 2 * 2  # the ranks (tier, need, status, boost)
    rank_unit = 3 * size  # one rank more: the group and tie digits below it
    phase_parts = {name: phase * span * rank_unit for name, phase in PHASE_RANK.items()}
    #: need -> (eligible, maybe) -> the rank and group digits of a step not set apart
    plain = [
        tuple(
            _rank(unmatched, _tier(unmatched, need, maybe), need, maybe, 1) * rank_unit + size
            for maybe in (0, 1)
        )
        for need in range(unmatched + 1)
    ]
    eligible = Status.ELIGIBLE
    apart = catalog.ordered_apart
    # Every step as if nothing set it apart: ranked by its phase, need and status only.
    if families:
        keys: dict[str, int] = {}
        set_apart: list[Step] = []
        for slug, step in steps.items():
            service, status, _deciding = step.result
            ranks = plain[_need(service.topics, families)]
            keys[slug] = phase_parts[step.phase] + ranks[status is not eligible] + ties[slug]
            if slug in apart or step.after or not service.topics.isdisjoint(urgent_needs):
                set_apart.append(step)
    else:
        if_eligible, if_maybe = plain[unmatched]
        keys = {
            slug: phase_parts[step.phase]
            + (if_eligible if step.result.status is eligible else if_maybe)
            + ties[slug]
            for slug, step in steps.items()
        }
        set_apart = [step for slug, step in steps.items() if slug in apart or step.after]
    # The steps set apart: they may be urgent, be the welcome service, or wait for others.
    memo: dict[str, bool] = {}
    welcome = catalog.welcome_service
    urgent_keys = catalog.urgent_keys
    waiting: list[Step] = []  # steps with a prerequisite or an "after"
    for step in set_apart:
        service, status, _deciding = step.result
        slug = service.slug
        maybe = status is not eligible
        need = _need(service.topics, families)
        if not service.topics.isdisjoint(urgent_needs) or (
            service.id in urgent_keys and _urgent_when(catalog, service, facts, memo)
        ):
            step.urgent = True
            tier = URGENT
        else:
            tier = _tier(unmatched, need, maybe)
        phase = PHASE_RANK[step.phase]
        boost = 1
        if slug == welcome:
            if recent:
                tier, boost = min(tier, WELCOME), 0
            elif phase < SETTLED_WELCOME_PHASE:
                phase = SETTLED_WELCOME_PHASE
                step.phase = PHASES[phase]
        place = phase * span + _rank(unmatched, tier, need, maybe, boost)
        keys[slug] = place * rank_unit + size + ties[slug]
        if service.requires or step.after:
            waiting.append(step)
    edges = [  # (prerequisite, the step that waits for it) within the plan
        (before, step.result.service.slug)
        for step in waiting
        for before in (*step.result.service.requires, *step.after)
        if before in keys
    ]
    if edges:
        _relink(edges, steps, keys, span, ties)
    return list(map(steps.__getitem__, sorted(keys, key=keys.__getitem__)))


def _tier(needs: int, need: int, maybe: int) -> int:
    """The tier of a step that is neither urgent nor the welcome service."""
    if need < needs:
        return CHOSEN_MAYBE if maybe else CHOSEN
    return GENERAL


def _rank(needs: int, tier: int, need: int, maybe: int, boost: int) -> int:
    """(tier, need, status, not the welcome service) as one number, below the span."""
    return ((tier * (needs + 1) + need) * 2 + maybe) * 2 + boost


def _need(topics: frozenset[str], families: list[set[str]]) -> int:
    """The first need whose topics the service has (len(families) for none)."""
    for index, family in enumerate(families):
        if not topics.isdisjoint(family):
            return index
    return len(families)


def _relink(
    edges: list[tuple[str, str]],
    steps: Mapping[str, Step],
    keys: dict[str, int],
    span: int,
    ties: Mapping[str, int],
) -> None:
    """Move prerequisites up, and each step after what it waits for (in `keys`).

    Below (phase, rank), the key orders by (not waited for, level), then by tie. A step in
    no edge is (not waited for, level 0): group 1, ordered by its tie place. The steps in
    edges with a smaller (not waited for, level) come before those (group 0), the others
    after them (group 2), each group in the order of (not waited for, level, tie) over the
    steps in edges, numbered from 0: there are no more of them than services (`size`)."""
    size = len(ties)
    places = {slug: keys[slug] // (3 * size) for edge in edges for slug in edge}
    waits, bound = _waits(edges, steps, places, span)
    order = {slug: wait * size + ties[slug] for slug, wait in waits.items()}
    for within, slug in enumerate(sorted(order, key=order.__getitem__)):
        group = 0 if waits[slug] < bound else 2
        keys[slug] = (places[slug] * 3 + group) * size + within


def _waits(
    edges: list[tuple[str, str]], steps: Mapping[str, Step], places: dict[str, int], span: int
) -> tuple[dict[str, int], int]:
    """Move prerequisites up (in `places`, the steps in `edges`, and their steps' phases);
    return slug -> (not waited for, level) as one number for the steps in `edges`, and the
    number it is for the steps in no edge (not waited for, level 0)."""
    level = dict.fromkeys(places, 0)
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
                steps[before].phase = PHASES[phase]
                changed = True
            if level[later] <= level[before]:
                level[later], changed = level[before] + 1, True
        if not changed:
            break
    waited_for = {before for before, _later in edges}
    bound = max(level.values()) + 1
    return {slug: (slug not in waited_for) * bound + level[slug] for slug in level}, bound


def _urgent_when(catalog: Catalog, service: Any, facts: Mapping[str, Any], memo: dict) -> bool:  # type: ignore[type-arg]
    """Only a definite "true" makes a step urgent; unknown facts never do."""
    key = catalog.urgent_keys[service.id]
    if key not in memo:
        status, _deciding = status_of(
            service.urgent_when, facts, catalog.derived, key=(catalog.cache_id, key)
        )
        memo[key] = status == Status.ELIGIBLE
    return memo[key]
