"""The 汇总's provenance as a workbook (来源: per cell, per unit), with the eliminations and the units' 自评 forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import JuesuanError
from ..findings import Cell
from ..labels import cell_label
from ..model import Project, row_keys
from .summary import BOLD

SOURCE_COLUMNS = ("表", "行", "栏", "位置", "汇总数", "来源", "金额")
ADJUST_COLUMNS = ("调整表行", "调整类型", "收入方单位", "支出方单位", "功能分类科目编码", "金额", "单元格", "抵销前", "抵销后", "说明")
FORM_COLUMNS = ("单位", "表", "名称", "自评得分", "等级")
UNIT_COLUMNS = ("序号", "单位", "单位编码", "文件", "文件 SHA-256")


def write_sources(project: Project, path: Path) -> Path:
    """Write the provenance workbook atomically."""
    from ..review.report import ReportError, save_workbook

    if project.merge is None:
        raise JuesuanError("这个项目不是汇总结果，没有来源可导出")
    try:
        return save_workbook(build_sources(project), path, "汇总来源表")
    except ReportError as exc:
        raise JuesuanError(str(exc)) from None


def build_sources(project: Project) -> Workbook:
    from ..validation import rulebook

    record = project.merge
    assert record is not None
    layout = rulebook(project.layout).layout
    book = Workbook()
    ws = book.active
    ws.title = "来源"
    _heading(ws, SOURCE_COLUMNS)
    row = 2
    for template in layout.tables:
        cells = record.provenance.get(template.id, {})
        order = {key: i for i, key in enumerate(row_keys(project, template))}
        for row_key in sorted(cells, key=lambda r: (order.get(r, len(order)), r)):
            for column in sorted(cells[row_key], key=_number):
                label = cell_label(Cell(template.id, row_key, column), layout, project)
                total = project.value(template.id, row_key, column)
                for source, amount in cells[row_key][column].items():
                    for col, value in enumerate((template.id, row_key, column, label, total, source, amount), start=1):
                        _put(ws, row, col, value)
                    row += 1
    _amounts(ws, (5, 7), row)
    _adjustments(book.create_sheet("调整"), project)
    _forms(book.create_sheet("自评"), project)
    _units(book.create_sheet("单位"), project)
    return book


def _adjustments(ws: Worksheet, project: Project) -> None:
    assert project.merge is not None
    _heading(ws, ADJUST_COLUMNS)
    row = 2
    for e in project.merge.eliminations:
        for cell in e.cells or [None]:
            where = f"{cell.table} {cell.row} {cell.column}栏" if cell else ""
            values: list[Any] = [e.line, e.kind, e.income_unit, e.expense_unit, e.subject, e.amount, where,
                                 cell.before if cell else None, cell.after if cell else None, e.note]
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value)
            row += 1
    _amounts(ws, (6, 8, 9), row)


def _forms(ws: Worksheet, project: Project) -> None:
    assert project.merge is not None
    _heading(ws, FORM_COLUMNS)
    for row, form in enumerate(project.merge.forms, start=2):
        kind = "部门整体支出绩效自评表" if form.kind == "whole" else "项目支出绩效自评表"
        for col, value in enumerate((form.unit, kind, form.name, form.score, form.grade), start=1):
            _put(ws, row, col, value)


def _units(ws: Worksheet, project: Project) -> None:
    assert project.merge is not None
    _heading(ws, UNIT_COLUMNS)
    for row, unit in enumerate(project.merge.units, start=2):
        for col, value in enumerate((row - 1, unit.name, unit.code, unit.file, unit.sha256), start=1):
            _put(ws, row, col, value)


def _put(ws: Worksheet, row: int, col: int, value: Any, *, font: Any = None) -> None:
    """Text as text, never a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32000]
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font


def _heading(ws: Worksheet, names: tuple[str, ...]) -> None:
    for col, name in enumerate(names, start=1):
        _put(ws, 1, col, name, font=BOLD)
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 34 if name in ("位置", "来源", "单元格", "单位", "文件") else 14
    ws.freeze_panes = "A2"


def _amounts(ws: Worksheet, columns: tuple[int, ...], end: int) -> None:
    for col in columns:
        for row in range(2, end):
            cell = ws.cell(row=row, column=col)
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"


def _number(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (10**6, key)
