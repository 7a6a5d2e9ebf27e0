"""Import a workbook in the official layout — our own export exactly, other tools' as well as they
can be read — into a project, with a report of what was imported, what was skipped and why."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..years import registry
from ..findings import Cell
from ..model import Project, TableData
from ..money import format_amount
from ..templates import Layout
from ..validation import Rulebook, rulebook
from .balance import CENT, Adjustment, Relation, balance, half_up
from .grid import Grid
from .layout import FINDINGS_SHEET, META_MARK, META_SHEET
from .reader import UNITS, Skip, TableRead, TableReader, find_tables
from .safety import ExcelFileError, check_zip, read_sheets, read_workbook_bytes
from .variants import nothing_read


@dataclass
class ImportReport:
    source: str
    ours: bool = False
    layout: str = ""
    year: int | None = None
    unit_name: str = ""
    tables: list[TableRead] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    #: relations that held before rounding and could not be kept (Chinese text; should be empty)
    broken: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: table id → factor its amounts were divided by (10000 for 元)
    factors: dict[str, Decimal] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report as printed by `juesuan import` and shown after an import in the window."""
        kind = "本软件导出的工作簿" if self.ours else "其他软件制作的工作簿"
        out = [f"导入 {self.source}（{kind}，{self.year or '年度不详'}年度，部门：{self.unit_name or '未写明'}）"]
        for read in self.tables:
            unit = read.unit + ("" if read.unit_stated else "（表上未写单位，按万元处理）")
            cells = sum(len(v) for v in read.values.values())
            out.append(f"  {read.template.id} {read.template.title}：工作表“{read.sheet}”第{read.title_row}行起，"
                       f"金额单位 {unit}，读入 {read.rows} 行、{cells} 个数，栏目按{read.columns_by or '—'}识别")
        for table in self.missing:
            out.append(f"  {table}：工作簿中没有找到这张表（按标题查找），未导入")
        for note in self.notes:
            out.append(f"  {note}")
        if self.skipped:
            out.append(f"跳过 {len(self.skipped)} 处：")
            out += [f"  {s.where}：“{s.text}” {s.reason}" for s in self.skipped]
        if self.adjustments:
            out.append(f"舍位平衡调整 {len(self.adjustments)} 处（四舍五入后合计与明细之和不等，把差额调到尾数最大的数上）：")
            for a in self.adjustments:
                factor = self.factors.get(a.cell.table, Decimal(1))
                unit = next((u for u, f in UNITS.items() if f == factor), "万元")
                source = format_amount(a.exact * factor) if factor != 1 else str(a.exact)
                out.append(f"  {_where(a.cell)}：四舍五入为 {format_amount(a.rounded)}，调整为 {format_amount(a.value)}"
                           f"（原数 {source} {unit}）")
        for text in self.broken:
            out.append(f"  注意：{text}")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ours": self.ours,
            "layout": self.layout,
            "year": self.year,
            "unit_name": self.unit_name,
            "tables": [{"table": r.template.id, "sheet": r.sheet, "row": r.title_row, "unit": r.unit,
                        "rows": r.rows, "cells": sum(len(v) for v in r.values.values())} for r in self.tables],
            "missing": self.missing,
            "skipped": [{"where": s.where, "text": s.text, "reason": s.reason} for s in self.skipped],
            "adjustments": [{"cell": a.cell.as_dict(), "exact": str(a.exact), "rounded": str(a.rounded),
                             "value": str(a.value)} for a in self.adjustments],
            "broken": self.broken,
            "notes": self.notes,
        }


@dataclass
class ImportResult:
    project: Project
    report: ImportReport


def import_workbook(path: str | os.PathLike[str]) -> ImportResult:
    """Read an .xlsx in the official layout. Raises ExcelFileError (Chinese) if nothing usable is in it."""
    path = Path(path)
    return import_bytes(read_workbook_bytes(path), path.name)


