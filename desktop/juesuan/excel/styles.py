"""The look every sheet we write shares (决算 tables, 绩效自评表, 审核结果), in one place so the sheets agree."""

from __future__ import annotations

from typing import Any, Hashable

from openpyxl.styles import Border, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray

AMOUNT_FORMAT = "#,##0.00"
FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")


class StyleStamps:
    """Each distinct cell look is registered with the workbook once; later cells of that look copy its style
    indices, skipping openpyxl's lookup of every font/border/alignment object per assignment (most of an
    export's time at 2,500 rows)."""

    def __init__(self) -> None:
        self._arrays: dict[Hashable, Any] = {}

    def apply(self, cell: Any, key: Hashable, **looks: Any) -> None:
        """Give `cell` the look `key` (described by `looks`: font=…, border=…, alignment=…, number_format=…)."""
        array = self._arrays.get(key)
        if array is None:
            for name, value in looks.items():
                setattr(cell, name, value)
            self._arrays[key] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(array)  # a copy: each cell owns its array
