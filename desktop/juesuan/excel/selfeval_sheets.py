"""The 绩效自评表 in the workbook: one print-ready sheet per form (整体 first, then each 项目).
Shown for reading and printing; importing our own export restores the forms from the project data
sheet, not from these sheets."""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Project
from .layout import display_width
from .styles import AMOUNT_FORMAT, BORDER, FONT_NAME, HEADER_FILL, StyleStamps, look

WIDTHS = (12, 14, 30, 16, 16, 9, 9, 34)
TITLES = {"whole": "部门（单位）整体支出绩效自评表", "project": "项目支出绩效自评表"}
FUND_ROWS = (("合计", "年度资金总额（合计）"), ("当年财政拨款", "其中：当年财政拨款"), ("上年结转资金", "上年结转资金"),
             ("其他资金", "其他资金"))
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
#: 自评 amounts in 万元 keep up to four decimals (12.3456 万元 = 123456 元); the 决算 tables keep #,##0.00
SELFEVAL_AMOUNT_FORMAT = "#,##0.00##"


def selfeval_sheets(workbook: Workbook, project: Project) -> None:
    book = getattr(project, "selfeval", None)
    if book is None:
        return
    forms = [f for f in book.forms() if not f.is_blank() or f.kind == "whole" and f.name]
    stamps = StyleStamps()
    for number, form in enumerate(forms):
        name = "自评-整体" if form.kind == "whole" else f"自评-项目{number if forms[0].kind == 'whole' else number + 1}"
        _FormSheet(workbook.create_sheet(_sheet_name(name, workbook)), form, project.year, stamps).write()


@functools.lru_cache(maxsize=None)
def _font(name: str, size: int, bold: bool) -> Font:
    return Font(name=name, size=size, bold=bold)


@functools.lru_cache(maxsize=None)
def _alignment(horizontal: str, wrap: bool) -> Alignment:
    return Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)


def _sheet_name(name: str, workbook: Workbook) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", name)[:31]
    base, n = name, 2
    while name in workbook.sheetnames:
        name = f"{base[:28]}-{n}"
        n += 1
    return name


