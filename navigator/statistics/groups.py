"""Coarse residence-status groups: statistics never keep a person's exact status.

The groups are few on purpose (a rare status at a small centre would point at someone).
`STATUS_GROUPS` maps the demo pack's statuses (content/demo/statuses.yaml); a status a
city adds without a group here is counted as "other" (tests/statistics check that every
status of the pack has a group).
"""

from __future__ import annotations

from typing import Any

from navigator.i18n import L_

#: the fact that holds the person's residence status
STATUS_FACT = "residence_status"

#: group -> its title in the back office, in the order tables show them
GROUPS: dict[str, Any] = {
    "eu": L_("EU or EEA citizens"),
    "protection": L_("Refugees, asylum seekers, temporary protection"),
    "permit": L_("Work, study or family permit"),
    "none": L_("No permit or not known"),
    "other": L_("Other status"),
}

#: the pack's status values -> their group
STATUS_GROUPS: dict[str, str] = {
    "eu_citizen": "eu",
    "international_protection": "protection",
    "temporary_protection": "protection",
    "asylum_seeker": "protection",
    "third_country_worker": "permit",
    "student": "permit",
    "family_member": "permit",
    # A refused claimant has no protection; the help they get is for people without papers.
    "refused_asylum": "none",
    "no_permit": "none",
}


def status_group(value: Any) -> str:
    """The group of an answer to the status question: "none" when it was not given."""
    if value is None or value == "":
        return "none"
    if isinstance(value, list | tuple):  # a pack may ask it as a multiple choice
        groups = {STATUS_GROUPS.get(str(v), "other") for v in value}
        return groups.pop() if len(groups) == 1 else "other"
    return STATUS_GROUPS.get(str(value), "other")


def group_title(group: str) -> str:
    return str(GROUPS.get(group, GROUPS["other"]))
