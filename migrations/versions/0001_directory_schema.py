"""Directory schema: organisations, services, locations, schedules, topics, facts,
per-locale translations, and the full-text search index (FTS5 or tsvector per dialect).

Revision ID: 0001
Revises:
Create Date: 2026-11-23 14:23:53.448551
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("slug", name=op.f("uq_area_slug")),
    )
    op.create_table(
        "city",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("source_locale", sa.String(length=16), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("welcome_service", sa.String(length=100), nullable=True),
        sa.Column("content_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("slug", name=op.f("uq_document_slug")),
    )
    op.create_table(
        "emergency_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_number")),
        sa.UniqueConstraint("key", name=op.f("uq_emergency_number_key")),
    )
    op.create_table(
        "fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=True),
        sa.Column("options_from", sa.String(length=20), nullable=True),
        sa.Column("option_values", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("minimum", sa.Float(), nullable=True),
        sa.Column("maximum", sa.Float(), nullable=True),
        sa.Column("derived", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(type IS NULL) = (derived IS NOT NULL)", name=op.f("ck_fact_asked_or_derived")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact")),
        sa.UniqueConstraint("key", name=op.f("uq_fact_key")),
    )
    op.create_table(
        "holiday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday")),
        sa.UniqueConstraint("date", name=op.f("uq_holiday_date")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "kind IN ('city', 'ngo', 'state', 'other')", name=op.f("ck_organisation_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisation_slug")),
    )
    op.create_table(
        "persona",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persona")),
        sa.UniqueConstraint("key", name=op.f("uq_persona_key")),
    )
    op.create_table(
        "residence_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residence_status")),
        sa.UniqueConstraint("value", name=op.f("uq_residence_status_value")),
    )
    op.create_table(
        "topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["topic.id"], name=op.f("fk_topic_parent_id_topic"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic")),
        sa.UniqueConstraint("slug", name=op.f("uq_topic_slug")),
    )
    op.create_table(
        "area_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
            name=op.f("fk_area_translation_area_id_area"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_translation")),
        sa.UniqueConstraint("area_id", "locale", name=op.f("uq_area_translation_area_id")),
    )
    op.create_table(
        "city_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("notice", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_id"],
            ["city.id"],
            name=op.f("fk_city_translation_city_id_city"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_translation")),
        sa.UniqueConstraint("city_id", "locale", name=op.f("uq_city_translation_city_id")),
    )
    op.create_table(
        "document_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_translation_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_translation")),
        sa.UniqueConstraint(
            "document_id", "locale", name=op.f("uq_document_translation_document_id")
        ),
    )
    op.create_table(
        "emergency_number_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("emergency_number_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["emergency_number_id"],
            ["emergency_number.id"],
            name=op.f("fk_emergency_number_translation_emergency_number_id_emergency_number"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_number_translation")),
        sa.UniqueConstraint(
            "emergency_number_id",
            "locale",
            name=op.f("uq_emergency_number_translation_emergency_number_id"),
        ),
    )
    op.create_table(
        "fact_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("help", sa.Text(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("options", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["fact.id"],
            name=op.f("fk_fact_translation_fact_id_fact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_translation")),
        sa.UniqueConstraint("fact_id", "locale", name=op.f("uq_fact_translation_fact_id")),
    )
    op.create_table(
        "holiday_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holiday_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["holiday_id"],
            ["holiday.id"],
            name=op.f("fk_holiday_translation_holiday_id_holiday"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_translation")),
        sa.UniqueConstraint("holiday_id", "locale", name=op.f("uq_holiday_translation_holiday_id")),
    )
    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("street", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_location_area_id_area"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
        sa.UniqueConstraint("slug", name=op.f("uq_location_slug")),
    )
    op.create_table(
        "organisation_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_translation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_translation")),
        sa.UniqueConstraint(
            "organisation_id", "locale", name=op.f("uq_organisation_translation_organisation_id")
        ),
    )
    op.create_table(
        "residence_status_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("residence_status_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["residence_status_id"],
            ["residence_status.id"],
            name=op.f("fk_residence_status_translation_residence_status_id_residence_status"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residence_status_translation")),
        sa.UniqueConstraint(
            "residence_status_id",
            "locale",
            name=op.f("uq_residence_status_translation_residence_status_id"),
        ),
    )
    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("open_to_all", sa.Boolean(), nullable=False),
        sa.Column("free", sa.Boolean(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("modelled_on", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("last_reviewed", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "audience IN ('newcomers', 'professionals')", name=op.f("ck_service_audience")
        ),
        sa.CheckConstraint(
            "phase IN ('first-days', 'first-weeks', 'first-months', 'later')",
            name=op.f("ck_service_phase"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'archived')", name=op.f("ck_service_status")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_service_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
        sa.UniqueConstraint("slug", name=op.f("uq_service_slug")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_service_status"), ["status"], unique=False)

    op.create_table(
        "topic_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topic.id"],
            name=op.f("fk_topic_translation_topic_id_topic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_translation")),
        sa.UniqueConstraint("topic_id", "locale", name=op.f("uq_topic_translation_topic_id")),
    )
    op.create_table(
        "contact_channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "type IN ('in_person', 'phone', 'email', 'web', 'app', 'video')",
            name=op.f("ck_contact_channel_type"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_contact_channel_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_channel")),
    )
    op.create_table(
        "eligibility_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("logic", sa.JSON(), nullable=False),
        sa.Column("reference_text", sa.String(length=500), nullable=True),
        sa.Column("reference_url", sa.String(length=500), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_eligibility_rule_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_rule")),
    )
    op.create_table(
        "location_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("accessibility", sa.Text(), nullable=True),
        sa.Column("directions", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_location_translation_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_translation")),
        sa.UniqueConstraint(
            "location_id", "locale", name=op.f("uq_location_translation_location_id")
        ),
    )
    op.create_table(
        "service_area",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_service_area_area_id_area"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_area_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "area_id", name=op.f("pk_service_area")),
    )
    op.create_table(
        "service_at_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("appointment_only", sa.Boolean(), nullable=False),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("open_on_holidays", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_at_location_location_id_location"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_at_location_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_at_location")),
        sa.UniqueConstraint(
            "service_id", "location_id", name=op.f("uq_service_at_location_service_id")
        ),
    )
    op.create_table(
        "service_document",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_service_document_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_document_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "document_id", name=op.f("pk_service_document")),
    )
    op.create_table(
        "service_prerequisite",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("requires_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requires_id"],
            ["service.id"],
            name=op.f("fk_service_prerequisite_requires_id_service"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_prerequisite_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "requires_id", name=op.f("pk_service_prerequisite")),
    )
    op.create_table(
        "service_topic",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_topic_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topic.id"],
            name=op.f("fk_service_topic_topic_id_topic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "topic_id", name=op.f("pk_service_topic")),
    )
    with op.batch_alter_table("service_topic", schema=None) as batch_op:
        batch_op.create_index("ix_service_topic_topic_id", ["topic_id"], unique=False)

    op.create_table(
        "service_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("eligibility_summary", sa.Text(), nullable=True),
        sa.Column("cost", sa.String(length=300), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_translation_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_translation")),
        sa.UniqueConstraint("service_id", "locale", name=op.f("uq_service_translation_service_id")),
    )
    op.create_table(
        "schedule_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_at_location_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=True),
        sa.Column("closes", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(closed AND opens IS NULL AND closes IS NULL) OR (NOT closed AND opens >= 0 AND closes <= 1440 AND opens < closes)",
            name=op.f("ck_schedule_exception_closed_or_hours"),
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["service_at_location.id"],
            name=op.f("fk_schedule_exception_service_at_location_id_service_at_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_exception")),
        sa.UniqueConstraint(
            "service_at_location_id",
            "date",
            "opens",
            name=op.f("uq_schedule_exception_service_at_location_id"),
        ),
    )
    op.create_table(
        "weekly_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_at_location_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Integer(), nullable=False),
        sa.Column("closes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "opens >= 0 AND closes <= 1440 AND opens < closes", name=op.f("ck_weekly_slot_times")
        ),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_weekly_slot_weekday")),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["service_at_location.id"],
            name=op.f("fk_weekly_slot_service_at_location_id_service_at_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_slot")),
    )
    create_search_index()


def create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # unicode61 folds case and diacritics; the app also normalises text (textnorm).
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "service_id UNINDEXED, locale, title, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        return
    op.execute(
        "CREATE TABLE search_index ("
        "id SERIAL PRIMARY KEY, "
        "service_id INTEGER NOT NULL REFERENCES service (id) ON DELETE CASCADE, "
        "locale VARCHAR(16) NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
        "document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title), 'A') || "
        "setweight(to_tsvector('simple', body), 'B')) STORED)"
    )
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING GIN (document)")
    op.execute("CREATE INDEX ix_search_index_service_id ON search_index (service_id)")
    op.execute("CREATE INDEX ix_search_index_locale ON search_index (locale)")


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.drop_table("weekly_slot")
    op.drop_table("schedule_exception")
    op.drop_table("service_translation")
    op.drop_table("service_topic")
    op.drop_table("service_prerequisite")
    op.drop_table("service_document")
    op.drop_table("service_at_location")
    op.drop_table("service_area")
    op.drop_table("location_translation")
    op.drop_table("eligibility_rule")
    op.drop_table("contact_channel")
    op.drop_table("topic_translation")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_status"))
        batch_op.drop_index(batch_op.f("ix_service_organisation_id"))

    op.drop_table("service")
    op.drop_table("residence_status_translation")
    op.drop_table("organisation_translation")
    op.drop_table("location")
    op.drop_table("holiday_translation")
    op.drop_table("fact_translation")
    op.drop_table("emergency_number_translation")
    op.drop_table("document_translation")
    op.drop_table("city_translation")
    op.drop_table("area_translation")
    op.drop_table("topic")
    op.drop_table("residence_status")
    op.drop_table("persona")
    op.drop_table("organisation")
    op.drop_table("holiday")
    op.drop_table("fact")
    op.drop_table("emergency_number")
    op.drop_table("document")
    op.drop_table("city")
    op.drop_table("area")
