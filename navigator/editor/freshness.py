"""Keeping listings fresh: what is due for a check, and needs the rules leave uncovered.

due(organisation_ids, today)   listings (services and events) whose last check is older
                               than REVIEW_AFTER_DAYS
confirm(kind, obj, account)    "still correct": the last-reviewed date, no new revision
uncovered(today)               (persona, need) pairs the pack's personas are left without
                               an eligible or maybe service for
remind(today)                  e-mails each organisation's editors their due listings
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.editor import audit, mail, revisions
from navigator.editor.models import Account
from navigator.events.models import Event
from navigator.facts.models import Persona
from navigator.i18n import _
from navigator.pathway.engine import Answers
from navigator.pathway.plan import build_plan
from navigator.pathway.source import load_catalog


def review_after() -> int:
    return int(current_app.config["REVIEW_AFTER_DAYS"])


#: the kinds of listing an organisation keeps correct, each with a last-reviewed date
LISTINGS: dict[str, Any] = {"services": Service, "events": Event}


@dataclass(frozen=True)
class Due:
    kind: str
    listing: Any


def due(organisation_ids: Iterable[int], today: dt.date) -> dict[int, list[Due]]:
    """organisation id -> its published listings not checked for REVIEW_AFTER_DAYS, those
    never checked first, then the longest unchecked; services before events."""
    limit = today - dt.timedelta(days=review_after())
    ids = list(organisation_ids)
    found: dict[int, list[Due]] = defaultdict(list)
    for kind, model in LISTINGS.items():
        query = (
            select(model)
            .where(
                model.organisation_id.in_(ids),
                model.status == "published",
                (model.last_reviewed.is_(None)) | (model.last_reviewed < limit),
            )
            .order_by(model.last_reviewed.is_not(None), model.last_reviewed, model.slug)
        )
        for listing in db.session.scalars(query):
            found[listing.organisation_id].append(Due(kind, listing))
    return found


def confirm(kind: str, listing: Any, account: Account, today: dt.date) -> None:
    """The listing was checked and is still correct: only its last-reviewed date changes
    (no revision: nothing a newcomer reads changed, and translations stay up to date)."""
    listing.last_reviewed = today
    revisions.changed(kind, listing.slug)  # the public page shows the date
    audit.record("confirm", account, target=f"{kind}:{listing.slug}")


@dataclass(frozen=True)
class Uncovered:
    persona: str
    description: str
    need: str


def uncovered(today: dt.date) -> list[Uncovered]:
    """Needs a persona chose that its plan answers with no eligible or maybe service (the
    plan then shows only alternatives): a rule may be too strict, or a service missing."""
    catalog = load_catalog(db.session, str(current_app.config["DATABASE_URL"]))
    found = []
    for persona in db.session.scalars(select(Persona).order_by(Persona.position)):
        data = persona.data or {}
        needs = tuple(data.get("needs", []))
        if not needs:
            continue
        plan = build_plan(catalog, Answers(needs, True, dict(data.get("facts", {}))), today)
        found += [Uncovered(persona.key, persona.description or "", gap.need) for gap in plan.gaps]
    return found


def remind(today: dt.date) -> list[tuple[str, int]]:
    """E-mail every active organisation editor their organisation's due listings; city
    editors get the due listings of organisations with no editor of their own. Returns
    (address, number of listings) per message sent."""
    editors = db.session.scalars(
        select(Account).where(
            Account.active.is_(True),
            Account.role.in_(("organisation_editor", "city_editor")),
        )
    ).all()
    by_organisation: dict[int, list[Account]] = defaultdict(list)
    for account in editors:
        if account.role == "organisation_editor" and account.organisation_id:
            by_organisation[account.organisation_id].append(account)
    from navigator.directory.models import Organisation

    all_due = due(db.session.scalars(select(Organisation.id)), today)
    city_editors = [a for a in editors if a.role == "city_editor"]
    unowned = [
        s for org_id, items in all_due.items() if org_id not in by_organisation for s in items
    ]
    sent = []
    for org_id, accounts in by_organisation.items():
        for account in accounts:
            if all_due.get(org_id):
                _send(account, all_due[org_id])
                sent.append((account.email, len(all_due[org_id])))
    if unowned:
        for account in city_editors:
            _send(account, unowned)
            sent.append((account.email, len(unowned)))
    return sent


def _send(account: Account, listings: list[Due]) -> None:
    from navigator.core.templating import city_name
    from navigator.core.urls import external_url
    from navigator.editor.revisions import EDIT_ENDPOINTS

    lines = [
        f"- {item.listing.slug}: {external_url(EDIT_ENDPOINTS[item.kind], slug=item.listing.slug)}"
        for item in listings
    ]
    body = _(
        "These listings in the back office of %(city)s have not been checked for %(days)d days "
        "or more. Please open each one, correct what changed, or press “Confirm still correct”."
        "\n\n%(listings)s",
        city=city_name(),
        days=review_after(),
        listings="\n".join(lines),
    )
    subject = _("%(number)d listings to check", number=len(listings))
    mail.send(account.email, subject, body)
