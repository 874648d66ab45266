"""Statistics without people: desk visits, counts of public plans, "maybe" facts.

`desk_visit` (+ `desk_visit_need`) is one row per completed desk session: day, welcome
centre, staff and visitor locale, coarse status group, step counts, needs and whether they
were met — nothing that tells who came (referral outcomes are read from `referral`'s
anonymous columns, not linked to a visit). Public plans are
only counted: `web_plan_count` and `web_need_count` per day, locale and status group.
`maybe_fact_count` counts services left "maybe" for lack of a fact, per day and channel.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

GROUPS = "'eu', 'protection', 'permit', 'none', 'other'"
CHANNELS = "'web', 'desk'"


def upgrade() -> None:
    op.create_table(
        "desk_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("staff_locale", sa.String(length=16), nullable=False),
        sa.Column("visitor_locale", sa.String(length=16), nullable=False),
        sa.Column("status_group", sa.String(length=20), nullable=False),
        sa.Column("eligible_steps", sa.Integer(), nullable=False),
        sa.Column("maybe_steps", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"status_group IN ({GROUPS})", name=op.f("ck_desk_visit_status_group")),
        sa.CheckConstraint(
            "eligible_steps >= 0 AND maybe_steps >= 0", name=op.f("ck_desk_visit_steps")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_desk_visit_location_id_location"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_visit")),
    )
    op.create_index(op.f("ix_desk_visit_day"), "desk_visit", ["day"])
    op.create_index(op.f("ix_desk_visit_location_id"), "desk_visit", ["location_id"])
    op.create_table(
        "desk_visit_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.String(length=100), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["desk_visit.id"],
            name=op.f("fk_desk_visit_need_visit_id_desk_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_visit_need")),
        sa.UniqueConstraint("visit_id", "need", name=op.f("uq_desk_visit_need_visit_id")),
    )
    op.create_table(
        "web_plan_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("status_group", sa.String(length=20), nullable=False),
        sa.Column("plans", sa.Integer(), nullable=False),
        sa.Column("with_unmet", sa.Integer(), nullable=False),
        sa.Column("eligible_steps", sa.Integer(), nullable=False),
        sa.Column("maybe_steps", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            f"status_group IN ({GROUPS})", name=op.f("ck_web_plan_count_status_group")
        ),
        sa.CheckConstraint("plans > 0", name=op.f("ck_web_plan_count_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_plan_count")),
        sa.UniqueConstraint("day", "locale", "status_group", name=op.f("uq_web_plan_count_day")),
    )
    op.create_table(
        "web_need_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("status_group", sa.String(length=20), nullable=False),
        sa.Column("need", sa.String(length=100), nullable=False),
        sa.Column("plans", sa.Integer(), nullable=False),
        sa.Column("unmet", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            f"status_group IN ({GROUPS})", name=op.f("ck_web_need_count_status_group")
        ),
        sa.CheckConstraint(
            "plans > 0 AND unmet >= 0 AND unmet <= plans", name=op.f("ck_web_need_count_counts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_need_count")),
        sa.UniqueConstraint(
            "day", "locale", "status_group", "need", name=op.f("uq_web_need_count_day")
        ),
    )
    op.create_table(
        "maybe_fact_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("fact", sa.String(length=100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"channel IN ({CHANNELS})", name=op.f("ck_maybe_fact_count_channel")),
        sa.CheckConstraint("count > 0", name=op.f("ck_maybe_fact_count_count")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maybe_fact_count")),
        sa.UniqueConstraint(
            "day", "channel", "service", "fact", name=op.f("uq_maybe_fact_count_day")
        ),
    )


def downgrade() -> None:
    op.drop_table("maybe_fact_count")
    op.drop_table("web_need_count")
    op.drop_table("web_plan_count")
    op.drop_table("desk_visit_need")
    op.drop_index(op.f("ix_desk_visit_location_id"), table_name="desk_visit")
    op.drop_index(op.f("ix_desk_visit_day"), table_name="desk_visit")
    op.drop_table("desk_visit")
