"""Revisions: every save of an editable object in the back office, in the pack's form.

One table for every kind of object (services, organisations, …): `data` is the object as
the content pack writes it. See navigator/editor/revisions.py.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("base", sa.Integer(), nullable=True),
        sa.Column("minor", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("publisher_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'published')", name=op.f("ck_revision_state")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["account.id"], name=op.f("fk_revision_author_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["publisher_id"], ["account.id"], name=op.f("fk_revision_publisher_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision")),
        sa.UniqueConstraint("kind", "key", "number", name=op.f("uq_revision_kind")),
    )
    op.create_index(op.f("ix_revision_author_id"), "revision", ["author_id"])
    op.create_index(op.f("ix_revision_publisher_id"), "revision", ["publisher_id"])
    op.create_index("ix_revision_state", "revision", ["state"])


def downgrade() -> None:
    op.drop_table("revision")
