"""Totals that compute themselves: which cells the rules define as sums of others, in what order they depend on
each other, and which of them the user typed by hand (kept, and checked against their parts as before)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from .findings import Cell
from .model import Project

Terms = tuple[tuple[int, Cell], ...]


@dataclass(frozen=True)
class ValueEdit:
    """Everything one user action changed: the cells it set, the totals that followed, and the manual marks."""

    old: tuple[tuple[Cell, Decimal | None], ...] = ()
    new: tuple[tuple[Cell, Decimal | None], ...] = ()
    #: (cell, manual before, manual after) for every total whose manual mark changed
    marks: tuple[tuple[Cell, bool, bool], ...] = ()
    #: (printed totals kept before, after) when the action changed the project's mode (全部采用计算值)
    printed: tuple[bool, bool] | None = None


class TotalsGraph:
    """total cell → its signed parts (one definition per total, same-table first), with a dependency rank."""

    def __init__(self, relations: Iterable[tuple[Cell, Terms]]) -> None:
        chosen: dict[Cell, Terms] = {}
        for cell, terms in relations:
            if any(part == cell for _, part in terms):
                continue
            current = chosen.get(cell)
            same = all(part.table == cell.table for _, part in terms)
            if current is None or (same and not all(part.table == cell.table for _, part in current)):
                chosen[cell] = terms
        self.definitions, self.rank = _ranked(chosen)
        #: part → the totals that read it
        self.readers: dict[Cell, list[Cell]] = {}
        for cell, terms in self.definitions.items():
            for _, part in terms:
                self.readers.setdefault(part, []).append(cell)

    def __contains__(self, cell: Cell) -> bool:
        return cell in self.definitions

    def has_parts(self, cell: Cell) -> bool:
        return bool(self.definitions.get(cell))

    def value(self, project: Project, cell: Cell) -> Decimal | None:
        """The sum of a total's parts; None when every part is empty (an empty total stays empty)."""
        total, seen = Decimal(0), False
        for sign, part in self.definitions.get(cell, ()):
            value = project.value(part.table, part.row, part.column)
            if value is not None:
                total += value if sign > 0 else -value
                seen = True
        return total if seen else None

    def above(self, cells: Iterable[Cell]) -> list[Cell]:
        """Every total that depends, directly or through other totals, on `cells`, parts before sums."""
        found: set[Cell] = set()
        stack = [c for c in cells]
        while stack:
            for total in self.readers.get(stack.pop(), ()):
                if total not in found:
                    found.add(total)
                    stack.append(total)
        return sorted(found, key=lambda c: (self.rank[c], c))

    def everything(self) -> list[Cell]:
        return sorted(self.definitions, key=lambda c: (self.rank[c], c))


def _ranked(chosen: dict[Cell, Terms]) -> tuple[dict[Cell, Terms], dict[Cell, int]]:
    """Order the totals so that parts come before sums (Kahn); totals caught in a cycle are left as inputs."""
    waiting = {cell: {part for _, part in terms if part in chosen} for cell, terms in chosen.items()}
    readers: dict[Cell, list[Cell]] = {}
    for cell, parts in waiting.items():
        for part in parts:
            readers.setdefault(part, []).append(cell)
    rank: dict[Cell, int] = {}
    ready = [cell for cell, parts in waiting.items() if not parts]
    level = 0
    while ready:
        following = []
        for cell in ready:
            rank[cell] = level
            for reader in readers.get(cell, ()):
                parts = waiting[reader]
                parts.discard(cell)
                if not parts:
                    following.append(reader)
        ready, level = following, level + 1
    return {cell: terms for cell, terms in chosen.items() if cell in rank}, rank


# -- manual marks (stored in the project) ------------------------------------------------------

def is_manual(project: Project, cell: Cell) -> bool:
    return cell.column in project.totals.manual.get(cell.table, {}).get(cell.row, ())


def set_manual(project: Project, cell: Cell, flag: bool) -> None:
    rows = project.totals.manual
    columns = rows.get(cell.table, {}).get(cell.row, [])
    if flag and cell.column not in columns:
        rows.setdefault(cell.table, {}).setdefault(cell.row, []).append(cell.column)
    elif not flag and cell.column in columns:
        columns.remove(cell.column)
        if not columns:
            del rows[cell.table][cell.row]
            if not rows[cell.table]:
                del rows[cell.table]


def manual_cells(project: Project) -> list[Cell]:
    return sorted(Cell(t, r, c) for t, rows in project.totals.manual.items() for r, cols in rows.items() for c in cols)
