"""Search vocabulary for spelling help ("Did you mean …?"), and pg_trgm where allowed.

search_index_terms holds one row per locale and normalised index word (written form and
how many index rows hold it); navigator.directory.search rebuilds it with the index. Like
search_index it is not an ORM model. On SQLite an FTS5 trigram table indexes the words. On
PostgreSQL the migration installs pg_trgm when the database user may (superuser, or owner
of the database: the extension is trusted) and indexes the words by trigrams. Without
either, the app compares the words of a plausible length in Python (rapidfuzz) instead.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_index_terms",
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("display", sa.Text(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("locale", "term", name="pk_search_index_terms"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _create_fts5_trigram(bind)
        return
    schema = _trigram_schema(bind)
    if schema is None:
        return  # no pg_trgm: spelling help still works, by reading the vocabulary
    quoted = bind.dialect.identifier_preparer.quote_schema(schema)
    op.execute(
        "CREATE INDEX ix_search_index_terms_trgm ON search_index_terms "
        f"USING GIN (term {quoted}.gin_trgm_ops)"
    )


def _create_fts5_trigram(bind: sa.Connection) -> None:
    """FTS5 trigram index over the vocabulary (SQLite 3.34+); it reads the words from
    search_index_terms (external content), so they are stored once."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(
                "CREATE VIRTUAL TABLE search_index_terms_trigram USING fts5("
                "term, locale UNINDEXED, content = 'search_index_terms', "
                "tokenize = 'trigram')"
            )
    except DBAPIError:
        pass  # an older SQLite: spelling help compares words in Python instead


def _trigram_schema(bind: sa.Connection) -> str | None:
    """Install pg_trgm if it is missing and we may; the schema it is in, or None."""
    # In `public` when it exists, so that it outlives any one app schema (tests and some
    # deployments put each app in its own schema); otherwise wherever PostgreSQL puts it.
    for statement in (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    ):
        try:
            with bind.begin_nested():  # a failure must not abort the migration
                bind.exec_driver_sql(statement)
            break
        except DBAPIError:
            continue
    return bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ).scalar()


def downgrade() -> None:
    # pg_trgm stays: other schemas of the database may use it.
    op.execute("DROP TABLE IF EXISTS search_index_terms_trigram")
    op.drop_table("search_index_terms")
