"""A worksheet as the importer sees it: only the cells that exist, merged ranges resolved, amounts
parsed the way accountants write them (text numbers, thousands separators, `-` for zero)."""

from __future__ import annotations

import bisect
import datetime
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Iterator

from ..errors import AmountError
from ..money import LIMIT, parse_amount
from .layout import normalise
from .safety import ExcelFileError

ZERO_MARKS = {"-", "--", "—", "——", "－", "–", "0.00", "0"}
#: a number this large in a cell (in its sheet's own unit, 元 at most 10000 × 万元) is no amount:
#: the workbook is refused rather than the number carried into Decimal arithmetic
CELL_LIMIT = LIMIT * 10000


@dataclass(frozen=True)
class Amount:
    """A parsed cell: `value` None for blank; `problem` a Chinese reason when it is not an amount."""

    value: Decimal | None
    problem: str | None = None


class Grid:
    """Only the cells that hold something, indexed by row: never a walk over the empty positions
    between them (a lone value at XFD1048576 must cost one cell, not a billion)."""

    def __init__(self, title: str, cells: Iterable[tuple[tuple[int, int], Any]],
                 merges: Iterable[tuple[int, int, int, int]] = (), uncomputed: set[tuple[int, int]] | None = None) -> None:
        self.title = title
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for top, left, bottom, right in merges:
            if (bottom - top + 1) * (right - left + 1) > 100_000:
                continue  # a hostile or accidental giant merge: treat its cells as unmerged
            self.spans[(top, left)] = (top, left, bottom, right)
            for row in range(top, bottom + 1):
                for col in range(left, right + 1):
                    if (row, col) != (top, left):
                        self.origin[(row, col)] = (top, left)
        self.cells: dict[tuple[int, int], Any] = {}
        by_row: dict[int, list[tuple[int, Any]]] = {}
        for key, value in cells:  # a value hidden under a merge is dropped, as Excel shows it and openpyxl loads it
            if value is not None and key not in self.origin and not (isinstance(value, str) and not value.strip()):
                self.cells[key] = value
                by_row.setdefault(key[0], []).append((key[1], value))
        self._by_row = {row: sorted(cells, key=lambda item: item[0]) for row, cells in by_row.items()}
        self.rows = sorted(self._by_row)
        self.uncomputed = {key for key in uncomputed or () if key not in self.cells}
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
        return iter(self._by_row.get(row, ()))

    def rows_between(self, first: int, last: int) -> list[int]:
        """The rows from `first` to `last` that hold something, top to bottom."""
        return self.rows[bisect.bisect_left(self.rows, first):bisect.bisect_right(self.rows, last)]

    def amount(self, row: int, col: int) -> Amount:
        value = self.raw(row, col, merged=False)
        if value is None:
            if (row, col) in self.uncomputed:
                return Amount(None, "是公式但没有保存计算结果（请在 Excel/WPS 中打开并保存后再导入）")
            return Amount(None)
        amount = parse_cell_amount(value)
        if amount.value is not None and abs(amount.value) >= CELL_LIMIT:
            from openpyxl.utils import get_column_letter

            raise ExcelFileError(f"工作表“{self.title}”{get_column_letter(col)}{row} 的数 {str(value)[:40]} 超出金额上限"
                                 f"（绝对值应小于 {CELL_LIMIT:,.0f}），不像是决算数据，已拒绝导入")
        return amount


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
