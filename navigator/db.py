"""The database: one engine per app, one session per request, committed once at the edge."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: Iterable[object]) -> str:
    """A CHECK constraint's condition: `column` holds one of `values` (plain strings, or the
    keys of a mapping of values to their titles)."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def normalise_url(url: str) -> str:
    # "postgresql://" means psycopg 3 here; SQLAlchemy would otherwise pick psycopg2.
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _app_context_id() -> int:
    return id(app_ctx._get_current_object())


class Database:
    """A small Flask binding: `db.session` is one session per app context, bound to the
    current app's engine (several apps, e.g. in tests, each keep their own database)."""

    def __init__(self) -> None:
        self.session = scoped_session(self._new_scoped_session, scopefunc=_app_context_id)

    def _new_scoped_session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["navigator_db"]

    def init_app(self, app: Flask) -> None:
        app.extensions["navigator_db"] = make_engine(str(app.config["DATABASE_URL"]))

        @app.after_request
        def commit(response):  # type: ignore[no-untyped-def]
            if response.status_code < 400:
                self.session.commit()
            else:
                self.session.rollback()
            return response

        @app.teardown_appcontext
        def remove(exc: BaseException | None) -> None:
            if exc is not None:
                self.session.rollback()
            self.session.remove()


db = Database()
