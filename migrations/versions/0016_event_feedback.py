"""Feedback on event pages: "event" becomes a page kind, and a report on an event may say
that its dates and times are wrong ("dates").

Downgrading deletes feedback given on event pages (the older schema cannot hold it) and
turns reports of wrong dates into reports of "something else".

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 08:00:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

PAGE_KINDS_BEFORE = "'service', 'organisation', 'topic', 'plan', 'search'"
PAGE_KINDS_AFTER = "'service', 'organisation', 'topic', 'plan', 'search', 'event'"
FIELDS_BEFORE = "'address', 'hours', 'phone', 'eligibility', 'other'"
FIELDS_AFTER = "'address', 'hours', 'dates', 'phone', 'eligibility', 'other'"


def _report_field(fields: str) -> str:
    return f"(kind = 'report' AND field IN ({fields})) OR (kind <> 'report' AND field IS NULL)"


def _constraints(page_kinds: str, fields: str) -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint(op.f("ck_feedback_page_kind"), type_="check")
        batch.drop_constraint(op.f("ck_feedback_report_field"), type_="check")
        batch.create_check_constraint(op.f("ck_feedback_page_kind"), f"page_kind IN ({page_kinds})")
        batch.create_check_constraint(op.f("ck_feedback_report_field"), _report_field(fields))


def upgrade() -> None:
    _constraints(PAGE_KINDS_AFTER, FIELDS_AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM feedback WHERE page_kind = 'event'")
    op.execute("UPDATE feedback SET field = 'other' WHERE field = 'dates'")
    _constraints(PAGE_KINDS_BEFORE, FIELDS_BEFORE)