def import_bytes(data: bytes, name: str) -> ImportResult:
    check_zip(data, name)
    sheets = read_sheets(data, name, skip=(FINDINGS_SHEET,))  # one read; the scan found merges and uncomputed formulas
    report = ImportReport(source=name)
    meta = _read_meta(next((s.cells for s in sheets if s.title == META_SHEET), None), report)
    report.ours = meta is not None
    grids = [Grid(s.title, s.cells.items(), s.merges, s.uncomputed) for s in sheets if s.title != META_SHEET]
    book = _rulebook_for(grids, meta)
    report.layout = book.layout.id
    reads = _read_tables(grids, book, report)
    if not reads:
        raise ExcelFileError(f"{name} 中没有找到任何决算表（按“{book.layout.tables[0].printed_title(book.layout.year)}”这样的标题查找）；"
                             "请确认这是部门决算公开表的工作簿")
    refusal = None if meta is not None else nothing_read(name, reads, report.skipped)
    if refusal:
        raise ExcelFileError(refusal)  # an import that reads nothing is never a success
    project = _assemble(reads, meta, book, report)
    return ImportResult(project, report)


# -- the pieces ----------------------------------------------------------------------------------


def _read_meta(cells: dict[tuple[int, int], Any] | None, report: ImportReport) -> dict[str, Any] | None:
    if cells is None or cells.get((1, 1)) != META_MARK:
        return None
    stated = cells.get((1, 3))
    chunks = []
    row = 3
    while isinstance(cells.get((row, 1)), str) and row < 10_000:
        chunks.append(cells[(row, 1)])
        row += 1
    text = "".join(chunks)
    if stated != "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest():
        report.notes.append(f"工作表“{META_SHEET}”（项目信息）已被改动或损坏，表格以外的信息（单位编码、上年数等）未导入")
        return None
    try:
        meta = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return meta if isinstance(meta, dict) else None


def _available_layouts() -> list[str]:
    try:
        return registry().years()
    except OSError:  # pragma: no cover - the resources ship with the package
        return ["2022"]


def _rulebook_for(grids: list[Grid], meta: dict[str, Any] | None) -> Rulebook:
    ids = _available_layouts()
    wanted = meta.get("layout") if meta else None
    if isinstance(wanted, str) and wanted in ids:
        return rulebook(wanted)
    best, best_count = ids[-1], -1
    for layout_id in ids:
        layout = rulebook(layout_id).layout
        count = 0
        for grid in grids:
            for template, _, _, title in find_tables(grid, layout):
                count += 1 + (str(layout.year) in title)
        if count > best_count:
            best, best_count = layout_id, count
    return rulebook(best)


def _read_tables(grids: list[Grid], book: Rulebook, report: ImportReport) -> dict[str, TableRead]:
    reads: dict[str, TableRead] = {}
    for grid in grids:
        for template, top, end, title in find_tables(grid, book.layout):
            read = TableReader(grid, template, top, end, title, book.catalog).read()
            if template.id in reads:
                report.skipped.append(Skip(f"工作表“{grid.title}”第{top}行", title.strip()[:40],
                                           f"{template.id} 已在工作表“{reads[template.id].sheet}”读入，重复的未导入"))
                continue
            reads[template.id] = read
            report.skipped += read.skipped
    report.tables = [reads[t.id] for t in book.layout.tables if t.id in reads]
    report.missing = [t.id for t in book.layout.tables if t.id not in reads]
    return reads


