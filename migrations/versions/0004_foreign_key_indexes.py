"""Indexes on the foreign keys that had none.

Plan cards read weekly slots by place and contact channels by service, and the catalog
reads rules by service: without these indexes each was a scan of the whole table on
PostgreSQL (19,000 slots at 5,000 services). The others make deleting an area, a document,
a location, a topic or a service (editors will) look up what refers to it by index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:15:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_location_area_id", "location", "area_id"),
    ("ix_service_at_location_location_id", "service_at_location", "location_id"),
    ("ix_weekly_slot_service_at_location_id", "weekly_slot", "service_at_location_id"),
    ("ix_contact_channel_service_id", "contact_channel", "service_id"),
    ("ix_eligibility_rule_service_id", "eligibility_rule", "service_id"),
    ("ix_topic_parent_id", "topic", "parent_id"),
    ("ix_service_area_area_id", "service_area", "area_id"),
    ("ix_service_document_document_id", "service_document", "document_id"),
    ("ix_service_prerequisite_requires_id", "service_prerequisite", "requires_id"),
]


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
