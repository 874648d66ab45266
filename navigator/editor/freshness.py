"""Keeping listings fresh: what is due for a check, and needs the rules leave uncovered.

due(organisation_ids, today)   listings whose last check is older than REVIEW_AFTER_DAYS
confirm(service, account)      "still correct": the last-reviewed date, no new revision
uncovered(today)               (persona, need) pairs the pack's personas are left without
                               an eligible or maybe service for
remind(today)                  e-mails each organisation's editors their due listings
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.editor import audit, mail
from navigator.editor.models import Account
from navigator.facts.models import Persona
from navigator.hsds import changes as hsds_changes
from navigator.i18n import _
from navigator.pathway.engine import Answers
from navigator.pathway.plan import build_plan
from navigator.pathway.source import content_changed, load_catalog


def review_after() -> int:
    return int(current_app.config["REVIEW_AFTER_DAYS"])


def due(organisation_ids: Iterable[int], today: dt.date) -> dict[int, list[Service]]:
    """organisation id -> its published listings not checked for REVIEW_AFTER_DAYS."""
    limit = today - dt.timedelta(days=review_after())
    found: dict[int, list[Service]] = defaultdict(list)
    query = (
        select(Service)
        .where(
            Service.organisation_id.in_(list(organisation_ids)),
            Service.status == "published",
            (Service.last_reviewed.is_(None)) | (Service.last_reviewed < limit),
        )
        .order_by(Service.last_reviewed.is_not(None), Service.last_reviewed, Service.slug)
    )
    for service in db.session.scalars(query):
        found[service.organisation_id].append(service)
    return found


def confirm(service: Service, account: Account, today: dt.date) -> None:
    """The listing was checked and is still correct: only its last-reviewed date changes
    (no revision: nothing a newcomer reads changed, and translations stay up to date)."""
    service.last_reviewed = today
    content_changed(db.session)  # the public page shows the date; cached pages follow
    hsds_changes.record(db.session, "services", service.slug)
    audit.record("confirm", account, target=f"services:{service.slug}")


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


def _send(account: Account, services: list[Service]) -> None:
    from navigator.core.templating import city_name
    from navigator.core.urls import external_url

    lines = [
        f"- {service.slug}: {external_url('editor.edit_service', slug=service.slug)}"
        for service in services
    ]
    body = _(
        "These listings in the back office of %(city)s have not been checked for %(days)d days "
        "or more. Please open each one, correct what changed, or press “Confirm still correct”."
        "\n\n%(listings)s",
        city=city_name(),
        days=review_after(),
        listings="\n".join(lines),
    )
    subject = _("%(number)d listings to check", number=len(services))
    mail.send(account.email, subject, body)
