"""Which findings touch which cell, kept current from each edit's (added, removed) delta."""

from __future__ import annotations

from typing import Iterable

from ...findings import Cell, Finding

#: Worst first: a cell shows the most severe of its findings.
RANK = {"error": 0, "warning": 1, "tail": 2}


class FindingIndex:
    """Cell → findings involving it; updating costs only the cells of the findings that changed."""

    def __init__(self) -> None:
        self._by_cell: dict[Cell, list[Finding]] = {}

    def clear(self) -> None:
        self._by_cell.clear()

    def reset(self, findings: Iterable[Finding]) -> None:
        self.clear()
        self.apply(findings, ())

    def apply(self, added: Iterable[Finding], removed: Iterable[Finding]) -> set[Cell]:
        """Apply a delta; return the cells whose marks changed."""
        touched: set[Cell] = set()
        for finding in removed:
            for cell in finding.cells:
                found = self._by_cell.get(cell)
                if not found:
                    continue
                for i, other in enumerate(found):
                    if other is finding or other == finding:
                        del found[i]
                        break
                if not found:
                    del self._by_cell[cell]
                touched.add(cell)
        for finding in added:
            for cell in dict.fromkeys(finding.cells):
                self._by_cell.setdefault(cell, []).append(finding)
                touched.add(cell)
        return touched

    def at(self, cell: Cell) -> list[Finding]:
        """Findings involving the cell, worst first, those where it is the primary cell first."""
        found = self._by_cell.get(cell, [])
        return sorted(found, key=lambda f: (RANK.get(f.severity, 9), f.primary != cell))

    def severity(self, cell: Cell) -> str | None:
        found = self._by_cell.get(cell)
        if not found:
            return None
        return min((f.severity for f in found), key=lambda s: RANK.get(s, 9))

    def is_primary(self, cell: Cell) -> bool:
        """The cell is the one a finding is about (the total that disagrees), not just a part."""
        return any(f.primary == cell for f in self._by_cell.get(cell, ()))

    def cells(self) -> list[Cell]:
        return list(self._by_cell)
