"""Migration 0013: the statistics tables come and go without touching anything else."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from navigator import migrate
from navigator.db import make_engine

TABLES = {"desk_visit", "desk_visit_need", "web_plan_count", "web_need_count", "maybe_fact_count"}


def test_up_and_down(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO desk_visit (day, staff_locale, visitor_locale, status_group,"
                    " eligible_steps, maybe_steps) VALUES ('2026-11-24', 'de', 'ar', 'eu', 3, 1)"
                )
            )
            conn.execute(
                text("INSERT INTO desk_visit_need (visit_id, need, met) VALUES (1, 'work', false)")
            )
        migrate.downgrade(fresh_database_url, "0011")
        names = set(inspect(engine).get_table_names())
        assert not TABLES & names and {"account", "zero_result_search"} <= names
        migrate.upgrade(fresh_database_url)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_a_status_group_outside_the_list_is_refused(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as conn, pytest.raises(IntegrityError, match="status_group"):
            conn.execute(
                text(
                    "INSERT INTO web_plan_count (day, locale, status_group, plans,"
                    " with_unmet, eligible_steps, maybe_steps)"
                    " VALUES ('2026-11-24', 'en', 'asylum_seeker', 1, 0, 1, 1)"
                )
            )
    finally:
        engine.dispose()
