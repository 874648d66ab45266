"""Events and recurring sessions: info sessions, welcome days, language cafés.

`event` is a listing like a service (organisation, optional location, who it is for as JSON
Logic or open to everyone, languages spoken, cost, registration) whose dates are an RFC 5545
recurrence in the city's local time: `starts_at` (DTSTART, naive local), `end_time`
(minutes after local midnight), `rrule`, `rdate` and `exdate`. Texts per locale live in
`event_translation`; topics in `event_topic`.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("open_to_all", sa.Boolean(), nullable=False),
        sa.Column("rule", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("free", sa.Boolean(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("registration_required", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("registration_url", sa.String(length=500), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("end_time", sa.Integer(), nullable=True),
        sa.Column("rrule", sa.String(length=500), nullable=True),
        sa.Column("rdate", sa.JSON(), nullable=False),
        sa.Column("exdate", sa.JSON(), nullable=False),
        sa.Column("modelled_on", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("last_reviewed", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'archived')", name=op.f("ck_event_status")
        ),
        sa.CheckConstraint(
            "end_time IS NULL OR (end_time > 0 AND end_time <= 1440)", name=op.f("ck_event_end")
        ),
        sa.CheckConstraint(
            "NOT (open_to_all AND rule IS NOT NULL)", name=op.f("ck_event_open_or_rule")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_event_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_event_location_id_location"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("slug", name=op.f("uq_event_slug")),
    )
    op.create_index(op.f("ix_event_organisation_id"), "event", ["organisation_id"])
    op.create_index(op.f("ix_event_location_id"), "event", ["location_id"])
    op.create_index(op.f("ix_event_status"), "event", ["status"])
    op.create_table(
        "event_topic",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_topic_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topic.id"],
            name=op.f("fk_event_topic_topic_id_topic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "topic_id", name=op.f("pk_event_topic")),
    )
    op.create_index("ix_event_topic_topic_id", "event_topic", ["topic_id"])
    op.create_table(
        "event_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("eligibility_summary", sa.Text(), nullable=True),
        sa.Column("cost", sa.String(length=300), nullable=True),
        sa.Column("registration", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.Column("machine", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_translation_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_translation")),
        sa.UniqueConstraint("event_id", "locale", name=op.f("uq_event_translation_event_id")),
    )


def downgrade() -> None:
    op.drop_table("event_translation")
    op.drop_index("ix_event_topic_topic_id", table_name="event_topic")
    op.drop_table("event_topic")
    op.drop_index(op.f("ix_event_status"), table_name="event")
    op.drop_index(op.f("ix_event_location_id"), table_name="event")
    op.drop_index(op.f("ix_event_organisation_id"), table_name="event")
    op.drop_table("event")
