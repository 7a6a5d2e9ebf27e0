"""How a printed table maps onto a grid: side-by-side blocks, label columns, merged header cells.

Plain Python (no Qt) so the mapping can be checked without widgets; the Qt model reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ...findings import Cell
from ...templates import Column, Row, TableTemplate

NAME_COLUMN = "科目名称"


@dataclass(frozen=True)
class GridColumn:
    """One grid column: a label column (项目/行次/科目编码/科目名称) or a value column (栏次 key)."""

    block: int
    kind: str  # "label" | "value"
    label: str
    index: int  # position among the block's label or value columns
    column: Column | None = None

    @property
    def key(self) -> str | None:
        return self.column.key if self.column else None


@dataclass(frozen=True)
class HeaderNode:
    """One merged header cell: text over grid columns first..last and header lines top..bottom."""

    text: str
    first: int
    last: int
    top: int
    bottom: int
    lanci: bool = False  # the 栏次 line (column numbers)


@dataclass(frozen=True)
class Slot:
    """What sits at one grid position."""

    kind: str  # "label" | "value" | "none"
    row_key: str | None = None
    row: Row | None = None
    column: GridColumn | None = None

    def cell(self, table: str) -> Cell | None:
        if self.kind != "value" or self.row_key is None or self.column is None or self.column.key is None:
            return None
        if self.row is not None and self.row.blank:
            return None
        return Cell(table, self.row_key, self.column.key)


class Grid:
    """Grid geometry of one table; fixed tables are static, subject tables take the current row keys."""

    def __init__(self, template: TableTemplate) -> None:
        self.template = template
        self.columns: list[GridColumn] = []
        for b, block in enumerate(template.blocks):
            for i, label in enumerate(block.label_columns):
                self.columns.append(GridColumn(b, "label", label, i))
            for i, column in enumerate(block.value_columns):
                self.columns.append(GridColumn(b, "value", column.label, i, column))
        self.frozen = len(template.blocks[0].label_columns)
        self._fixed: list[list[tuple[str, Row] | None]] = []  # per block: grid row → (key, row)
        if not template.is_subject:
            height = max(len(block.rows or ()) for block in template.blocks)
            for block in template.blocks:
                placed: list[tuple[str, Row] | None] = [None] * height
                rows = list(block.rows or ())
                tail = [r for r in rows if r.align_last]
                body = [r for r in rows if not r.align_last]
                for i, row in enumerate(body):
                    placed[i] = (row.key, row)
                for i, row in enumerate(tail):
                    placed[height - len(tail) + i] = (row.key, row)
                self._fixed.append(placed)
        self.rows: list[str] = []
        self.set_rows([])

    # rows -------------------------------------------------------------------------------
    def set_rows(self, subject_rows: Sequence[str]) -> None:
        """Subject tables: 合计 then the codes (display order). Fixed tables: ignored."""
        if self.template.is_subject:
            self.rows = [self.template.total_row or "合计", *subject_rows]
        else:
            self.rows = [str(i) for i in range(len(self._fixed[0]) if self._fixed else 0)]
        self._row_index = {key: i for i, key in enumerate(self.rows)} if self.template.is_subject else {}
        self._cell_index: dict[tuple[str, str], tuple[int, int]] | None = None

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def row_of(self, key: str) -> int | None:
        """Grid row of a subject code (subject tables)."""
        return self._row_index.get(key)

    def slot(self, r: int, c: int) -> Slot:
        column = self.columns[c]
        if self.template.is_subject:
            key = self.rows[r]
            return Slot(column.kind, key, None, column)
        entry = self._fixed[column.block][r]
        if entry is None:
            return Slot("none", None, None, column)
        return Slot(column.kind, entry[0], entry[1], column)

    def position(self, cell: Cell) -> tuple[int, int] | None:
        """Grid (row, column) of a value cell, or of the 科目名称 cell for `column == 科目名称`."""
        if self.template.is_subject:
            r = self._row_index.get(cell.row)
            if r is None:
                return None
            for c, column in enumerate(self.columns):
                if (column.kind == "value" and column.key == cell.column) or (
                        column.kind == "label" and cell.column == NAME_COLUMN and column.label == NAME_COLUMN):
                    return r, c
            return None
        if self._cell_index is None:
            index: dict[tuple[str, str], tuple[int, int]] = {}
            for c, column in enumerate(self.columns):
                for r in range(self.row_count):
                    slot = self.slot(r, c)
                    if slot.row_key is None:
                        continue
                    if column.kind == "value" and column.key:
                        index[(slot.row_key, column.key)] = (r, c)
                    elif column.kind == "label" and column.index == 0:
                        index.setdefault((slot.row_key, NAME_COLUMN), (r, c))
            self._cell_index = index
        return self._cell_index.get((cell.row, cell.column))

    def name_column(self) -> int | None:
        for c, column in enumerate(self.columns):
            if column.kind == "label" and column.label == NAME_COLUMN:
                return c
        return None

    # header -----------------------------------------------------------------------------
    @property
    def has_lanci_line(self) -> bool:
        """表6 prints no 栏次 line; every other table does."""
        return self.template.kind != "economic"

    def header_nodes(self) -> list[HeaderNode]:
        """The merged header cells as printed, plus the 栏次 line."""
        t = self.template
        heading_over_all = t.kind in ("fixed", "economic") and any(b.heading for b in t.blocks)
        depth = max(b.header_depth for b in t.blocks)
        top = 1 if heading_over_all else 0
        levels = top + depth
        if t.is_subject:
            levels = max(levels, 2)  # 项目 over 科目编码 | 科目名称
        nodes: list[HeaderNode] = []
        start = 0
        groups: list[tuple[str, int, int]] = []  # merged block headings (表6: 公用经费 over two blocks)
        for b, block in enumerate(t.blocks):
            width = len(block.label_columns) + len(block.value_columns)
            first, last = start, start + width - 1
            if heading_over_all:
                heading = block.heading or ""
                if groups and groups[-1][0] == heading and heading:
                    groups[-1] = (heading, groups[-1][1], last)
                else:
                    groups.append((heading, first, last))
            labels = list(block.label_columns)
            if t.is_subject and labels:
                nodes.append(HeaderNode(block.heading or "项目", first, first + len(labels) - 1, 0, levels - 2))
                for i, label in enumerate(labels):
                    nodes.append(HeaderNode(label, first + i, first + i, levels - 1, levels - 1))
            else:
                for i, label in enumerate(labels):
                    nodes.append(HeaderNode(label, first + i, first + i, top, levels - 1))
            col = first + len(labels)
            for column in block.columns:
                col = _column_nodes(column, col, top, levels - 1, nodes)
            start += width
        for heading, first, last in groups:
            nodes.append(HeaderNode(heading, first, last, 0, 0))
        if self.has_lanci_line:
            start = 0
            for block in t.blocks:
                labels = len(block.label_columns)
                if labels:
                    nodes.append(HeaderNode("栏次", start, start + labels - 1, levels, levels, lanci=True))
                for i, column in enumerate(block.value_columns):
                    nodes.append(HeaderNode(column.key or "", start + labels + i, start + labels + i, levels, levels, lanci=True))
                start += labels + len(block.value_columns)
        return sorted(nodes, key=lambda n: (n.top, n.first))

    def header_lines(self) -> int:
        return max(n.bottom for n in self.header_nodes()) + 1


def _column_nodes(column: Column, col: int, top: int, bottom: int, nodes: list[HeaderNode]) -> int:
    """Add a column group's nodes; a leaf fills the lines below it. Returns the next grid column."""
    width = sum(1 for _ in column.leaves())
    if not column.children:
        nodes.append(HeaderNode(column.label, col, col, top, bottom))
        return col + 1
    nodes.append(HeaderNode(column.label, col, col + width - 1, top, top))
    for child in column.children:
        col = _column_nodes(child, col, top + 1, bottom, nodes)
    return col
