"""Primary and secondary suppression (navigator/statistics/suppression.py)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.statistics.suppression import THRESHOLD, Table, derivable, lines, suppress


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


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [row[:] for row in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column]:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def determined(table: Table) -> set[tuple[int, int]]:
    """Hidden entries the table's equations fix, by linear algebra (independent of the
    module's own audit): x is fixed when its unit vector lies in the equations' row space,
    restricted to the hidden entries."""
    hidden = sorted(table.hidden)
    if not hidden:
        return set()
    index = {p: i for i, p in enumerate(hidden)}
    equations = []
    for line in lines(table.rows, table.columns, table.with_row_totals, table.with_column_totals):
        row = [Fraction(0)] * len(hidden)
        for p in line[:-1]:
            if p in index:
                row[index[p]] += 1
        if line[-1] in index:
            row[index[line[-1]]] -= 1
        equations.append(row)
    base = _rank(equations)
    fixed = set()
    for p, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            fixed.add(p)
    return fixed


def test_a_cell_linking_two_groups_of_hidden_cells_is_hidden_with_a_partner():
    # Two 2 × 2 blocks of small counts, and one small count joining them: every line has two
    # hidden entries, yet the joining cell is fixed by the equations together.
    cells = [
        [3, 4, 50, 5, 50],
        [4, 3, 50, 50, 50],
        [50, 50, 50, 3, 4],
        [50, 50, 50, 4, 3],
    ]
    naive = Table(
        tuple(map(tuple, cells)),
        True,
        True,
        frozenset({(0, 0), (0, 1), (1, 0), (1, 1), (0, 3), (2, 3), (2, 4), (3, 3), (3, 4)}),
    )
    lines_alone = {p for p in naive.hidden if p not in derivable(naive)}
    assert (0, 3) in derivable(naive) and (0, 3) in determined(naive)
    assert len(lines_alone) == 8  # no line has a single hidden entry
    table = suppress(cells)
    assert derivable(table) == set() == determined(table)


@settings(max_examples=200, deadline=None)
@given(tables, st.booleans(), st.booleans())
def test_no_hidden_count_is_fixed_by_all_the_equations_together(cells, row_totals, column_totals):
    table = suppress(cells, row_totals=row_totals, column_totals=column_totals)
    assert determined(table) == set()
