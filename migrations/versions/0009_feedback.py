"""Newcomers' feedback on public pages and counts of searches that found nothing.

`feedback` holds "Was this page helpful?" answers and reports of wrong information, with
comments already masked (no e-mail addresses or phone numbers), and nothing about who sent
them: no address, session or plan link. `zero_result_search` counts searches that found
nothing per day, locale and normalised query. Both are purged after
NAVIGATOR_FEEDBACK_RETENTION_DAYS (`flask --app navigator feedback purge`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PAGE_KINDS = "'service', 'organisation', 'topic', 'plan', 'search'"
KINDS = "'helpful', 'not_helpful', 'report'"
FIELDS = "'address', 'hours', 'phone', 'eligibility', 'other'"
STATUSES = "'new', 'read', 'resolved', 'spam'"


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("page_kind", sa.String(length=20), nullable=False),
        sa.Column("page_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.CheckConstraint(f"page_kind IN ({PAGE_KINDS})", name=op.f("ck_feedback_page_kind")),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_feedback_kind")),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_feedback_status")),
        sa.CheckConstraint(
            f"(kind = 'report' AND field IN ({FIELDS})) OR (kind <> 'report' AND field IS NULL)",
            name=op.f("ck_feedback_report_field"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.create_index("ix_feedback_page", "feedback", ["page_kind", "page_key"])
    op.create_index(op.f("ix_feedback_status"), "feedback", ["status"])
    op.create_table(
        "zero_result_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("count > 0", name=op.f("ck_zero_result_search_count")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zero_result_search")),
        sa.UniqueConstraint("day", "locale", "query", name=op.f("uq_zero_result_search_day")),
    )


def downgrade() -> None:
    op.drop_table("zero_result_search")
    op.drop_index(op.f("ix_feedback_status"), table_name="feedback")
    op.drop_index("ix_feedback_page", table_name="feedback")
    op.drop_index("ix_feedback_created_at", table_name="feedback")
    op.drop_table("feedback")
