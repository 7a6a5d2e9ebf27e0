"""比较文件: the current project beside another version — every changed value, added/removed row and changed comment,
with jump-to and an export of the list to .xlsx."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

if TYPE_CHECKING:  # openpyxl comes with it: loaded when a comparison is first made
    from ...review.diff_export import DiffRow


RowRole = Qt.UserRole + 1
HEADERS = ("类别", "位置", "比较文件中", "当前文件中")


class CompareDock(QDockWidget):
    """Shows `DiffRow`s; double-click (or 定位) asks the window to show the row's cell."""

    #: a DiffRow to show in the window
    jumpRequested = Signal(object)
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("比较结果", parent)
        self.setObjectName("compare-dock")
        self.rows: list[DiffRow] = []
        self.other_name = ""
        body = QWidget(self)
        self.heading = QLabel(body)
        self.heading.setObjectName("compare-heading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), body)
        self.table.setObjectName("compare-list")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("新增批注") + 24)
        header.resizeSection(1, metrics.horizontalAdvance("中") * 24)
        header.resizeSection(2, metrics.horizontalAdvance("中") * 16)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self.jump = QPushButton("定位", body)
        self.jump.setObjectName("compare-jump")
        self.export = QPushButton("导出 Excel…", body)
        self.export.setObjectName("compare-export")
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.jump)
        bar.addWidget(self.export)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setWidget(body)
        self.table.itemDoubleClicked.connect(lambda item: self._jump(item.row()))
        self.jump.clicked.connect(lambda: self._jump(self.table.currentRow()))
        self.export.clicked.connect(self.exportRequested)
        self.table.currentCellChanged.connect(lambda *_: self._buttons())
        self._buttons()

    def show_rows(self, rows: list[DiffRow], other_name: str, current_name: str) -> None:
        self.rows = list(rows)
        self.other_name = other_name
        labels = ["类别", "位置", f"比较文件中（{other_name}）", f"当前文件中（{current_name}）"]
        self.table.setHorizontalHeaderLabels(labels)
        metrics = self.table.horizontalHeader().fontMetrics()
        self.table.horizontalHeader().resizeSection(2, max(metrics.horizontalAdvance(labels[2]) + 24,
                                                           metrics.horizontalAdvance("中") * 16))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate((row.what, row.where, row.old, row.new)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c >= 2:
                    item.setTextAlignment((Qt.AlignRight if _numeric(text) else Qt.AlignLeft) | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
        self.heading.setText(f"当前文件与 {other_name} 比较：" + (f"共 {len(rows)} 处不同（双击定位）" if rows else "完全相同"))
        if rows:
            self.table.setCurrentCell(0, 0)
        self._buttons()

    def listed(self) -> list[tuple[str, str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(len(HEADERS))) for r in range(self.table.rowCount())]  # type: ignore[misc]

    def _buttons(self) -> None:
        row = self.table.currentRow()
        self.jump.setEnabled(0 <= row < len(self.rows) and self.rows[row].table != "")
        self.export.setEnabled(bool(self.rows) or bool(self.other_name))

    def _jump(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.jumpRequested.emit(self.rows[row])


def _numeric(text: str) -> bool:
    return bool(text) and text.replace(",", "").replace(".", "").lstrip("-").isdigit()
