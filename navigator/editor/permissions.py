"""Who may do what in the back office: one check for every route and every object.

    allowed(account, "edit", service)        -> bool
    require("publish", service)              -> aborts with 403 unless allowed

Actions: ``view`` (open an object or list), ``edit`` (save a draft), ``submit`` (ask for
review), ``publish``, ``translate`` (the texts of one locale), ``manage_users``,
``manage_settings`` (city settings, facts, questions, statuses), ``view_audit``, ``desk``
(run sessions with visitors at a welcome centre, issue 11), ``view_statistics`` and
``referrals`` (an organisation's inbox of referrals from welcome centres).

Referrals carry a visitor's personal details, shared with one organisation by consent.
With a referral as the target, ``referrals`` is allowed only to that organisation's own
accounts (city editors and administrators see the inbox's anonymous overview, never the
details), and ``desk`` only to accounts of the welcome centre that sent it (or to the
account that sent it).

Roles (issue 9): an administrator may do everything; a city editor edits and publishes
everything; an organisation editor edits and publishes only their organisation's listings;
an author edits and submits for review, never publishes (only their organisation's listings
when they have one); a translator only translates, only into their locales; an observer
only looks; front-desk staff run desk sessions and nothing else in the back office.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

ACTIONS = frozenset(
    {
        "view",
        "edit",
        "submit",
        "publish",
        "translate",
        "manage_users",
        "manage_settings",
        "view_audit",
        "desk",
        "view_statistics",
        "referrals",
    }
)

#: role -> what it may do at all (where, see `_reaches`)
GRANTS: dict[str, frozenset[str]] = {
    "admin": ACTIONS,
    "city_editor": frozenset(
        {"view", "edit", "submit", "publish", "translate", "view_statistics", "referrals"}
    ),
    "organisation_editor": frozenset(
        {"view", "edit", "submit", "publish", "translate", "referrals"}
    ),
    "author": frozenset({"view", "edit", "submit", "translate"}),
    "translator": frozenset({"view", "translate"}),
    "observer": frozenset({"view"}),
    "desk": frozenset({"desk"}),
}


def owner_of(target: Any) -> int | None:
    """The organisation an object belongs to: itself, its `organisation_id`, the one
    organisation offering services at a location, or None (the city's own objects: topics,
    documents, facts, locations shared by several providers)."""
    if target is None:
        return None
    kind = type(target).__name__
    if kind == "Organisation":
        return int(target.id)
    if kind == "Location":
        return _location_owner(target)
    return getattr(target, "organisation_id", None)


def _location_owner(location: Any) -> int | None:
    """A location belongs to the one organisation whose services are offered there; a place
    several organisations share (a welcome centre) is the city's."""
    from sqlalchemy import select

    from navigator.db import db
    from navigator.directory.models import Service, ServiceAtLocation

    owners = set(
        db.session.scalars(
            select(Service.organisation_id)
            .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
            .where(ServiceAtLocation.location_id == location.id)
            .distinct()
        )
    )
    return owners.pop() if len(owners) == 1 else None


def allowed(account: Any, action: str, target: Any = None, *, locale: str | None = None) -> bool:
    """Whether `account` may do `action` (to `target`, in `locale` for translations)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    if not account.is_active or action not in GRANTS.get(account.role, ()):
        return False
    if action == "translate" and account.role == "translator":
        # Into their own locales only; with no locale given, whether they translate at all.
        return locale is None or locale in account.locale_list
    if type(target).__name__ == "Referral" and action in ("referrals", "desk"):
        # A visitor's details go only where their consent sends them (see the docstring).
        if action == "desk":
            return sent_from(account, target)
        owner = owner_of(target)
        return owner is not None and owner == account.organisation_id
    if target is None or not scoped(account):
        return True  # lists show each account only what it reaches (see `scoped`)
    owner = owner_of(target)
    if owner is None:
        return action == "view"  # shared objects (topics, documents) are read by everyone
    return owner == account.organisation_id


def sent_from(account: Any, target: Any) -> bool:
    """Whether `target` (a referral) comes from the account's welcome centre, or from the
    account itself (an administrator, a desk account not yet given a welcome centre)."""
    centre = getattr(target, "location_id", None)
    if centre is not None and centre == account.location_id:
        return True
    return getattr(target, "sent_by_id", None) == account.id


def scoped(account: Any) -> bool:
    """Whether the account reaches only its organisation's listings (an organisation
    editor always, even one with no organisation yet: then nothing)."""
    return account.role == "organisation_editor" or (
        account.role == "author" and account.organisation_id is not None
    )


def require(action: str, target: Any = None, *, locale: str | None = None) -> None:
    """Abort with 403 unless the signed-in account may do `action` (to `target`)."""
    if not allowed(current_user, action, target, locale=locale):
        abort(403)
