"""Small counts hidden, and hidden so that they cannot be worked out again. Pure.

Primary suppression: every count below THRESHOLD (zero included) is shown as "fewer than
10", the totals too.

Secondary suppression: a table with totals is a set of lines — each row with its row
total, each column with its column total — and in each line the cells add up to the
total. A line with exactly one hidden entry gives that entry away (the visible total minus
the visible cells). So, until no line has exactly one hidden entry, the smallest visible
entry of such a line is hidden too (a cell before its total, which is never smaller). Each
round only hides more, so it ends. A hidden entry that is the only one in its line after
other lines' hidden values were worked out is caught the same way: no line ever has one.

With both row and column totals shown, hidden entries can also be worked out by solving
several lines together (a hidden cell that is the only link between two separate groups of
hidden cells). Seen as a graph — a node per row and per column of the full grid, an edge
per hidden entry — an entry is determined exactly when its edge lies on no cycle (a bridge:
any change to it cannot be balanced by the others). So each such entry gets a cycle: the
smallest visible entry that joins the two sides of the bridge is hidden too.

What this does not claim: that a hidden count cannot be bounded (each lies between 0 and
its totals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

THRESHOLD = 10


@dataclass(frozen=True)
class Table:
    """Counts with their totals, and which of them are shown.

    `cells[r][c]`; `row_totals[r]` when `with_row_totals`; `column_totals[c]` when
    `with_column_totals`; `total` when both. `hidden` has the shape of the full grid:
    rows then the totals row, columns then the totals column."""

    cells: tuple[tuple[int, ...], ...]
    with_row_totals: bool
    with_column_totals: bool
    hidden: frozenset[tuple[int, int]]

    @property
    def rows(self) -> int:
        return len(self.cells)

    @property
    def columns(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def grid(self) -> list[list[int]]:
        """The full grid: cells, a totals column and a totals row where shown."""
        return [list(row) for row in self._grid]

    @cached_property
    def _grid(self) -> list[list[int]]:
        return _grid(self.cells, self.with_row_totals, self.with_column_totals)

    def shown(self, row: int, column: int) -> int | None:
        """The count at (row, column) of the full grid, or None when it is hidden."""
        return None if (row, column) in self.hidden else self._grid[row][column]


def _grid(cells: Sequence[Sequence[int]], row_totals: bool, column_totals: bool) -> list[list[int]]:
    grid = [list(row) + ([sum(row)] if row_totals else []) for row in cells]
    if column_totals and grid:
        grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def lines(
    rows: int, columns: int, row_totals: bool, column_totals: bool
) -> list[list[tuple[int, int]]]:
    """Each line of the full grid as positions, its total last."""
    height = rows + (1 if column_totals and rows else 0)
    width = columns + (1 if row_totals else 0)
    found = []
    if row_totals:
        found += [[(r, c) for c in range(width)] for r in range(height)]
    if column_totals and rows:
        found += [[(r, c) for r in range(height)] for c in range(width)]
    return found


def suppress(
    cells: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True
) -> Table:
    """`cells` with primary and secondary suppression applied (see the module's rule)."""
    frozen = tuple(tuple(int(value) for value in row) for row in cells)
    if frozen and len({len(row) for row in frozen}) != 1:
        raise ValueError("every row needs the same number of cells")
    grid = _grid(frozen, row_totals, column_totals)
    hidden = {
        (r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if value < THRESHOLD
    }
    all_lines = lines(len(frozen), len(frozen[0]) if frozen else 0, row_totals, column_totals)
    changed = True
    while changed:
        changed = False
        for line in all_lines:
            if sum(position in hidden for position in line) != 1:
                continue
            visible = [p for p in line if p not in hidden]
            if not visible:
                continue
            # The smallest visible entry, a cell before the total; the same value, the first.
            smallest = min(visible, key=lambda p: (grid[p[0]][p[1]], p == line[-1], p))
            hidden.add(smallest)
            changed = True
    if row_totals and column_totals and frozen:
        while bridge := next(iter(_bridges(hidden)), None):
            hidden.add(_closing(grid, hidden, bridge))
    return Table(frozen, row_totals, column_totals, frozenset(hidden))


def _bridges(hidden: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The hidden entries whose edge (row node, column node) lies on no cycle (Tarjan's
    bridges, without recursion)."""
    graph: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for r, c in hidden:
        graph.setdefault(("r", r), []).append((("c", c), (r, c)))
        graph.setdefault(("c", c), []).append((("r", r), (r, c)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found = []
    for root in sorted(graph):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, None, iter(graph[root]))]
        while stack:
            node, via, edges = stack[-1]
            for neighbour, edge in edges:
                if edge == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, iter(graph[neighbour])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(via)
    return sorted(found)  # type: ignore[arg-type]


def _closing(
    grid: list[list[int]], hidden: set[tuple[int, int]], bridge: tuple[int, int]
) -> tuple[int, int]:
    """The smallest visible entry that puts `bridge` on a cycle: in a row reached from the
    bridge's column and a column reached from its row, the bridge itself left out."""
    rest = hidden - {bridge}
    row_side = _reached(rest, ("r", bridge[0]))
    column_side = _reached(rest, ("c", bridge[1]))
    rows = [index for kind, index in column_side if kind == "r"] or [bridge[0]]
    columns = [index for kind, index in row_side if kind == "c"] or [bridge[1]]
    candidates = [(r, c) for r in rows for c in columns if (r, c) not in hidden]
    if not candidates:  # a side without the other kind of line: widen from the bridge
        candidates = [
            (r, c)
            for r in range(len(grid))
            for c in range(len(grid[0]))
            if (r, c) not in hidden and (r == bridge[0] or c == bridge[1])
        ]
    return min(candidates, key=lambda p: (grid[p[0]][p[1]], p))


def _reached(hidden: set[tuple[int, int]], start: tuple[str, int]) -> set[tuple[str, int]]:
    seen, todo = {start}, [start]
    while todo:
        kind, index = todo.pop()
        for r, c in hidden:
            if (kind == "r" and r == index) or (kind == "c" and c == index):
                other = ("c", c) if kind == "r" else ("r", r)
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return seen


def derivable(table: Table) -> set[tuple[int, int]]:
    """The hidden entries someone could work out exactly from what is shown: repeatedly,
    any line with exactly one entry not known is solved (the total minus the cells, or the
    sum of the cells); with both totals, also any entry the equations together fix (a
    bridge). An honest table returns the empty set."""
    grid = table.grid()
    known = {
        (r, c) for r in range(len(grid)) for c in range(len(grid[0])) if (r, c) not in table.hidden
    }
    found: set[tuple[int, int]] = set()
    all_lines = lines(table.rows, table.columns, table.with_row_totals, table.with_column_totals)
    progress = True
    while progress:
        progress = False
        for line in all_lines:
            unknown = [p for p in line if p not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                found.add(unknown[0])
                progress = True
    if table.with_row_totals and table.with_column_totals:
        found |= set(_bridges(set(table.hidden)))  # solving several lines together
    return found
