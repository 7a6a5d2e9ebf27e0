"""The look every sheet we write shares (决算 tables, 绩效自评表, 审核结果), in one place so the sheets agree."""

from __future__ import annotations

from typing import Any, Hashable

from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

AMOUNT_FORMAT = "#,##0.00"
FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")


def look(cell: Any) -> tuple[int, ...] | None:
    """The style indices a cell has now (None when it was never styled), to key a stamp that adds to them."""
    return tuple(cell._style) if cell._style else None


def _copy(array: Any) -> Any:
    return StyleArray(array) if array else None


class StyleStamps:
    """Each distinct cell look is registered with the workbook once; later cells of that look copy its style
    indices, skipping openpyxl's lookup of every font/border/alignment object per assignment (most of an
    export's time at 2,500 rows)."""

    def __init__(self) -> None:
        self._arrays: dict[Hashable, Any] = {}
        self._merges: dict[Hashable, tuple[Any, list[tuple[int, int, Any]]]] = {}

    def apply(self, cell: Any, key: Hashable, **looks: Any) -> None:
        """Give `cell` the look `key` (described by `looks`: font=…, border=…, alignment=…, number_format=…)."""
        array = self._arrays.get(key)
        if array is None:
            for name, value in looks.items():
                setattr(cell, name, value)
            self._arrays[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(array)  # a copy: each cell owns its array

    def merge(self, ws: Any, top: int, left: int, bottom: int, right: int) -> None:
        """`ws.merge_cells` with the same result, computed once per (look of the corners, shape): openpyxl
        recomputes and re-registers the edge borders of every merged cell each time (most of a small export)."""
        first = ws.cell(top, left)
        last = ws._cells.get((bottom, right))
        key = (look(first), look(last) if last is not None else None, bottom - top, right - left)
        known = self._merges.get(key)
        if known is None:
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
            known = (_copy(first._style),
                     [(r - top, c - left, _copy(ws._cells[(r, c)]._style))
                      for r in range(top, bottom + 1) for c in range(left, right + 1) if (r, c) != (top, left)])
            self._merges[key] = known
            return
        start, others = known
        merged = MergedCellRange.__new__(MergedCellRange)
        CellRange.__init__(merged, min_col=left, min_row=top, max_col=right, max_row=bottom)
        merged.ws, merged.start_cell = ws, first
        ws.merged_cells.ranges.add(merged)  # a set: MultiCellRange.add scans every range first
        first._style = _copy(start)
        for dr, dc, array in others:
            cell = MergedCell(ws, row=top + dr, column=left + dc)
            cell._style = _copy(array)
            ws._cells[(top + dr, left + dc)] = cell
