"""A comparison of two project files as rows (what, where, old, new) for the compare view and its .xlsx export."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from ..findings import Cell
from .diff import KIND_NAMES, DataChange, ProjectDiff, ReviewChange, _amounts, _money
from .report import ReportError, _header, _print_setup, _put, save_workbook

REVIEW_KINDS = {"added": "新增", "removed": "删除", "changed": "修改"}
COLUMNS = (("序号", 6), ("类别", 12), ("位置", 40), ("比较文件中", 36), ("当前文件中", 36))


@dataclass(frozen=True)
class DiffRow:
    """One listed difference; `cell` is where the current window can show it (None: nowhere to jump)."""

    what: str
    where: str
    old: str
    new: str
    cell: Cell | None = None
    table: str = ""


def diff_rows(diff: ProjectDiff) -> list[DiffRow]:
    rows = [_data_row(change) for change in diff.data]
    rows += [_review_row(change, "批注") for change in diff.comments]
    rows += [_review_row(change, "说明") for change in diff.explanations]
    if diff.status is not None:
        rows.append(DiffRow("状态", "审核状态", diff.status[0], diff.status[1]))
    return rows


def _data_row(change: DataChange) -> DiffRow:
    what = KIND_NAMES[change.kind] if change.part == "tables" else change.label.split(" ", 1)[0] or "内容"
    cells = change.cells()
    cell = cells[0] if cells else None
    if change.kind == "row_added":
        values = f"（{_amounts(change.values)}）" if change.values else ""
        return DiffRow(what, change.label, "（无此行）", f"{change.new or ''}{values}", cell, change.table)
    if change.kind == "row_removed":
        values = f"（{_amounts(change.values)}）" if change.values else ""
        return DiffRow(what, change.label, f"{change.old or ''}{values}", "（已删除）", None, change.table)
    if change.kind == "value":
        return DiffRow(what, change.label, _money(change.old), _money(change.new), cell, change.table)
    return DiffRow(what, change.label, change.old if change.old is not None else "空",
                   change.new if change.new is not None else "空", cell, change.table)


def _review_row(change: ReviewChange, noun: str) -> DiffRow:
    cell = Cell(change.table, change.row, change.column) if change.table and change.row else None
    details = "；".join(change.details)
    if change.kind == "added":
        old, new = "（无）", change.text + (f"（{details}）" if details else "")
    elif change.kind == "removed":
        old, new = change.text, "（已删除）"
    else:
        previous = next((d[3:] for d in change.details if d.startswith(("原文：", "原说明："))), None)
        rest = "；".join(d for d in change.details if not d.startswith(("原文：", "原说明：")))
        old = previous if previous is not None else change.text
        new = change.text + (f"（{rest}）" if rest else "")
    return DiffRow(REVIEW_KINDS[change.kind] + noun, change.label, old, new, cell, change.table)


def write_diff(rows: list[DiffRow], path: str | os.PathLike[str], old_name: str, new_name: str) -> Path:
    """The list as a one-sheet workbook, text only, written atomically."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ReportError(f"比较结果应保存为 .xlsx 文件，而不是“{path.name}”")
    book = Workbook()
    ws = book.active
    ws.title = "比较结果"
    _header(ws, COLUMNS)
    _put(ws, 1, 4, f"比较文件中（{old_name}）")
    _put(ws, 1, 5, f"当前文件中（{new_name}）")
    for n, row in enumerate(rows, start=1):
        for col, value in enumerate((n, row.what, row.where, row.old, row.new), start=1):
            _put(ws, n + 1, col, value, border=True)
    if not rows:
        _put(ws, 2, 1, "（两个文件完全相同）")
    _print_setup(ws, "1:1")
    return save_workbook(book, path, "比较结果")