class _FormSheet:
    def __init__(self, sheet: Worksheet, form: Any, year: int, stamps: StyleStamps) -> None:
        self.ws, self.form, self.year, self.stamps = sheet, form, year, stamps
        self.amount_format, self.border, self.font, self.fill = AMOUNT_FORMAT, BORDER, FONT_NAME, HEADER_FILL
        self.row = 1

    def write(self) -> None:
        form = self.form
        width = len(WIDTHS)
        self._line(f"{TITLES[form.kind]}（{self.year}年度）", bold=True, size=14, height=28, center=True)
        label = "单位名称" if form.kind == "whole" else "项目名称"
        self._pairs([(label, form.name), ("主管部门", form.department)])
        self._pairs([("实施单位", form.implementer or form.unit), ("项目类型", form.project_type)])
        self._header(["资金情况（万元）", "", *FUND_COLUMNS, "分值", "执行率", "得分"])
        self.stamps.merge(self.ws, self.row - 1, 1, self.row - 1, 2)
        for key, text in FUND_ROWS:
            values = [form.fund(key, c) for c in FUND_COLUMNS]
            extra = [form.fund_points, form.fund_rate, form.fund_score] if key == "合计" else [None, None, None]
            self._cells([text, "", *values, *extra], numbers=range(2, 8), rate_col=6, amount_cols=(2, 3, 4))
            self.stamps.merge(self.ws, self.row - 1, 1, self.row - 1, 2)
        for index, goal in enumerate(form.goals):
            title = goal.title or ("年度总体目标" if len(form.goals) == 1 else f"年度目标{index + 1}")
            points = "" if goal.points is None else f"（分值 {goal.points}，得分 {goal.score if goal.score is not None else '—'}）"
            self._line(f"{title}{points}", bold=True, fill=True)
            self._pairs([("预期目标", goal.expected), ("实际完成情况", goal.actual)], long=True)
            if goal.indicators:
                self._header(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
                for item in goal.indicators:
                    deviation = ("（不适用）" if item.not_applicable else "") + item.deviation
                    self._cells([item.level1, item.level2, item.level3, item.target, item.actual, item.points, item.score,
                                 deviation], numbers=(5, 6))
        self._cells(["总分", "", "", "", "", form.total_points, form.total_score, f"等级：{form.grade}" if form.grade else ""],
                    numbers=(5, 6), bold=True)
        if form.deviation_analysis or form.improvement:
            self._pairs([("偏差原因分析", form.deviation_analysis), ("改进措施", form.improvement)], long=True)
        self._line(f"填表人：{form.preparer}    填报日期：{form.date}    联系电话：{form.phone}", border=False)
        for col, w in enumerate(WIDTHS, start=1):
            self.ws.column_dimensions[get_column_letter(col)].width = w
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_area = f"A1:{get_column_letter(width)}{self.row - 1}"

    # cells ---------------------------------------------------------------------------------------
    def _style(self, row: int, col: int, *, bold: bool = False, fill: bool = False, border: bool = True,
               align: str = "left", wrap: bool = True) -> Any:
        cell = self.ws.cell(row, col)
        looks: dict[str, Any] = {"font": _font(self.font, 10, bold), "alignment": _alignment(align, wrap)}
        if border:
            looks["border"] = self.border
        if fill:
            looks["fill"] = self.fill
        self.stamps.apply(cell, ("form", look(cell), bold, fill, border, align, wrap), **looks)
        return cell

    def _line(self, text: str, *, bold: bool = False, size: int = 10, height: float | None = None, center: bool = False,
              fill: bool = False, border: bool = True) -> None:
        width = len(WIDTHS)
        for col in range(1, width + 1):
            self._style(self.row, col, bold=bold, fill=fill, border=border and not height, align="center" if center else "left")
        cell = self.ws.cell(self.row, 1)
        cell.value = text
        self.stamps.apply(cell, ("form line", look(cell), size, bold),
                          font=_font("黑体" if size > 10 else self.font, size, bold))
        self.stamps.merge(self.ws, self.row, 1, self.row, width)
        lines = max(1, math.ceil(display_width(text) / (sum(WIDTHS) - 2)))
        self.ws.row_dimensions[self.row].height = height or lines * 14 + 4
        self.row += 1

    def _pairs(self, pairs: list[tuple[str, str]], long: bool = False) -> None:
        spans = ((1, 2), (3, 4), (5, 6), (7, 8)) if not long else ((1, 1), (2, 4), (5, 5), (6, 8))
        texts = [t for pair in pairs for t in pair]
        for (first, last), text in zip(spans, texts):
            for col in range(first, last + 1):
                self._style(self.row, col, fill=(first, last) in ((1, 2), (5, 6), (1, 1), (5, 5)))
            self.ws.cell(self.row, first).value = text or None
            if last > first:
                self.stamps.merge(self.ws, self.row, first, self.row, last)
        lines = max(1, *(math.ceil(display_width(t or "") / 48) for t in texts))
        self.ws.row_dimensions[self.row].height = lines * 14 + 4
        self.row += 1

    def _header(self, texts: list[str]) -> None:
        for col, text in enumerate(texts, start=1):
            self._style(self.row, col, bold=True, fill=True, align="center").value = text or None
        self.ws.row_dimensions[self.row].height = 32
        self.row += 1

    def _cells(self, values: list[Any], *, numbers: Any = (), rate_col: int | None = None, amount_cols: Any = (),
               bold: bool = False) -> None:
        lines = 1
        for col, value in enumerate(values, start=1):
            cell = self._style(self.row, col, bold=bold, align="right" if col - 1 in numbers else "left")
            cell.value = value if value not in ("", None) else None
            if isinstance(value, Decimal):
                cell.number_format = ('0.00"%"' if col - 1 == rate_col else
                                      SELFEVAL_AMOUNT_FORMAT if col - 1 in amount_cols else self.amount_format)
            elif isinstance(value, str) and value:
                lines = max(lines, math.ceil(display_width(value) / max(WIDTHS[col - 1] - 1, 1)))
        self.ws.row_dimensions[self.row].height = min(lines, 12) * 14 + 4
        self.row += 1
