"""Machine translations: every translation row says whether a machine made it.

A row with `machine` set was machine-translated and no translator has reviewed it yet: it
counts as not up to date on the translators' dashboard and public pages label it (see
navigator/machine_translation/). Existing rows were all made by people: false.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: every table of TranslationMixin rows (navigator/translatable.py)
TABLES = (
    "area_translation",
    "city_translation",
    "document_translation",
    "emergency_number_translation",
    "fact_translation",
    "holiday_translation",
    "location_translation",
    "organisation_translation",
    "residence_status_translation",
    "service_translation",
    "topic_translation",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("machine", sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("machine")
