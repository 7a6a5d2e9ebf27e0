"""A table in its official printed layout as plain data (merged header cells, body lines, notes), built from
the templates; the Word document and the PDF print both draw from it, so neither re-declares rows or headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..excel.layout import NO_DATA, block_width, display_width, grid_length, label_roles, padded_lines, place_column
from ..model import Project, children_of, row_keys
from ..money import format_amount
from ..templates import TableTemplate


@dataclass(frozen=True)
class GridCell:
    """One cell, possibly merged over `rowspan` × `colspan`; `row` counts from the grid's first header line."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    align: str = "left"  # left / center / right
    indent: int = 0


@dataclass(frozen=True)
class TableGrid:
    table_id: str
    title: str
    unit_line: str  # "部门：…"
    money_line: str  # "单位：万元"
    width: int
    header_rows: int
    header: tuple[GridCell, ...]
    #: body lines, each a tuple of its cells (left to right, merged cells only once)
    body: tuple[tuple[GridCell, ...], ...]
    notes: tuple[str, ...]
    no_data: bool
    #: relative column widths in character units (CJK character ≈ 2)
    widths: tuple[float, ...] = field(default=())
    #: values shown (for tests and callers that need to know whether the table is empty)
    has_values: bool = False


def table_grid(project: Project, template: TableTemplate) -> TableGrid:
    """The printed layout of one table with the project's values."""
    return _Builder(project, template).build()


