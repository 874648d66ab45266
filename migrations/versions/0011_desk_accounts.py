"""Front desk accounts: the role "desk" and the welcome centre a desk account works at.

Desk staff (issue 11) sign in with the back office's accounts; `location_id` is their
welcome centre (a location), so statistics can be shown per centre.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BEFORE = "'admin', 'city_editor', 'organisation_editor', 'author', 'translator', 'observer'"
AFTER = BEFORE + ", 'desk'"


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.drop_constraint(op.f("ck_account_role"), type_="check")
        batch.create_check_constraint(op.f("ck_account_role"), f"role IN ({AFTER})")
        batch.add_column(sa.Column("location_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_account_location_id_location"),
            "location",
            ["location_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_account_location_id"), ["location_id"])


def downgrade() -> None:
    op.execute("UPDATE account SET role = 'observer', active = false WHERE role = 'desk'")
    with op.batch_alter_table("account") as batch:
        batch.drop_index(op.f("ix_account_location_id"))
        batch.drop_constraint(op.f("fk_account_location_id_location"), type_="foreignkey")
        batch.drop_column("location_id")
        batch.drop_constraint(op.f("ck_account_role"), type_="check")
        batch.create_check_constraint(op.f("ck_account_role"), f"role IN ({BEFORE})")
