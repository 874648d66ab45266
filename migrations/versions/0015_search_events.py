"""Search index: events beside services, in the same table.

A row now belongs to a service (`service_id`) or to an event (`event_id`), never both, so
one search mechanism (the same normalised columns, the same spelling vocabulary) finds
both. Events are few (tens), so asking only for them must not read the services' matches:
on SQLite an indexed `kind` column ("service" or "event") lets the full-text match itself
keep to one kind; on PostgreSQL the index on `event_id` finds the events' few rows (and the
planner prefers it to the full-text index: 0.2 ms beside 9 ms for services, 5,000 of them).

Rows indexed before this migration are all services'; `flask content load` (or publishing
an event) indexes the events.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 08:00:00
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _fts5(name: str, columns: str) -> str:
    # unicode61 folds case and diacritics; the app also normalises text (textnorm).
    return (
        f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def _replace_sqlite_table(columns: str, copy: str) -> None:
    """FTS5 tables cannot be altered: a new one, filled by `copy`, takes the old one's name."""
    op.execute(_fts5("search_index_new", columns))
    op.execute(copy)
    op.execute("DROP TABLE search_index")
    op.execute("ALTER TABLE search_index_new RENAME TO search_index")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # New columns go last: bm25() weights are by position, and the existing ones stay.
        _replace_sqlite_table(
            "service_id UNINDEXED, locale, title, keywords, body, event_id UNINDEXED, kind",
            "INSERT INTO search_index_new "
            "(service_id, locale, title, keywords, body, event_id, kind) "
            "SELECT service_id, locale, title, keywords, body, NULL, 'service' FROM search_index",
        )
        return
    op.execute("ALTER TABLE search_index ALTER COLUMN service_id DROP NOT NULL")
    op.execute(
        "ALTER TABLE search_index ADD COLUMN event_id INTEGER "
        "CONSTRAINT fk_search_index_event_id_event REFERENCES event (id) ON DELETE CASCADE"
    )
    op.execute(
        "ALTER TABLE search_index ADD CONSTRAINT ck_search_index_service_or_event "
        "CHECK ((service_id IS NULL) <> (event_id IS NULL))"
    )
    op.execute("CREATE INDEX ix_search_index_event_id ON search_index (event_id)")


def downgrade() -> None:
    # The events' rows go: the old index had no place for them.
    if op.get_bind().dialect.name == "sqlite":
        _replace_sqlite_table(
            "service_id UNINDEXED, locale, title, keywords, body",
            "INSERT INTO search_index_new (service_id, locale, title, keywords, body) "
            "SELECT service_id, locale, title, keywords, body FROM search_index "
            "WHERE event_id IS NULL",
        )
        return
    op.execute("DELETE FROM search_index WHERE event_id IS NOT NULL")
    op.execute("DROP INDEX ix_search_index_event_id")
    op.execute("ALTER TABLE search_index DROP CONSTRAINT ck_search_index_service_or_event")
    op.execute("ALTER TABLE search_index DROP COLUMN event_id")
    op.execute("ALTER TABLE search_index ALTER COLUMN service_id SET NOT NULL")