class _Builder:
    def __init__(self, project: Project, template: TableTemplate) -> None:
        self.p, self.t = project, template
        self.data = project.tables.get(template.id)
        self.width = sum(block_width(b) for b in template.blocks)
        self.header: list[GridCell] = []
        self.texts: dict[int, list[str]] = {}

    def build(self) -> TableGrid:
        rows = self._header()
        body = self._body(rows)
        data = self.data
        return TableGrid(
            table_id=self.t.id,
            title=self.t.printed_title(self.p.year),
            unit_line=f"部门：{self.p.unit.name}",
            money_line=f"单位：{self.p.money_unit}",
            width=self.width,
            header_rows=rows,
            header=tuple(self.header),
            body=tuple(body),
            notes=self._notes(),
            no_data=bool(data and data.no_data) or not self.p.has_values(self.t.id),
            widths=self._widths(),
            has_values=self.p.has_values(self.t.id),
        )

    # header (same placement as the Excel export: headings, column tree, 栏次 line) -------------------
    def _header(self) -> int:
        blocks = self.t.blocks
        multi = len(blocks) > 1
        headings = multi and any(b.heading for b in blocks)
        label_levels = 2 if (not multi and blocks[0].heading and blocks[0].label_columns) else 1
        depth = max(max((c.depth for c in b.columns), default=1) for b in blocks)
        tree_top = 1 if headings else 0
        tree_bottom = tree_top + max(depth, label_levels) - 1
        serial = tree_bottom + 1
        if headings:
            groups: list[list[object]] = []
            start = 0
            for block in blocks:
                end = start + block_width(block) - 1
                if groups and block.heading and groups[-1][0] == block.heading:
                    groups[-1][2] = end
                else:
                    groups.append([block.heading, start, end])
                start = end + 1
            for heading, first, last in groups:
                self._cell(0, int(first), 0, int(last), str(heading or ""))  # type: ignore[call-overload]
        left = 0
        for block in blocks:
            labels = len(block.label_columns)
            for i, name in enumerate(block.label_columns):
                col = left + i
                if label_levels == 2:
                    if i == 0:
                        self._cell(tree_top, left, tree_bottom - 1, left + labels - 1, block.heading or "")
                    self._cell(tree_bottom, col, tree_bottom, col, name)
                else:
                    self._cell(tree_top, col, tree_bottom, col, name)
            if labels:
                self._cell(serial, left, serial, left + labels - 1, "栏次")
            col = left + labels
            for column in block.columns:
                col += place_column(column, tree_top, tree_bottom, col, self._cell)
            for i, leaf in enumerate(block.value_columns):
                self._cell(serial, left + labels + i, serial, left + labels + i, leaf.key or "")
            left += block_width(block)
        return serial + 1

    def _cell(self, top: int, left: int, bottom: int, right: int, text: str) -> None:
        self.header.append(GridCell(top, left, text, bottom - top + 1, right - left + 1, bold=True, align="center"))
        if left == right:
            self.texts.setdefault(left, []).append(text)

    # body -------------------------------------------------------------------------------------------
    def _body(self, top: int) -> list[tuple[GridCell, ...]]:
        if self.t.is_subject:
            return self._subject_lines(top)
        lines = []
        for line in range(grid_length(self.t)):
            row = top + line
            cells: list[GridCell] = []
            left = 0
            for block in self.t.blocks:
                entry = padded_lines(self.t, block)[line]
                roles = label_roles(self.t, block)
                bold = bool(entry and entry.total)
                for i, role in enumerate(roles):
                    text = ""
                    if entry is not None:
                        text = entry.name if role == "name" else (entry.key if entry.key.isdigit() else "")
                    cells.append(self._label(row, left + i, text, bold=bold))
                for i, column in enumerate(block.value_columns):
                    value = self.p.value(self.t.id, entry.key, column.key) if entry is not None and column.key else None
                    cells.append(self._amount(row, left + len(roles) + i, value, bold=bold or column.total))
                left += block_width(block)
            lines.append(tuple(cells))
        return lines

    def _subject_lines(self, top: int) -> list[tuple[GridCell, ...]]:
        block = self.t.blocks[0]
        roles = label_roles(self.t, block)
        subjects = self.data.subjects if self.data else {}
        lines = []
        for offset, key in enumerate(row_keys(self.p, self.t)):
            row = top + offset
            is_total = key == self.t.total_row
            parent = is_total or bool(children_of(self.p, self.t, key))
            cells: list[GridCell] = []
            if is_total and roles:
                cells.append(GridCell(row, 0, key, colspan=len(roles), bold=True, align="center"))
            else:
                for i, role in enumerate(roles):
                    text = key if role == "key" else subjects.get(key, "")
                    indent = (len(key) - 3) // 2 if role == "name" else 0
                    cells.append(self._label(row, i, text, bold=parent, indent=indent))
            for i, column in enumerate(block.value_columns):
                value = self.p.value(self.t.id, key, column.key) if column.key else None
                cells.append(self._amount(row, len(roles) + i, value, bold=parent or column.total))
            lines.append(tuple(cells))
        return lines

    def _label(self, row: int, col: int, text: str, *, bold: bool = False, indent: int = 0) -> GridCell:
        self.texts.setdefault(col, []).append(text + "  " * indent)
        align = "center" if text.isdigit() and len(text) <= 2 else "left"
        return GridCell(row, col, text, bold=bold, align=align, indent=indent)

    def _amount(self, row: int, col: int, value: Decimal | None, *, bold: bool = False) -> GridCell:
        text = format_amount(value)
        if text:
            self.texts.setdefault(col, []).append(text)
        return GridCell(row, col, text, bold=bold, align="right")

    # notes and widths ---------------------------------------------------------------------------------
    def _notes(self) -> tuple[str, ...]:
        lines = []
        notes = list(self.t.notes)
        if len(notes) == 1:
            lines.append("注：" + notes[0])
        elif notes:
            lines += [("注：" if i == 0 else "") + f"{i + 1}. {note}" for i, note in enumerate(notes)]
        if self.t.formulas:
            lines.append(self.t.formulas)
        if self.data is not None and self.data.no_data_note:
            lines.append(self.data.no_data_note)
        if (self.data is not None and self.data.no_data) or not self.p.has_values(self.t.id):
            lines.append(NO_DATA + "。")
        return tuple(lines)

    def _widths(self) -> tuple[float, ...]:
        label_cols: set[int] = set()
        left = 0
        for block in self.t.blocks:
            label_cols |= set(range(left, left + len(block.label_columns)))
            left += block_width(block)
        widths = []
        for col in range(self.width):
            widest = max((display_width(t) for t in self.texts.get(col, []) if t), default=4.0)
            if col in label_cols:
                widths.append(min(max(widest + 1.5, 5.0), 44.0))
            else:
                widths.append(min(max(widest + 1.5, 11.0), 16.0))
        return tuple(widths)
