"""Locations' own opening hours, which the services there can inherit.

A welcome centre's hours used to be repeated in every service file offered there. Now a
location has weekly slots and dated exceptions of its own, and a service at a location with
`location_hours` set uses them instead of its own (see navigator/directory/models/schedule.py).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "location_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=False),
        sa.Column("closes", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "opens >= 0 AND closes <= 1440 AND opens < closes",
            name=op.f("ck_location_slot_times"),
        ),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_location_slot_weekday")),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_location_slot_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_slot")),
    )
    op.create_index(op.f("ix_location_slot_location_id"), "location_slot", ["location_id"])
    op.create_table(
        "location_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=True),
        sa.Column("closes", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(closed AND opens IS NULL AND closes IS NULL) OR "
            "(NOT closed AND opens >= 0 AND closes <= 1440 AND opens < closes)",
            name=op.f("ck_location_exception_closed_or_hours"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_location_exception_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_exception")),
        sa.UniqueConstraint(
            "location_id", "date", "opens", name=op.f("uq_location_exception_location_id")
        ),
    )
    with op.batch_alter_table("service_at_location") as batch:
        batch.add_column(
            sa.Column("location_hours", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("service_at_location") as batch:
        batch.drop_column("location_hours")
    op.drop_table("location_exception")
    op.drop_index(op.f("ix_location_slot_location_id"), table_name="location_slot")
    op.drop_table("location_slot")
