"""Primary and secondary suppression (navigator/statistics/suppression.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.statistics.suppression import THRESHOLD, Table, derivable, suppress


def test_every_count_below_ten_is_hidden_and_the_rest_shown():
    table = suppress([[12, 30], [15, 40]])
    assert table.hidden == frozenset()
    table = suppress([[0, 30, 25], [15, 40, 22]], row_totals=False, column_totals=False)
    assert table.hidden == {(0, 0)}  # no totals: nothing to work it out from
    assert table.shown(0, 1) == 30


def test_one_hidden_cell_in_a_row_takes_the_next_smallest_with_it():
    # 3 would be 58 - 30 - 25 from the row total: the 25 is hidden too; then their
    # columns would give each away, so the second row's 15 and 22 go as well.
    table = suppress([[3, 30, 25], [15, 40, 22]])
    assert table.hidden == {(0, 0), (0, 2), (1, 0), (1, 2)}
    assert derivable(table) == set()
    assert table.shown(0, 1) == 30


def test_a_small_total_is_hidden_like_a_cell():
    table = suppress([[4], [3]], row_totals=False)
    assert {(0, 0), (1, 0), (2, 0)} <= table.hidden


def test_the_audit_finds_what_primary_suppression_alone_leaves_open():
    # Without secondary suppression the 3 is the row total minus the 30.
    naive = Table(((3, 30),), True, True, frozenset({(0, 0), (1, 0)}))
    assert (0, 0) in derivable(naive)


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=40), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=400, deadline=None)
@given(tables, st.booleans(), st.booleans())
def test_no_hidden_count_can_be_worked_out_from_the_totals(cells, row_totals, column_totals):
    table = suppress(cells, row_totals=row_totals, column_totals=column_totals)
    grid = table.grid()
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value < THRESHOLD:
                assert (r, c) in table.hidden, (r, c, value)
            if (r, c) not in table.hidden:
                assert table.shown(r, c) == value
    assert derivable(table) == set()