def _assemble(reads: dict[str, TableRead], meta: dict[str, Any] | None, book: Rulebook, report: ImportReport) -> Project:
    layout = book.layout
    years = {r.year for r in reads.values() if r.year}
    departments = [r.department for r in (reads.get(t.id) for t in layout.tables) if r and r.department]
    report.year = (meta or {}).get("year") if isinstance((meta or {}).get("year"), int) else (min(years) if years else layout.year)
    if len(years) > 1:
        report.notes.append(f"各表标题中的年度不一致（{'、'.join(str(y) for y in sorted(years))}），按 {report.year} 年度导入")
    report.unit_name = departments[0] if departments else ""
    if len(set(departments)) > 1:
        report.notes.append(f"各表的“部门”不一致（{'、'.join(sorted(set(departments)))}），采用 {report.unit_name}")

    exact: dict[Cell, Decimal | None] = {}
    for table_id, read in reads.items():
        factor = UNITS[read.unit]
        report.factors[table_id] = factor
        if factor != 1:
            report.notes.append(f"{table_id} 金额单位为{read.unit}，已换算为万元（保留两位小数，舍位平衡）")
        for row, columns in read.values.items():
            for column, value in columns.items():
                exact[Cell(table_id, row, column)] = value / factor
    values = _rounded(exact, reads, layout, book, report)

    tables: dict[str, dict[str, Any]] = {}
    present = meta.get("table_ids") if meta and isinstance(meta.get("table_ids"), list) else [t.id for t in layout.tables]
    for template in layout.tables:
        read = reads.get(template.id)
        empty = read is None or not (read.values or read.subjects or read.no_data or read.note_lines)
        if template.id not in present and empty:
            continue  # our own export of a project without this table: an empty sheet, not a table
        if read is None:
            tables[template.id] = TableData().model_dump(mode="json")
            continue
        data = TableData(subjects=dict(read.subjects))
        for cell, value in values.items():
            if cell.table == template.id and value is not None:
                data.values.setdefault(cell.row, {})[cell.column] = value
        note = "\n".join(read.note_lines)
        no_data = read.no_data
        if not report.ours and not no_data and not data.values and note and "无" in note:
            no_data = True
            report.notes.append(f"{template.id} 没有数字，表下写有“{note[:40]}”，按“本表无数据”导入")
        data.no_data, data.no_data_note = no_data, note
        tables[template.id] = data.model_dump(mode="json")

    content: dict[str, Any] = {}
    if meta:  # our own workbook: its project information, including how totals behave (juesuan.totals)
        content = {k: v for k, v in meta.items() if k != "table_ids"}
    content["tables"] = tables
    content["layout"] = layout.id
    content["year"] = report.year
    unit = dict(content.get("unit") or {}) if isinstance(content.get("unit"), dict) else {}
    if report.unit_name:
        unit["name"] = report.unit_name
    content["unit"] = unit
    try:
        return Project.model_validate(content)
    except ValidationError as exc:
        if not meta:
            raise ExcelFileError(f"{report.source} 的内容无法组成项目：{str(exc.errors()[0].get('msg', ''))[:120]}") from None
        report.notes.append("表格以外的项目信息（上年数、预算数等）不符合本版本的格式，未导入")
        slim = {"tables": tables, "layout": layout.id, "year": report.year, "unit": {"name": report.unit_name}}
        try:
            return Project.model_validate(slim)
        except ValidationError as again:
            raise ExcelFileError(f"{report.source} 的内容无法组成项目：{str(again.errors()[0].get('msg', ''))[:120]}") from None


def _rounded(exact: dict[Cell, Decimal | None], reads: dict[str, TableRead], layout: Layout, book: Rulebook,
             report: ImportReport) -> dict[Cell, Decimal | None]:
    """Amounts to 0.01 万元: as they are when they already are, else with 舍位平衡 along the rules."""
    if all(v is None or v == half_up(v) for v in exact.values()):
        return {cell: (v.quantize(CENT) if v is not None and v.as_tuple().exponent > -2 else v)  # type: ignore[operator]
                for cell, v in exact.items()}
    provisional = Project(year=layout.year, layout=layout.id, tables={
        table_id: TableData(subjects=dict(read.subjects)) for table_id, read in reads.items()})
    for cell, value in exact.items():
        if value is not None:
            provisional.set_value(cell.table, cell.row, cell.column, half_up(value))
    engine = book.engine()
    engine.run_full(provisional)
    tables = set(layout.by_id)
    relations = [Relation(total, terms) for total, terms in engine.sum_relations()
                 if total.table in tables and all(c.table in tables for _, c in terms)]
    result = balance(exact, relations)
    report.adjustments = result.adjustments
    report.broken = [f"{_where(r.total)} 与其组成项在换算前相等，舍位后无法同时保持" for r in result.broken]
    return {cell: value for cell, value in result.values.items() if cell in exact}


def _where(cell: Cell) -> str:
    return f"{cell.table} {cell.row} {cell.column}栏" if not cell.row.isdigit() or len(cell.row) > 2 else f"{cell.table} 第{cell.row}行 {cell.column}栏"


__all__ = ["ImportReport", "ImportResult", "import_workbook", "import_bytes", "ExcelFileError"]
