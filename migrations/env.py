"""Alembic environment. The Flask CLI (`flask --app navigator db ...`) builds the Config and
passes the app's DATABASE_URL; `alembic` itself is not needed."""

from __future__ import annotations

from alembic import context

import navigator.directory.models
import navigator.editor.models
import navigator.events.models
import navigator.facts.models
import navigator.feedback.models
import navigator.referrals.models
import navigator.statistics.models  # noqa: F401
from navigator.db import Base, make_engine

config = context.config
target_metadata = Base.metadata

# Tables created by hand in migrations (dialect-specific search index), not ORM models.
UNMANAGED_TABLES = {"search_index"}


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    unmanaged = name in UNMANAGED_TABLES or str(name).startswith("search_index_")
    return not (type_ == "table" and unmanaged)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
