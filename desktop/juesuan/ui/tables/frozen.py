"""Label columns that stay put while a wide table scrolls sideways: an overlay view over the first
columns sharing the model and selection (the Qt “frozen column” pattern)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .delegate import CellDelegate
from .header import EDGE_COLOUR, EDGE_WIDTH, SpanHeader


class FrozenColumns(QTableView):
    """Shows columns [0, count) of `main` on top of it; everything else is hidden."""

    def __init__(self, main: QTableView, count: int) -> None:
        super().__init__(main)
        self.main = main
        self.count = count
        self.setObjectName("frozen-columns")
        self.setModel(main.model())
        self.setSelectionModel(main.selectionModel())
        self.setFocusPolicy(Qt.NoFocus)
        self.verticalHeader().hide()
        header = SpanHeader(self, source=main.horizontalHeader())  # type: ignore[arg-type]
        header.frozen_count = count
        self.setHorizontalHeader(header)
        main.horizontalHeader().sectionResized.connect(lambda *_: header.viewport().update())
        main.horizontalScrollBar().valueChanged.connect(lambda *_: header.viewport().update())
        header.setSectionResizeMode(QHeaderView.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setVerticalScrollMode(main.verticalScrollMode())
        self.setEditTriggers(main.editTriggers())
        self.setSelectionMode(main.selectionMode())
        self.setWordWrap(False)
        # no border-right: a stylesheet border would cut through a heading that spans the frozen edge (收入 of
        # 表1/表4, 人员经费 of 表6); the edge is painted over the rows here and by the header around such headings
        self.setStyleSheet("QTableView#frozen-columns { border: none; }")
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setShowGrid(main.showGrid())
        main.viewport().stackUnder(self)
        main.horizontalHeader().sectionResized.connect(self._main_column_resized)
        main.verticalHeader().sectionResized.connect(lambda row, _old, size: self.setRowHeight(row, size))
        self.verticalScrollBar().valueChanged.connect(main.verticalScrollBar().setValue)
        main.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.doubleClicked.connect(lambda index: self.edit(index))
        self.refresh_columns()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().width() - EDGE_WIDTH, 0, EDGE_WIDTH, self.viewport().height(), EDGE_COLOUR)
        painter.end()

    def set_header_nodes(self, nodes) -> None:  # noqa: ANN001 - list[HeaderNode]
        self.horizontalHeader().set_nodes(nodes)  # type: ignore[attr-defined]

    def refresh_columns(self) -> None:
        model = self.model()
        for c in range(model.columnCount()):
            self.setColumnHidden(c, c >= self.count)
            if c < self.count:
                self.setColumnWidth(c, self.main.columnWidth(c))
        self.verticalHeader().setDefaultSectionSize(self.main.verticalHeader().defaultSectionSize())
        self.update_geometry()

    def _main_column_resized(self, column: int, _old: int, size: int) -> None:
        if column < self.count:
            self.setColumnWidth(column, size)
            self.update_geometry()

    def update_geometry(self) -> None:
        main = self.main
        width = sum(main.columnWidth(c) for c in range(self.count))
        self.setVisible(self.count > 0)
        self.setGeometry(main.verticalHeader().width() + main.frameWidth(), main.frameWidth(),
                         width, main.viewport().height() + main.horizontalHeader().height())
        self.horizontalHeader().setFixedHeight(main.horizontalHeader().height())
        self.raise_()  # above the main header and viewport, which it covers

    def copy_spans(self, spans: list[tuple[int, int, int, int]]) -> None:
        self.clearSpans()
        for row, column, rows, columns in spans:
            if column < self.count:
                self.setSpan(row, column, rows, columns)
