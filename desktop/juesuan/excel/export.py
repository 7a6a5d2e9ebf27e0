"""Export a project as the workbook the 财政局 expects: a sheet per table in the official layout
(from the templates), values not formulas, print-ready; then 审核结果, and the project data that has no
place in the official layout (so that our own export imports back exactly)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__, projectfile
from ..findings import SEVERITY_NAMES, Finding
from ..labels import cell_label
from ..model import Project, children_of, row_keys
from ..templates import Layout, TableTemplate
from ..validation import rulebook
from .selfeval_sheets import selfeval_sheets
from .styles import AMOUNT_FORMAT, BORDER, FONT_NAME, HEADER_FILL, StyleStamps, look
from .layout import (FINDINGS_SHEET, META_MARK, META_SHEET, NARROW, NO_DATA, WIDE, block_width, display_width,
                     grid_length, label_roles, padded_lines, place_column)

SEVERITY_FILLS = {"error": "F8D7DA", "warning": "FFF3CD", "tail": "E2E3E5"}
LINE_HEIGHT = 14.0
#: shared style objects: building one per cell made a 1,000-row export several times slower
FONTS = {False: Font(name=FONT_NAME, size=10), True: Font(name=FONT_NAME, size=10, bold=True)}
_ALIGNMENTS: dict[tuple[str, int], Alignment] = {}
TOP, TOP_WRAP = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
TOP_RIGHT = Alignment(horizontal="right", vertical="top")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
NOTE_ALIGNMENT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def _alignment(horizontal: str, indent: int) -> Alignment:
    key = (horizontal, indent)
    if key not in _ALIGNMENTS:
        _ALIGNMENTS[key] = Alignment(horizontal=horizontal, vertical="center", indent=indent)
    return _ALIGNMENTS[key]
META_CHUNK = 30000  # characters per cell (Excel allows 32,767)

#: Extension point: functions that add sheets after the nine 决算 tables and the 绩效自评表
#: (excel/selfeval_sheets.py) and before 审核结果 — e.g. a 情况说明 sheet.
SheetWriter = Callable[[Workbook, Project], None]
EXTRA_SHEETS: list[SheetWriter] = []


def export_workbook(project: Project, path: str | os.PathLike[str], findings: Sequence[Finding] | None = None) -> Path:
    """Write the workbook atomically (a half-written .xlsx never replaces a good one)."""
    data = workbook_bytes(project, findings)
    projectfile.write_atomic(Path(path), data)
    return Path(path)


def workbook_bytes(project: Project, findings: Sequence[Finding] | None = None) -> bytes:
    buffer = io.BytesIO()
    workbook = build_workbook(project, findings)
    with _exact_numbers():
        workbook.save(buffer)
    return buffer.getvalue()


_SAVING = threading.Lock()


@contextlib.contextmanager
def _exact_numbers() -> Iterator[None]:
    """openpyxl writes every number as "%.16g" of a float (8.64 → 8.640000000000001); write our
    Decimals as their exact text instead, so that any reader of the sheet XML sees 8.64."""
    from openpyxl.cell import _writer

    original = _writer.safe_string

    def exact(value: Any) -> str:
        if isinstance(value, Decimal) and value.is_finite():
            return format(value, "f")
        return original(value)

    with _SAVING:
        _writer.safe_string = exact
        try:
            yield
        finally:
            _writer.safe_string = original


def build_workbook(project: Project, findings: Sequence[Finding] | None = None) -> Workbook:
    book = rulebook(project.layout)
    if findings is None:
        findings = book.check(project)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = f"决算与绩效自评填报审核工具 {__version__}"
    workbook.properties.title = f"{project.year}年度部门决算 {project.unit.name}".strip()
    workbook.properties.subject = project.unit.heading(project.year)  # 单位、编码、年度、主管部门、类型、填报人
    workbook.properties.keywords = " ".join(filter(None, (project.unit.code, project.unit.parent, project.unit.kind)))
    stamps = StyleStamps()  # one per workbook: its style indices are the workbook's
    for template in book.layout.tables:
        _TableSheet(workbook.create_sheet(template.id), template, project, stamps).write()
    for writer in (selfeval_sheets, *EXTRA_SHEETS):
        writer(workbook, project)
    write_findings(workbook.create_sheet(FINDINGS_SHEET), findings, book.layout, project)
    write_meta(workbook.create_sheet(META_SHEET), project)
    workbook.active = 0
    _texts_not_formulas(workbook)
    return workbook


def _texts_not_formulas(workbook: Workbook) -> None:
    """Every text stays text: openpyxl turns a str beginning with "=" into a live formula (a subject
    name `=cmd|' /C calc'!A0` would become DDE; a project-data chunk would be lost on import), and
    this workbook holds values only, on every sheet including the hidden one."""
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "f":
                cell.data_type = "s"


# -- one table ------------------------------------------------------------------------------------


@dataclass
class _Span:
    top: int
    left: int
    bottom: int
    right: int
    text: str


class _TableSheet:
    def __init__(self, sheet: Worksheet, template: TableTemplate, project: Project, stamps: StyleStamps) -> None:
        self.ws = sheet
        self.t = template
        self.p = project
        self.data = project.tables.get(template.id)
        self.width = sum(block_width(b) for b in template.blocks)
        self.headers: list[_Span] = []
        self.column_texts: dict[int, list[str]] = {}
        self.stamps = stamps

    def write(self) -> None:
        self._title()
        data_top = self._header(3)
        last = self._body(data_top)
        self._notes(last + 1)
        self._widths()
        self._heights()
        self._print_setup(data_top)

    # top ---------------------------------------------------------------------------------
    def _title(self) -> None:
        ws = self.ws
        self._merge(1, 1, 1, self.width, self.t.printed_title(self.p.year))
        ws.cell(1, 1).font = Font(name="黑体", size=16, bold=True)
        ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        split = max(1, self.width - 2)
        self._merge(2, 1, 2, split, f"部门：{self.p.unit.name}")
        ws.cell(2, 1).alignment = Alignment(horizontal="left", vertical="center")
        unit_col = split + 1 if self.width > 1 else 1
        if unit_col != 1:
            self._merge(2, unit_col, 2, self.width, f"单位：{self.p.money_unit}")
        else:
            ws.cell(2, 1).value = f"部门：{self.p.unit.name}    单位：{self.p.money_unit}"
        ws.cell(2, unit_col).alignment = Alignment(horizontal="right", vertical="center")
        for col in range(1, self.width + 1):
            cell = ws.cell(2, col)
            self.stamps.apply(cell, ("unit line", look(cell)), font=FONTS[False])

    def _header(self, top: int) -> int:
        blocks = self.t.blocks
        multi = len(blocks) > 1
        headings = multi and any(b.heading for b in blocks)
        label_levels = 2 if (not multi and blocks[0].heading and blocks[0].label_columns) else 1
        depth = max(max((c.depth for c in b.columns), default=1) for b in blocks)
        tree_top = top + (1 if headings else 0)
        tree_bottom = tree_top + max(depth, label_levels) - 1
        serial = tree_bottom + 1
        left = 1
        if headings:
            groups: list[list[Any]] = []  # [heading, first column, last column]; equal neighbours merge
            start = 1
            for block in blocks:
                end = start + block_width(block) - 1
                if groups and block.heading and groups[-1][0] == block.heading:
                    groups[-1][2] = end
                else:
                    groups.append([block.heading, start, end])
                start = end + 1
            for heading, first, last in groups:
                self._header_cell(top, first, top, last, heading or "")
        for block in blocks:
            for i, name in enumerate(block.label_columns):
                col = left + i
                if label_levels == 2:
                    if i == 0:
                        self._header_cell(tree_top, left, tree_bottom - 1, left + len(block.label_columns) - 1, block.heading or "")
                    self._header_cell(tree_bottom, col, tree_bottom, col, name)
                else:
                    self._header_cell(tree_top, col, tree_bottom, col, name)
                self.column_texts.setdefault(col, []).append(name)
            if block.label_columns:
                self._header_cell(serial, left, serial, left + len(block.label_columns) - 1, "栏次")
            col = left + len(block.label_columns)
            for column in block.columns:
                col += place_column(column, tree_top, tree_bottom, col, self._header_cell)
            for i, leaf in enumerate(block.value_columns):
                self._header_cell(serial, left + len(block.label_columns) + i, serial, left + len(block.label_columns) + i, leaf.key or "")
            left += block_width(block)
        self.header_rows = (top, serial)
        return serial + 1

    # body --------------------------------------------------------------------------------
    def _body(self, top: int) -> int:
        if self.t.is_subject:
            return self._subject_rows(top)
        row = top
        for line in range(grid_length(self.t)):
            left = 1
            for block in self.t.blocks:
                entry = padded_lines(self.t, block)[line]
                roles = label_roles(self.t, block)
                for i, role in enumerate(roles):
                    text = ""
                    if entry is not None:
                        text = entry.name if role == "name" else (entry.key if entry.key.isdigit() else "")
                    self._label(row, left + i, text, bold=bool(entry and entry.total))
                for i, column in enumerate(block.value_columns):
                    value = self.p.value(self.t.id, entry.key, column.key) if entry is not None and column.key else None
                    self._amount(row, left + len(roles) + i, value, bold=bool(entry and (entry.total or column.total)))
                left += block_width(block)
            row += 1
        return row - 1

    def _subject_rows(self, top: int) -> int:
        block = self.t.blocks[0]
        roles = label_roles(self.t, block)
        subjects = self.data.subjects if self.data else {}
        row = top
        for key in row_keys(self.p, self.t):
            is_total = key == self.t.total_row
            parent = is_total or bool(children_of(self.p, self.t, key))
            if is_total and roles:
                self._merge(row, 1, row, len(roles), key)
                for i in range(len(roles)):
                    self._label(row, 1 + i, key if i == 0 else None, bold=True, center=True)
            else:
                for i, role in enumerate(roles):
                    text = key if role == "key" else subjects.get(key, "")
                    indent = (len(key) - 3) // 2 if role == "name" else 0
                    self._label(row, 1 + i, text, bold=parent, indent=indent)
            for i, column in enumerate(block.value_columns):
                value = self.p.value(self.t.id, key, column.key) if column.key else None
                self._amount(row, len(roles) + 1 + i, value, bold=parent or column.total)
            row += 1
        return row - 1

    def _label(self, row: int, col: int, text: str | None, *, bold: bool = False, center: bool = False, indent: int = 0) -> None:
        cell = self.ws.cell(row, col)
        if text is not None:
            cell.value = text or None
            self.column_texts.setdefault(col, []).append(text)
        horizontal = "center" if center or (text or "").isdigit() and len(text or "") <= 2 else "left"
        self.stamps.apply(cell, ("label", bold, horizontal, indent), border=BORDER, font=FONTS[bold],
                          alignment=_alignment(horizontal, indent))

    def _amount(self, row: int, col: int, value: Decimal | None, *, bold: bool = False) -> None:
        cell = self.ws.cell(row, col, value)
        self.stamps.apply(cell, ("amount", bold), number_format=AMOUNT_FORMAT, border=BORDER, font=FONTS[bold],
                          alignment=_alignment("right", 0))
        if value is not None:
            self.column_texts.setdefault(col, []).append(f"{value:,.2f}")

    # notes -------------------------------------------------------------------------------
    def _notes(self, row: int) -> None:
        lines = []
        notes = list(self.t.notes)
        if len(notes) == 1:
            lines.append("注：" + notes[0])
        elif notes:
            lines += [("注：" if i == 0 else "") + f"{i + 1}. {note}" for i, note in enumerate(notes)]
        if self.t.formulas:
            lines.append(self.t.formulas)
        if self.data is not None and self.data.no_data:
            lines.append(NO_DATA + "。")
        if self.data is not None and self.data.no_data_note:
            lines.append(self.data.no_data_note)
        self.note_rows = []
        for text in lines:
            self._merge(row, 1, row, self.width, text)
            self.stamps.apply(self.ws.cell(row, 1), ("note", look(self.ws.cell(row, 1))), font=FONTS[False],
                              alignment=NOTE_ALIGNMENT)
            self.note_rows.append((row, text))
            row += 1
        self.last_row = row - 1

    # geometry ----------------------------------------------------------------------------
    def _widths(self) -> None:
        label_cols = set()
        left = 1
        for block in self.t.blocks:
            label_cols |= set(range(left, left + len(block.label_columns)))
            left += block_width(block)
        self.widths = {}
        for col in range(1, self.width + 1):
            texts = [t for t in self.column_texts.get(col, ()) if t]
            # a text shorter than NARROW/WIDE of the longest cannot be wider than it: measure only the rest
            floor = max(map(len, texts), default=0) * NARROW / WIDE
            widest = max((display_width(t) for t in texts if len(t) >= floor), default=4.0)
            if col in label_cols:
                width = min(max(widest + 2, 6.0), 60.0)
            else:
                width = min(max(widest + 2, 13.0), 18.0)
            self.widths[col] = width
            self.ws.column_dimensions[get_column_letter(col)].width = round(width, 1)

    def _heights(self) -> None:
        def lines(span: _Span) -> int:
            room = sum(self.widths[c] for c in range(span.left, span.right + 1)) - 1.5
            return max(1, math.ceil(display_width(span.text) / max(room, 1.0)))

        heights: dict[int, float] = {}
        for span in sorted(self.headers, key=lambda s: s.bottom - s.top):
            need = lines(span) * LINE_HEIGHT + 6
            rows = range(span.top, span.bottom + 1)
            have = sum(heights.get(r, LINE_HEIGHT + 6) for r in rows)
            if need > have:
                heights[span.bottom] = heights.get(span.bottom, LINE_HEIGHT + 6) + need - have
        for row, height in heights.items():
            self.ws.row_dimensions[row].height = height
        total = sum(self.widths.values()) - 1.5
        for row, text in self.note_rows:
            count = max(1, math.ceil(display_width(text) / max(total, 1.0)) + text.count("\n"))
            self.ws.row_dimensions[row].height = count * LINE_HEIGHT + 4

    def _print_setup(self, data_top: int) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        first, last = self.header_rows
        ws.print_title_rows = f"{first}:{last}"
        ws.print_area = f"A1:{get_column_letter(self.width)}{self.last_row}"
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.freeze_panes = ws.cell(data_top, 1)

    # cells -------------------------------------------------------------------------------
    def _merge(self, top: int, left: int, bottom: int, right: int, text: str | None) -> None:
        self.ws.cell(top, left).value = text
        if (top, left) != (bottom, right):
            self.stamps.merge(self.ws, top, left, bottom, right)

    def _header_cell(self, top: int, left: int, bottom: int, right: int, text: str) -> None:
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                cell = self.ws.cell(row, col)
                self.stamps.apply(cell, ("header", look(cell)), border=BORDER, fill=HEADER_FILL,
                                  font=FONTS[True], alignment=HEADER_ALIGNMENT)
        self._merge(top, left, bottom, right, text or None)
        if text:
            self.headers.append(_Span(top, left, bottom, right, text))


# -- 审核结果 --------------------------------------------------------------------------------------

FINDING_COLUMNS = (("级别", 8), ("规则", 18), ("表", 20), ("位置", 34), ("说明", 76), ("应为", 15), ("实为", 15))


def write_findings(sheet: Worksheet, findings: Iterable[Finding], layout: Layout, project: Project) -> None:
    findings = list(findings)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
    summary = "，".join(f"{SEVERITY_NAMES[s]} {n}" for s, n in counts.items())
    width = len(FINDING_COLUMNS)
    sheet.cell(1, 1).value = f"审核结果（共 {len(findings)} 条：{summary}）"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(name="黑体", size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    for col, (name, col_width) in enumerate(FINDING_COLUMNS, start=1):
        cell = sheet.cell(2, col)
        cell.value = name
        cell.font = Font(name=FONT_NAME, size=10, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = col_width
    fills = {s: PatternFill("solid", fgColor=SEVERITY_FILLS.get(s, "FFFFFF")) for s in SEVERITY_NAMES}
    stamps = StyleStamps()
    for row, finding in enumerate(findings, start=3):
        primary = finding.primary
        values: list[Any] = [
            SEVERITY_NAMES.get(finding.severity, finding.severity),
            finding.rule,
            primary.table if primary else "",
            cell_label(primary, layout, project) if primary else "",
            finding.message,
            finding.expected,
            finding.actual,
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row, col)
            cell.value = value if value not in (None, "") else None
            if isinstance(value, Decimal):
                stamps.apply(cell, "amount", border=BORDER, font=FONTS[False], number_format=AMOUNT_FORMAT,
                             alignment=TOP_RIGHT)
            elif col == 1:
                stamps.apply(cell, ("severity", finding.severity), border=BORDER, font=FONTS[False], alignment=TOP,
                             fill=fills[finding.severity])
            else:
                wrap = col in (3, 4, 5)
                stamps.apply(cell, ("text", wrap), border=BORDER, font=FONTS[False], alignment=TOP_WRAP if wrap else TOP)
        text_lines = max(1, math.ceil(display_width(finding.message) / 78), math.ceil(display_width(values[3]) / 32))
        sheet.row_dimensions[row].height = text_lines * LINE_HEIGHT + 4
    if not findings:
        sheet.cell(3, 1).value = "未发现问题。"
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(width)}{max(2, len(findings) + 2)}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# -- what the official layout has no place for ------------------------------------------------------


def meta_content(project: Project) -> dict[str, Any]:
    """Everything of the project except what the table sheets show (read back by the importer)."""
    content = project.model_dump(mode="json")
    tables = content.pop("tables")
    content["table_ids"] = list(tables)
    return content


def write_meta(sheet: Worksheet, project: Project) -> None:
    text = json.dumps(meta_content(project), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    sheet.sheet_state = "hidden"
    sheet.cell(1, 1).value = META_MARK
    sheet.cell(1, 2).value = 1
    sheet.cell(1, 3).value = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    sheet.cell(2, 1).value = ("本工作表由决算工具写入：保存表格以外的项目信息（单位编码、上年数、年初预算数、说明等），"
                              "导入时使用，请勿修改。")
    for i in range(0, max(len(text), 1), META_CHUNK):
        sheet.cell(3 + i // META_CHUNK, 1).value = text[i : i + META_CHUNK]
