"""The batch summary workbook: one row per file (with a link to it) and a sheet with every finding.

Written in openpyxl's write-only mode, so a desk of tens of thousands of files streams to disk instead of
being held in memory; every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ..errors import JuesuanError
from ..findings import SEVERITY_NAMES
from .batch import SIGNOFF_NAMES, BatchResult, FileResult

CELL_LIMIT = 32000
FILE_COLUMNS = ("序号", "单位", "年度", "状态", "结果", "错误", "提示", "尾数差", "未写说明的提示", "情况说明问题",
                "审核签字", "签字说明", "文件", "无法读取的原因")
FINDING_COLUMNS = ("序号", "单位", "文件", "级别", "规则", "位置", "问题", "应为", "实为")
WIDTHS = {"单位": 30, "文件": 50, "签字说明": 40, "无法读取的原因": 50, "问题": 70, "位置": 24, "规则": 16, "状态": 10}
BOLD = Font(bold=True)
LINK = Font(color="0563C1", underline="single")
FILES_SHEET, FINDINGS_SHEET = "文件汇总", "审核结果"


class SummaryError(JuesuanError):
    """The summary workbook cannot be written."""


def write_summary(batch: BatchResult, path: str | os.PathLike[str]) -> Path:
    """Write the summary atomically; a cancelled batch is refused, so no partial summary ever exists."""
    from ..review.report import ReportError, save_workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise SummaryError(f"汇总表应保存为 .xlsx 文件，而不是“{path.name}”")
    if batch.cancelled:
        raise SummaryError("批量审核已取消，没有生成汇总表")
    book = build_summary(batch)
    try:
        return save_workbook(book, path, "审核汇总表")
    except ReportError as exc:
        raise SummaryError(str(exc)) from None


def build_summary(batch: BatchResult, generated: datetime | None = None) -> Workbook:
    book = Workbook(write_only=True)
    _files_sheet(book.create_sheet(FILES_SHEET), batch.results, generated or datetime.now().astimezone())
    _findings_sheet(book.create_sheet(FINDINGS_SHEET), batch)
    return book


def _files_sheet(ws: Any, results: Sequence[FileResult], generated: datetime) -> None:
    unreadable = sum(1 for r in results if not r.readable)
    with_errors = sum(1 for r in results if r.readable and r.errors)
    _widths(ws, FILE_COLUMNS)
    ws.freeze_panes = "B3"
    ws.append([_cell(ws, f"批量审核汇总（{generated:%Y-%m-%d %H:%M}）：共 {len(results)} 个文件，"
                         f"有错误 {with_errors} 个，无法读取 {unreadable} 个", BOLD)])
    ws.append([_cell(ws, name, BOLD) for name in FILE_COLUMNS])
    for index, result in enumerate(results, start=1):
        values: list[Any] = [index, result.unit, result.year, result.status_name, result.outcome]
        if result.readable:
            values += [result.errors, result.warnings, result.tails, result.unexplained, result.narrative,
                       SIGNOFF_NAMES.get(result.signoff, result.signoff), result.signoff_message]
        else:
            values += [None] * 7
        cells = [_cell(ws, v) for v in values]
        link = _cell(ws, result.path)
        uri = _uri(result.path)
        if uri:
            link.hyperlink = uri
            link.font = LINK
        ws.append([*cells, link, _cell(ws, result.problem or None)])


def _findings_sheet(ws: Any, batch: BatchResult) -> None:
    _widths(ws, FINDING_COLUMNS)
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, name, BOLD) for name in FINDING_COLUMNS])
    number = 0
    for result in batch.results:
        for finding in batch.findings_of(result):
            number += 1
            place = "；".join(" ".join(p for p in (c["table"], c["row"], c["column"]) if p)
                             for c in finding.get("cells", ())[:3])
            values = [number, result.unit, result.path, SEVERITY_NAMES.get(finding["severity"], finding["severity"]),
                      finding["rule"], place, finding["message"], finding.get("expected"), finding.get("actual")]
            ws.append([_cell(ws, v) for v in values])


def _widths(ws: Any, names: Sequence[str]) -> None:
    from openpyxl.utils import get_column_letter

    for col, name in enumerate(names, start=1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(name, 12)


def _cell(ws: Any, value: Any, font: Font | None = None) -> WriteOnlyCell:
    """Text as text (never a formula, no characters Excel refuses); numbers as numbers."""
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_LIMIT])
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    return cell


def _uri(path: str) -> str | None:
    try:
        return Path(path).resolve().as_uri()
    except (OSError, ValueError):
        return None
