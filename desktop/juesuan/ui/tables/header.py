"""A horizontal header that paints the printed multi-line header with merged cells and the 栏次 line."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from .grid import HeaderNode
from ..base.style import GRID_LINE, HEADER_BACKGROUND

PAD_X, PAD_Y = 4, 3
#: the line between the frozen label columns and the scrolling ones
EDGE_COLOUR = QColor("#9aa4b1")
EDGE_WIDTH = 2


class SpanHeader(QHeaderView):
    """Paints `HeaderNode`s (text over columns first..last and lines top..bottom); wraps long labels."""

    heightChanged = Signal()

    def __init__(self, parent: QWidget | None = None, source: "SpanHeader | None" = None) -> None:
        super().__init__(Qt.Horizontal, parent)
        #: the main header whose geometry a frozen overlay's header copies
        self.source = source
        #: leading columns that do not scroll (label columns under the frozen overlay)
        self.frozen_count = 0
        self.nodes: list[HeaderNode] = []
        self.lines = 1
        self._cache_key: tuple | None = None
        self._heights: list[int] = [0]
        self.setDefaultAlignment(Qt.AlignCenter)
        self.setHighlightSections(False)
        self.sectionResized.connect(self._invalidate)

    def set_nodes(self, nodes: list[HeaderNode]) -> None:
        self.nodes = nodes
        self.lines = max((n.bottom for n in nodes), default=0) + 1
        self._invalidate()

    def _invalidate(self, *args: object) -> None:
        old = sum(self._heights)
        self._cache_key = None
        if sum(self.line_heights()) != old:
            self.updateGeometry()
            self.heightChanged.emit()
        self.viewport().update()

    def _x(self, section: int) -> int:
        """Viewport x of a section; frozen sections (the label columns) never scroll."""
        src = self.source or self
        return src.sectionPosition(section) if section < self.frozen_count else src.sectionViewportPosition(section)

    def _span(self, node: HeaderNode) -> tuple[int, int] | None:
        """Viewport x range of a node. Main and frozen headers compute the same range from the main
        header's geometry, so a heading crossing the frozen edge looks seamless in both."""
        src = self.source or self
        last = min(node.last, src.count() - 1)
        if last < node.first:
            return None
        left = self._x(node.first)
        right = self._x(last) + src.sectionSize(last)
        if node.first < self.frozen_count:
            frozen_edge = sum(src.sectionSize(s) for s in range(self.frozen_count))
            right = max(right, min(frozen_edge, src.sectionPosition(last) + src.sectionSize(last)))
        return (left, right) if right > left else None

    def _width(self, node: HeaderNode) -> int:
        src = self.source or self
        return sum(src.sectionSize(s) for s in range(node.first, min(node.last, src.count() - 1) + 1))

    def line_heights(self) -> list[int]:
        """Height of each header line: enough for the wrapped text of every node on it."""
        if self.source is not None:
            return self.source.line_heights()
        key = (tuple(self.sectionSize(s) for s in range(self.count())), self.font().key(), len(self.nodes))
        if key == self._cache_key:
            return self._heights
        metrics = self.fontMetrics()
        base = metrics.height() + 2 * PAD_Y
        heights = [base] * self.lines
        for node in sorted(self.nodes, key=lambda n: n.bottom - n.top):
            width = max(self._width(node) - 2 * PAD_X, 8)
            need = metrics.boundingRect(QRect(0, 0, width, 10000), int(Qt.AlignCenter | Qt.TextWordWrap), node.text).height()
            need += 2 * PAD_Y
            have = sum(heights[node.top : node.bottom + 1])
            if need > have:
                heights[node.bottom] += need - have
        self._cache_key, self._heights = key, heights
        return heights

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), sum(self.line_heights()) + 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), HEADER_BACKGROUND)
        heights = self.line_heights()
        tops = [sum(heights[:i]) for i in range(len(heights) + 1)]
        pen = QPen(GRID_LINE)
        normal = self.font()
        small = self.font()
        small.setPointSizeF(max(normal.pointSizeF() * 0.9, 6))
        for node in self.nodes:
            if self.source is not None and node.first >= self.frozen_count:
                continue  # an overlay header shows only what starts in the frozen columns
            span = self._span(node)
            if span is None:
                continue
            y0, y1 = tops[node.top], tops[min(node.bottom + 1, len(tops) - 1)]
            rect = QRect(span[0], y0, span[1] - span[0], y1 - y0)
            if not rect.intersects(event.rect()):
                continue
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.setPen(self.palette().windowText().color())
            painter.setFont(small if node.lanci else normal)
            painter.drawText(rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y), int(Qt.AlignCenter | Qt.TextWordWrap), node.text)
        if self.source is not None and self.frozen_count:
            self._paint_edge(painter, tops)
        painter.end()

    def frozen_edge(self) -> int:
        src = self.source or self
        return sum(src.sectionSize(s) for s in range(min(self.frozen_count, src.count())))

    def crossing_lines(self) -> set[int]:
        """Header lines on which a heading spans the frozen edge (收入 over 项目, 行次 and 决算数): no edge there."""
        crossing = [n for n in self.nodes if n.first < self.frozen_count <= n.last]
        return {line for n in crossing for line in range(n.top, n.bottom + 1)}

    def _paint_edge(self, painter: QPainter, tops: list[int]) -> None:
        """The frozen edge down the header lines that no spanning heading crosses."""
        edge = self.frozen_edge()
        crossing = self.crossing_lines()
        for line in range(len(tops) - 1):
            if line not in crossing:
                painter.fillRect(edge - EDGE_WIDTH, tops[line], EDGE_WIDTH, tops[line + 1] - tops[line], EDGE_COLOUR)
        bottom = tops[-1]
        if self.viewport().height() > bottom:
            painter.fillRect(edge - EDGE_WIDTH, bottom, EDGE_WIDTH, self.viewport().height() - bottom, EDGE_COLOUR)
