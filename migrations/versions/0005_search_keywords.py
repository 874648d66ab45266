"""Search index: topic words in their own column, and a small vector to rank by.

Each index row's body held the service's text *and* its topics' titles and keywords. Now
the topic words (and the provider's name) have their own `keywords` column, weighted
between the title and the body. On PostgreSQL a second, small generated vector (`head`:
title and keywords) is what results are ranked by: ranking with the whole document meant
reading and scoring a 2.5 KB vector for every match (3,000 rows for one common word in a
city of 5,000 services). Matching still uses the whole document.

Rows indexed before this migration keep their topic words in the body, so they are still
found; `flask content load` re-indexes them with the new column.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:10:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fts5(name: str, columns: str) -> str:
    # unicode61 folds case and diacritics; the app also normalises text (textnorm).
    return (
        f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_fts5("search_index_new", "service_id UNINDEXED, locale, title, keywords, body"))
        op.execute(
            "INSERT INTO search_index_new (service_id, locale, title, keywords, body) "
            "SELECT service_id, locale, title, '', body FROM search_index"
        )
        op.execute("DROP TABLE search_index")
        op.execute("ALTER TABLE search_index_new RENAME TO search_index")
        return
    op.execute("ALTER TABLE search_index ADD COLUMN keywords TEXT NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE search_index DROP COLUMN document")
    op.execute(
        "ALTER TABLE search_index ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title), 'A') || "
        "setweight(to_tsvector('simple', keywords), 'B') || "
        "setweight(to_tsvector('simple', body), 'C')) STORED"
    )
    op.execute(
        "ALTER TABLE search_index ADD COLUMN head tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title), 'A') || "
        "setweight(to_tsvector('simple', keywords), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING GIN (document)")


def downgrade() -> None:
    # The topic words go back into the body, where the old index looked for them.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_fts5("search_index_old", "service_id UNINDEXED, locale, title, body"))
        op.execute(
            "INSERT INTO search_index_old (service_id, locale, title, body) "
            "SELECT service_id, locale, title, trim(body || ' ' || keywords) FROM search_index"
        )
        op.execute("DROP TABLE search_index")
        op.execute("ALTER TABLE search_index_old RENAME TO search_index")
        return
    op.execute("ALTER TABLE search_index DROP COLUMN head")
    op.execute("ALTER TABLE search_index DROP COLUMN document")
    op.execute("UPDATE search_index SET body = trim(body || ' ' || keywords)")
    op.execute("ALTER TABLE search_index DROP COLUMN keywords")
    op.execute(
        "ALTER TABLE search_index ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', title), 'A') || "
        "setweight(to_tsvector('simple', body), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING GIN (document)")
