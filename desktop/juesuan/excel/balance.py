"""舍位平衡: round amounts to 0.01 so that every printed sum still holds.

Each cell is rounded half-up on its own; then, bottom-up along the sum relationships (from the rule
data: the engine's `cell = ±cell ± …` rules), a total whose own rounding differs from the sum of its
rounded parts has the difference pushed into the part with the largest rounding remainder (the one
closest to rounding the other way). Totals are kept equal to the sum of their parts by construction
(they are computed from the lowest cells), so the question is only which lowest cells move by 0.01;
the choice minimises how far every cell — above all every total — ends from its exact value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping

from ..findings import Cell

CENT = Decimal("0.01")
#: a relation "held" in the source if it is off by less than this (万元): float noise, not data
TOLERANCE = Decimal("0.0000005")
MAX_PASSES = 30


@dataclass(frozen=True)
class Relation:
    """total = Σ coefficient × term (coefficients ±1, as the rules write them)."""

    total: Cell
    terms: tuple[tuple[int, Cell], ...]

    @property
    def tables(self) -> set[str]:
        return {self.total.table, *(cell.table for _, cell in self.terms)}


@dataclass(frozen=True)
class Adjustment:
    cell: Cell
    exact: Decimal  # the amount before rounding (万元)
    rounded: Decimal  # what half-up rounding alone gives
    value: Decimal  # what 舍位平衡 chose


@dataclass
class Balanced:
    values: dict[Cell, Decimal | None]
    adjustments: list[Adjustment] = field(default_factory=list)
    #: relations that held exactly before rounding but could not be kept (should stay empty)
    broken: list[Relation] = field(default_factory=list)


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def balance(exact: Mapping[Cell, Decimal | None], relations: Iterable[Relation]) -> Balanced:
    """Round every cell of `exact` to 0.01 keeping each relation that held exactly.

    A relation within one table defines its total from its terms; one across tables (or a second,
    different definition of the same total) is kept as a constraint the rounding must respect.
    Cells absent from `exact` count as empty (0). Empty cells stay empty.
    """
    return _Balancer(exact, list(relations)).run()


class _Balancer:
    def __init__(self, exact: Mapping[Cell, Decimal | None], relations: list[Relation]) -> None:
        self.source = dict(exact)
        self.e = {cell: (value or Decimal(0)) for cell, value in exact.items()}
        for relation in relations:
            for cell in (relation.total, *(c for _, c in relation.terms)):
                self.e.setdefault(cell, Decimal(0))
                self.source.setdefault(cell, None)
        self.usable = [r for r in relations if self._holds(r)]
        self.defining: dict[Cell, Relation] = {}
        constraints: list[Relation] = []
        for relation in self.usable:
            if len(relation.tables) == 1 and relation.total not in self.defining and not self._cycle(relation):
                self.defining[relation.total] = relation
            else:
                constraints.append(relation)
        self.memo: dict[Cell, dict[Cell, int]] = {}
        self.heights: dict[Cell, int] = {}
        self.constraints: list[tuple[Relation, dict[Cell, int]]] = []
        for relation in constraints:
            form = self._form(relation)
            if form:
                self.constraints.append((relation, form))

    # structure -----------------------------------------------------------------------------
    def _holds(self, relation: Relation) -> bool:
        total = sum((coef * self.e.get(cell, Decimal(0)) for coef, cell in relation.terms), Decimal(0))
        return abs(self.e.get(relation.total, Decimal(0)) - total) <= TOLERANCE

    def _cycle(self, relation: Relation) -> bool:
        seen: set[Cell] = set()
        stack = [cell for _, cell in relation.terms]
        while stack:
            cell = stack.pop()
            if cell == relation.total:
                return True
            if cell in seen:
                continue
            seen.add(cell)
            if cell in self.defining:
                stack.extend(c for _, c in self.defining[cell].terms)
        return False

    def expand(self, cell: Cell) -> dict[Cell, int]:
        """The cell as a combination of lowest (leaf) cells."""
        if cell in self.memo:
            return self.memo[cell]
        relation = self.defining.get(cell)
        if relation is None:
            result = {cell: 1}
        else:
            result = defaultdict(int)
            for coef, term in relation.terms:
                for leaf, inner in self.expand(term).items():
                    result[leaf] += coef * inner
            result = {leaf: c for leaf, c in result.items() if c}
        self.memo[cell] = result
        return result

    def height(self, cell: Cell) -> int:
        if cell not in self.heights:
            relation = self.defining.get(cell)
            self.heights[cell] = 0 if relation is None else 1 + max((self.height(c) for _, c in relation.terms), default=0)
        return self.heights[cell]

    def _form(self, relation: Relation) -> dict[Cell, int]:
        form: dict[Cell, int] = defaultdict(int)
        for leaf, coef in self.expand(relation.total).items():
            form[leaf] += coef
        for outer, term in relation.terms:
            for leaf, coef in self.expand(term).items():
                form[leaf] -= outer * coef
        return {leaf: c for leaf, c in form.items() if c}

    # rounding ------------------------------------------------------------------------------
    def run(self) -> Balanced:
        cells = sorted(self.e)
        exact_cents = {cell: self.e[cell] * 100 for cell in cells}
        target = {cell: int(half_up(self.e[cell]) * 100) for cell in cells}
        totals = sorted(self.defining, key=lambda c: (self.height(c), c))
        leaves = [cell for cell in cells if cell not in self.defining]
        value = {leaf: target[leaf] for leaf in leaves}
        weight = {cell: 10 * (1 + self.height(cell)) for cell in totals}
        index: dict[Cell, list[tuple[Cell, int]]] = defaultdict(list)
        current: dict[Cell, int] = {}
        for total in totals:
            form = self.expand(total)
            current[total] = sum(coef * value[leaf] for leaf, coef in form.items())
            for leaf, coef in form.items():
                index[leaf].append((total, coef))
        residual = [sum(coef * value[leaf] for leaf, coef in form.items()) for _, form in self.constraints]
        in_constraint: dict[Cell, list[tuple[int, int]]] = defaultdict(list)
        for i, (_, form) in enumerate(self.constraints):
            for leaf, coef in form.items():
                in_constraint[leaf].append((i, coef))
        movable = {leaf for leaf in leaves if self.e[leaf] != 0}
        neighbours: dict[Cell, list[Cell]] = {}

        def cost(cell: Cell, v: int) -> Decimal:
            return abs(v - exact_cents[cell]) + (1 if v != target[cell] else 0)

        def delta(moves: list[tuple[Cell, int]]) -> tuple[Decimal, dict[Cell, int]]:
            change: dict[Cell, int] = defaultdict(int)
            rchange: dict[int, int] = defaultdict(int)
            score = Decimal(0)
            for leaf, step in moves:
                score += cost(leaf, value[leaf] + step) - cost(leaf, value[leaf])
                for total, coef in index[leaf]:
                    change[total] += coef * step
                for i, coef in in_constraint[leaf]:
                    rchange[i] += coef * step
            for total, d in change.items():
                if d:
                    score += weight[total] * (cost(total, current[total] + d) - cost(total, current[total]))
            for i, d in rchange.items():
                score += 1000 * (abs(residual[i] + d) - abs(residual[i]))
            return score, change

        def apply(moves: list[tuple[Cell, int]]) -> None:
            for leaf, step in moves:
                value[leaf] += step
                for total, coef in index[leaf]:
                    current[total] += coef * step
                for i, coef in in_constraint[leaf]:
                    residual[i] += coef * step

        def near(leaf: Cell) -> list[Cell]:
            if leaf not in neighbours:
                found: set[Cell] = set()
                for total, _ in index[leaf]:
                    if self.height(total) == 1:
                        found.update(self.expand(total))
                neighbours[leaf] = sorted((found & movable) - {leaf})
            return neighbours[leaf]

        def best_fix(total: Cell) -> list[tuple[Cell, int]] | None:
            dev = current[total] - target[total]
            best: tuple[Decimal, list[tuple[Cell, int]]] | None = None
            for leaf, coef in sorted(self.expand(total).items()):
                if leaf not in movable:
                    continue
                step = -1 if dev * coef > 0 else 1
                options = [[(leaf, step)]] + [[(leaf, step), (other, s)] for other in near(leaf) for s in (1, -1)]
                for moves in options:
                    score, change = delta(moves)
                    if abs(dev + change.get(total, 0)) >= abs(dev):
                        continue
                    if best is None or score < best[0]:
                        best = (score, moves)
            return best[1] if best is not None and best[0] < 0 else None

        for _ in range(MAX_PASSES):
            moved = False
            for total in totals:
                for _ in range(50):
                    if current[total] == target[total]:
                        break
                    moves = best_fix(total)
                    if moves is None:
                        break
                    apply(moves)
                    moved = True
            if not moved:
                break

        result: dict[Cell, Decimal | None] = {}
        adjustments = []
        for cell in cells:
            cents = current[cell] if cell in current else value[cell]
            amount = Decimal(cents) / 100
            amount = amount.quantize(CENT)
            if self.source.get(cell) is None and cents == 0:
                result[cell] = None
                continue
            result[cell] = amount
            if cents != target[cell]:
                adjustments.append(Adjustment(cell, self.e[cell], Decimal(target[cell]) / 100, amount))
        broken = [relation for (relation, _), r in zip(self.constraints, residual) if r]
        return Balanced(result, adjustments, broken)
