"""Printing the tables, as data: which lines go on which page, where every box and text sits (in points), the
repeated header rows, the 单位 line and "第 x 页 共 y 页"; the Qt painter (ui/printing/) only draws these boxes."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from ..errors import JuesuanError
from ..excel.layout import display_width
from ..model import Project
from ..validation import rulebook
from .grid import GridCell, TableGrid, table_grid
from .model import PrintSettings

MM = 72 / 25.4  # points per millimetre
A4_MM = (210.0, 297.0)
TITLE_PT = 14.0
LINE_FACTOR = 1.3  # line height / font size
PAD = 2.0  # points of padding inside a cell
FOOTER_PT = 9.0


@dataclass(frozen=True)
class Box:
    """A rectangle on a page (points from the top-left corner) with its text."""

    x: float
    y: float
    w: float
    h: float
    text: str = ""
    size: float = 9.0
    bold: bool = False
    align: str = "left"  # left / center / right
    border: bool = True
    fill: bool = False
    indent: float = 0.0
    wrap: bool = True


@dataclass(frozen=True)
class Page:
    number: int
    total: int
    table_id: str
    boxes: tuple[Box, ...]
    footer: Box


@dataclass(frozen=True)
class PrintLayout:
    width: float  # points
    height: float
    landscape: bool
    pages: tuple[Page, ...]


def selected_tables(project: Project, names: Iterable[str] | None) -> list[str]:
    """表号 to print, in layout order; an unknown one is a Chinese error naming the known ones."""
    layout = rulebook(project.layout).layout
    known = [t.id for t in layout.tables]
    if not names:
        return known
    wanted = [n.strip() for n in names if n.strip()]
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise JuesuanError(f"没有这样的表：{'、'.join(unknown)}（可选：{'、'.join(known)}）")
    return [t for t in known if t in wanted]


def tables_for(project: Project, settings: PrintSettings, current: str | None = None) -> list[str]:
    """The tables a remembered print setup means: the current one, the selected ones or all."""
    if settings.scope == "current" and current:
        return selected_tables(project, [current])
    if settings.scope == "selected" and settings.tables:
        return selected_tables(project, settings.tables)
    return selected_tables(project, None)


def layout_pages(project: Project, table_ids: Sequence[str] | None = None,
                 settings: PrintSettings | None = None) -> PrintLayout:
    """Lay out the given tables (all when None), each starting on a new page, numbered across the whole print."""
    settings = settings or PrintSettings()
    landscape = settings.orientation == "landscape"
    width, height = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    page_w, page_h = width * MM, height * MM
    layout = rulebook(project.layout).layout
    pages: list[tuple[str, list[Box]]] = []
    for table_id in selected_tables(project, table_ids):
        grid = table_grid(project, layout[table_id])
        pages += [(table_id, boxes) for boxes in _TablePages(grid, page_w, page_h, settings).pages()]
    total = len(pages)
    margin = settings.margin_mm * MM
    result = []
    for number, (table_id, boxes) in enumerate(pages, start=1):
        footer = Box(margin, page_h - margin - FOOTER_PT * LINE_FACTOR, page_w - 2 * margin, FOOTER_PT * LINE_FACTOR,
                     f"第 {number} 页 共 {total} 页", size=FOOTER_PT, align="center", border=False)
        result.append(Page(number, total, table_id, tuple(boxes), footer))
    return PrintLayout(page_w, page_h, landscape, tuple(result))


class _TablePages:
    def __init__(self, grid: TableGrid, page_w: float, page_h: float, settings: PrintSettings) -> None:
        self.g = grid
        self.margin = settings.margin_mm * MM
        self.usable_w = page_w - 2 * self.margin
        self.bottom = page_h - self.margin - FOOTER_PT * LINE_FACTOR - 4
        char = settings.font_size / 2  # one character unit: half a CJK character
        natural = sum(grid.widths) * char
        self.scale = min(1.0, self.usable_w / natural) if settings.fit_to_width and natural else 1.0
        self.size = settings.font_size * self.scale
        self.cols = [w * char * self.scale for w in grid.widths]
        self.lefts = [self.margin + (self.usable_w - sum(self.cols)) / 2]
        for w in self.cols[:-1]:
            self.lefts.append(self.lefts[-1] + w)
        self.line = self.size * LINE_FACTOR
        self.heights = self._heights()

    def _lines(self, cell: GridCell, width: float) -> int:
        room = max(width - 2 * PAD - cell.indent * self.size, self.size)
        text_w = display_width(cell.text) / 2.1 * self.size if cell.text else 0.0  # CJK char = font size wide
        return max(1, math.ceil(text_w / room - 0.02))

    def _span_w(self, cell: GridCell) -> float:
        return sum(self.cols[cell.col:cell.col + cell.colspan])

    def _heights(self) -> list[float]:
        count = self.g.header_rows + len(self.g.body)
        heights = [self.line + 2 * PAD] * count
        cells = list(self.g.header) + [c for line in self.g.body for c in line]
        for cell in sorted(cells, key=lambda c: c.rowspan):
            need = self._lines(cell, self._span_w(cell)) * self.line + 2 * PAD
            rows = range(cell.row, cell.row + cell.rowspan)
            have = sum(heights[r] for r in rows)
            if need > have:
                heights[cell.row + cell.rowspan - 1] += need - have
        return heights

    def pages(self) -> list[list[Box]]:
        g = self.g
        pages: list[list[Box]] = []
        boxes: list[Box] = []
        y = self._top(boxes, first=True)
        for index, line in enumerate(g.body):
            row = g.header_rows + index
            h = self.heights[row]
            if y + h > self.bottom and index > 0 and len(boxes) > 0:
                pages.append(boxes)
                boxes = []
                y = self._top(boxes, first=False)
            for cell in line:
                boxes.append(self._cell(cell, y, h))
            y += h
        left, width = self.lefts[0], sum(self.cols)
        for note in g.notes:
            lines = max(1, math.ceil(display_width(note) / 2.1 * self.size / max(width - 2 * PAD, 1.0) - 0.02))
            h = lines * self.line + 2
            if y + h > self.bottom:
                pages.append(boxes)
                boxes = []
                y = self._top(boxes, first=False)
            boxes.append(Box(left, y + 1, width, h, note, size=self.size, border=False))
            y += h
        pages.append(boxes)
        return pages

    def _top(self, boxes: list[Box], first: bool) -> float:
        """Title (first page; later pages say 续), 部门/单位 line and the header rows; returns the next y."""
        y = self.margin
        title = self.g.title if first else f"{self.g.title}（续）"
        boxes.append(Box(self.margin, y, self.usable_w, TITLE_PT * 1.6, title, size=TITLE_PT, bold=True,
                         align="center", border=False))
        y += TITLE_PT * 1.6
        info = max(self.size, 7.5)
        left, right = self.lefts[0], self.lefts[0] + sum(self.cols)
        boxes.append(Box(left, y, (right - left) * 0.7, info * 1.5, self.g.unit_line, size=info, border=False, wrap=False))
        boxes.append(Box(left + (right - left) * 0.7, y, (right - left) * 0.3, info * 1.5, self.g.money_line, size=info,
                         align="right", border=False, wrap=False))
        y += info * 1.5
        tops = [y]
        for r in range(self.g.header_rows):
            tops.append(tops[-1] + self.heights[r])
        for cell in self.g.header:
            boxes.append(replace(self._cell(cell, tops[cell.row], tops[cell.row + cell.rowspan] - tops[cell.row]),
                                 fill=True))
        return tops[-1]

    def _cell(self, cell: GridCell, y: float, h: float) -> Box:
        return Box(self.lefts[cell.col], y, self._span_w(cell), h, cell.text, size=self.size, bold=cell.bold,
                   align=cell.align, indent=cell.indent * self.size)
