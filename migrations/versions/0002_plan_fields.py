"""Plan fields: opt-in (sensitive) services, facts a service gives, urgency, documents'
conditions, negative statements of facts, topic icons and search keywords.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 18:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service") as batch:
        batch.add_column(
            sa.Column("opt_in", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("gives", sa.JSON(none_as_null=True), nullable=True))
        batch.add_column(sa.Column("urgent_when", sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("needed_when", sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table("fact_translation") as batch:
        batch.add_column(sa.Column("statement_negative", sa.Text(), nullable=True))
    with op.batch_alter_table("topic") as batch:
        batch.add_column(sa.Column("icon", sa.String(length=40), nullable=True))
    with op.batch_alter_table("topic_translation") as batch:
        batch.add_column(sa.Column("keywords", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("topic_translation") as batch:
        batch.drop_column("keywords")
    with op.batch_alter_table("topic") as batch:
        batch.drop_column("icon")
    with op.batch_alter_table("fact_translation") as batch:
        batch.drop_column("statement_negative")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("needed_when")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("urgent_when")
        batch.drop_column("gives")
        batch.drop_column("opt_in")
