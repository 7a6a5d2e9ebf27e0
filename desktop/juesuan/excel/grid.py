"""A worksheet as the importer sees it: only the cells that exist, merged ranges resolved, amounts
parsed the way accountants write them (text numbers, thousands separators, `-` for zero)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

from ..errors import AmountError
from ..money import parse_amount
from .layout import normalise

ZERO_MARKS = {"-", "--", "—", "——", "－", "–", "0.00", "0"}


@dataclass(frozen=True)
class Amount:
    """A parsed cell: `value` None for blank; `problem` a Chinese reason when it is not an amount."""

    value: Decimal | None
    problem: str | None = None


class Grid:
    def __init__(self, sheet: Any, formulas: Any | None = None) -> None:
        self.title = str(sheet.title)
        self.cells: dict[tuple[int, int], Any] = {}
        for (row, col), cell in _existing_cells(sheet):
            if cell.value is not None and not (isinstance(cell.value, str) and not cell.value.strip()):
                self.cells[(row, col)] = cell.value
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for merged in getattr(sheet, "merged_cells", None).ranges if getattr(sheet, "merged_cells", None) else ():
            top, left, bottom, right = merged.min_row, merged.min_col, merged.max_row, merged.max_col
            if (bottom - top + 1) * (right - left + 1) > 100_000:
                continue  # a hostile or accidental giant merge: treat its cells as unmerged
            self.spans[(top, left)] = (top, left, bottom, right)
            for row in range(top, bottom + 1):
                for col in range(left, right + 1):
                    if (row, col) != (top, left):
                        self.origin[(row, col)] = (top, left)
        self.uncomputed: set[tuple[int, int]] = set()
        if formulas is not None:
            for (row, col), cell in _existing_cells(formulas):
                value = cell.value
                if isinstance(value, str) and value.startswith("=") and (row, col) not in self.cells:
                    self.uncomputed.add((row, col))
        self.max_row = max((r for r, _ in self.cells), default=0)
        self.max_col = max((c for _, c in self.cells), default=0)

    def raw(self, row: int, col: int, *, merged: bool = True) -> Any:
        key = (row, col)
        if merged and key in self.origin:
            key = self.origin[key]
        return self.cells.get(key)

    def text(self, row: int, col: int, *, merged: bool = True) -> str:
        value = self.raw(row, col, merged=merged)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return normalise(value)

    def is_origin(self, row: int, col: int) -> bool:
        return (row, col) not in self.origin

    def row_cells(self, row: int) -> Iterator[tuple[int, Any]]:
        """Non-empty cells of a row (merged ranges only at their top-left cell), left to right."""
        for col in range(1, self.max_col + 1):
            value = self.cells.get((row, col))
            if value is not None:
                yield col, value

    def amount(self, row: int, col: int) -> Amount:
        value = self.raw(row, col, merged=False)
        if value is None:
            if (row, col) in self.uncomputed:
                return Amount(None, "是公式但没有保存计算结果（请在 Excel/WPS 中打开并保存后再导入）")
            return Amount(None)
        return parse_cell_amount(value)


def parse_cell_amount(value: Any) -> Amount:
    if isinstance(value, bool):
        return Amount(None, f"“{value}”不是金额")
    if isinstance(value, int):
        return Amount(Decimal(value))
    if isinstance(value, float):  # openpyxl's number; becomes Decimal through its shortest repr, never computed with
        if not math.isfinite(value):
            return Amount(None, "不是有效数值")
        try:
            return Amount(Decimal(repr(value)))
        except InvalidOperation:
            return Amount(None, "不是有效数值")
    if isinstance(value, Decimal):
        return Amount(value)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return Amount(None, "是日期或时间，不是金额")
    text = str(value).strip()
    if text in ZERO_MARKS or normalise(text) in ZERO_MARKS:
        return Amount(Decimal(0))
    try:
        parsed = parse_amount(text, places=None)
    except AmountError as exc:
        return Amount(None, str(exc))
    return Amount(parsed)


def _existing_cells(sheet: Any) -> Iterator[tuple[tuple[int, int], Any]]:
    """Only cells that exist in the file: a stray format at XFD1048576 must not make us walk a
    billion empty positions (openpyxl keeps them in `_cells`; its public iterators fill the gaps)."""
    cells = getattr(sheet, "_cells", None)
    if isinstance(cells, dict):
        yield from list(cells.items())
        return
    for row in sheet.iter_rows():  # pragma: no cover - other openpyxl internals
        for cell in row:
            yield (cell.row, cell.column), cell
