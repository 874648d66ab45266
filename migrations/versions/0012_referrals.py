"""Referrals with consent (issue 11, point 3).

`referral` holds a welcome centre's referral of a visitor to a partner organisation: its
anonymous part (organisation, service, need, welcome centre, status, days), the consent
record (fields shared, retention, when, which text in which language) and the personal
fields the visitor agreed to share, encrypted (Fernet tokens in text columns) and purged
after the retention period or on withdrawal. The private link's token is stored as a
SHA-256 hash (and, encrypted, only while the visitor shared an e-mail address to be told
of changes). `referral_status` is its status history.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STATUSES = "'sent', 'accepted', 'declined', 'got_help', 'could_not_contact', 'closed'"


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("shared", sa.String(length=100), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("keep_until", sa.Date(), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_version", sa.String(length=20), nullable=False),
        sa.Column("consent_locale", sa.String(length=16), nullable=False),
        sa.Column("staff_locale", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("contact_channel", sa.String(length=10), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("mail_token", sa.Text(), nullable=True),
        sa.Column("purged_on", sa.Date(), nullable=True),
        sa.Column("purge_reason", sa.String(length=20), nullable=True),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_referral_status")),
        sa.CheckConstraint(
            "retention_days IN (30, 90, 180)", name=op.f("ck_referral_retention_days")
        ),
        sa.CheckConstraint(
            "contact_channel IS NULL OR contact_channel IN ('email', 'phone')",
            name=op.f("ck_referral_contact_channel"),
        ),
        sa.CheckConstraint(
            "purge_reason IS NULL OR purge_reason IN ('expired', 'withdrawn')",
            name=op.f("ck_referral_purge_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_referral_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_referral_service_id_service"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_referral_topic_id_topic"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_referral_location_id_location"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["account.id"],
            name=op.f("fk_referral_sent_by_id_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_referral_token_hash")),
    )
    for column in (
        "organisation_id",
        "service_id",
        "topic_id",
        "location_id",
        "sent_by_id",
        "status",
        "keep_until",
    ):
        op.create_index(op.f(f"ix_referral_{column}"), "referral", [column])
    op.create_table(
        "referral_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_referral_status_status")),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_referral_status_referral_id_referral"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_referral_status_account_id_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_status")),
    )
    op.create_index(op.f("ix_referral_status_referral_id"), "referral_status", ["referral_id"])
    op.create_index(op.f("ix_referral_status_account_id"), "referral_status", ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_status_account_id"), table_name="referral_status")
    op.drop_index(op.f("ix_referral_status_referral_id"), table_name="referral_status")
    op.drop_table("referral_status")
    for column in (
        "keep_until",
        "status",
        "sent_by_id",
        "location_id",
        "topic_id",
        "service_id",
        "organisation_id",
    ):
        op.drop_index(op.f(f"ix_referral_{column}"), table_name="referral")
    op.drop_table("referral")
