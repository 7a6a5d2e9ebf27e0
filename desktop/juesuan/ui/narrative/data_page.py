"""The 情况说明数据 tab: what the narrative needs beyond 表1–表9 (上年决算数, 年初预算数, figures, counts) and the
主要原因 per section, each edit one undo step through the document."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...errors import JuesuanError
from ...findings import Cell
from ...money import AmountError, format_amount, parse_amount
from ...narrative.data import REASON_COLUMN, DataField, ReasonField, data_fields, data_value, reason_fields
from ...narrative.quantities import DATA
from ..base.qt_document import QtProjectDocument
from ..base.style import LABEL_BACKGROUND
from .commands import SetNarrativeData, SetReason

VALUE_COLUMN = 2
CellRole = Qt.UserRole + 1


class NarrativeDataPage(QWidget):
    """`page-情况说明数据`: two grids, 数据 (分组, 项目, 数值) and 主要原因 (章节, 原因)."""

    message = Signal(str)

    def __init__(self, document: QtProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-情况说明数据")
        self.document = document
        self.fields: list[DataField] = []
        self.reasons: list[ReasonField] = []
        self._rows: dict[Cell, int] = {}
        self._filling = False

        self.grid = QTableWidget(0, 3, self)
        self.grid.setObjectName("narrative-data")
        self.grid.setHorizontalHeaderLabels(["分组", "项目", "数值（万元 / 个数）"])
        self.reason_grid = QTableWidget(0, 2, self)
        self.reason_grid.setObjectName("narrative-reasons")
        self.reason_grid.setHorizontalHeaderLabels(["章节", "主要原因（写入生成的情况说明）"])
        for grid in (self.grid, self.reason_grid):
            grid.verticalHeader().hide()
            grid.setSelectionMode(QAbstractItemView.SingleSelection)
            grid.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                 | QAbstractItemView.AnyKeyPressed)
            grid.horizontalHeader().setStretchLastSection(True)
            grid.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        metrics = self.fontMetrics()
        self.grid.horizontalHeader().resizeSection(0, metrics.horizontalAdvance("上年决算数") + 24)
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.grid.horizontalHeader().setStretchLastSection(False)
        self.grid.horizontalHeader().resizeSection(VALUE_COLUMN, metrics.horizontalAdvance("0") * 14 + 24)
        self.reason_grid.horizontalHeader().resizeSection(0, metrics.horizontalAdvance("中") * 14)

        hint = QLabel("表1–表9 已有的数字直接读取，不必重复填写；这里只填情况说明另外需要的数据。金额单位：万元。", self)
        hint.setWordWrap(True)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.reason_grid)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(hint)
        layout.addWidget(self.splitter, 1)

        self.grid.itemChanged.connect(self._value_edited)
        self.reason_grid.itemChanged.connect(self._reason_edited)
        document.cellsChanged.connect(self._cells_changed)
        document.rowsChanged.connect(lambda table: self.reload() if table == "表5" else None)
        document.projectReset.connect(self.reload)
        document.readOnlyChanged.connect(lambda _ro: self._apply_read_only())
        self._stale = True
        self.reload()

    # filling -------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.isVisible():  # filled when first shown: opening a big project does not wait for a hidden grid
            self._stale = True
            return
        self._fill()

    def _fill(self) -> None:
        self._stale = False
        project = self.document.project
        self.fields = data_fields(project)
        self.reasons = reason_fields(project)
        self._filling = True
        try:
            self.grid.setRowCount(len(self.fields))
            self._rows = {}
            for row, field in enumerate(self.fields):
                self._rows[field.cell] = row
                for column, text in ((0, field.group), (1, field.label)):
                    item = QTableWidgetItem(text)
                    item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                    item.setBackground(LABEL_BACKGROUND)
                    item.setToolTip(text)
                    self.grid.setItem(row, column, item)
                item = QTableWidgetItem(self._shown(field))
                item.setData(CellRole, field.cell)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.grid.setItem(row, VALUE_COLUMN, item)
            self.reason_grid.setRowCount(len(self.reasons))
            for row, reason in enumerate(self.reasons):
                label = QTableWidgetItem(reason.label)
                label.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
                label.setBackground(LABEL_BACKGROUND)
                label.setToolTip(reason.label)
                self.reason_grid.setItem(row, 0, label)
                text = project.narrative.reasons.get(reason.key, "")
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.reason_grid.setItem(row, 1, item)
        finally:
            self._filling = False
        self._apply_read_only()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self.reload()
        super().showEvent(event)

    def _fresh(self) -> None:
        """Fill the grids now if the page was never shown since the project changed (for callers off screen)."""
        if self._stale:
            self._fill()

    def _shown(self, field: DataField) -> str:
        value = data_value(self.document.project, field.cell)
        if value is None:
            return ""
        return str(int(value)) if field.is_count else format_amount(value)

    def _cells_changed(self, cells: tuple[Cell, ...]) -> None:
        if self._stale:  # filled from the project when shown
            return
        if any(cell.table.endswith("表5") for cell in cells):  # a 表5 决算数 or 年初预算数: its 主要原因 row may come or go
            if [r.key for r in reason_fields(self.document.project)] != [r.key for r in self.reasons]:
                self.reload()
                return
        self._filling = True
        try:
            for cell in cells:
                if cell.table == DATA and cell.column == REASON_COLUMN:
                    row = next((i for i, r in enumerate(self.reasons) if r.key == cell.row), None)
                    if row is not None:
                        self.reason_grid.item(row, 1).setText(self.document.project.narrative.reasons.get(cell.row, ""))
                    continue
                row = self._rows.get(cell)
                if row is not None:
                    self.grid.item(row, VALUE_COLUMN).setText(self._shown(self.fields[row]))
        finally:
            self._filling = False

    def _apply_read_only(self) -> None:
        editable = not self.document.read_only_reason
        triggers = (QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.AnyKeyPressed)
        for grid in (self.grid, self.reason_grid):
            grid.setEditTriggers(triggers if editable else QAbstractItemView.NoEditTriggers)

    # edits ---------------------------------------------------------------------------------
    def set_value(self, cell: Cell, text: str) -> bool:
        """Parse and store one field as one undo step; a bad entry keeps the old value and says why."""
        self._fresh()
        field = self.fields[self._rows[cell]]
        old = data_value(self.document.project, cell)
        try:
            self.document._writable()  # noqa: SLF001 - the document's read-only guard
            value = parse_amount(text, places=0 if field.is_count else 2)
            if value == old and (value is None) == (old is None):
                self._cells_changed((cell,))
                return False
            self.document.core.set_narrative_data(cell, value)
        except (AmountError, JuesuanError) as exc:
            whole = "（个数应为整数）" if field.is_count and isinstance(exc, AmountError) else ""
            self.message.emit(f"{field.label}：{exc}{whole}，已保留原值")
            self._cells_changed((cell,))
            return False
        self.document.undo_stack.push(SetNarrativeData(self.document, cell, old, value, field.label))
        self._cells_changed((cell,))
        return True

    def set_reason(self, key: str, text: str) -> bool:
        self._fresh()
        reason = next(r for r in self.reasons if r.key == key)
        old = self.document.project.narrative.reasons.get(key, "")
        try:
            self.document._writable()  # noqa: SLF001
        except JuesuanError as exc:
            self.message.emit(str(exc))
            self._cells_changed((Cell(DATA, key, REASON_COLUMN),))
            return False
        if text.strip() == old:
            return False
        try:
            self.document.core.set_narrative_reason(key, text)
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return False
        new = self.document.project.narrative.reasons.get(key, "")
        self.document.undo_stack.push(SetReason(self.document, key, old, new, reason.label))
        return True

    def _value_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != VALUE_COLUMN:
            return
        self.set_value(item.data(CellRole), item.text())

    def _reason_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 1:
            return
        self.set_reason(self.reasons[item.row()].key, item.text())

    def field_row(self, cell: Cell) -> int:
        self._fresh()
        return self._rows[cell]

    def value_text(self, cell: Cell) -> str:
        self._fresh()
        return self.grid.item(self._rows[cell], VALUE_COLUMN).text()
