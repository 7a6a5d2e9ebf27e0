"""The 基础数据表 page of the 自评 tab (table id 自评-基础数据): the layout's amount rows by column, typed into with up to
four decimals and undone through the document; staff and 专项 lines shown as printed; findings marked at their cells."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHeaderView, QLabel, QLineEdit, QStyledItemDelegate, QTableView, QVBoxLayout,
                               QWidget)

from ...errors import JuesuanError
from ...findings import Cell
from ...selfeval.basiclayout import BasicLayout, basic_layouts
from ...selfeval.checkbase import wan
from ...selfeval.model import BASIC_TABLE, BasicData
from ..base.marks import RANK
from ..base.qt_document import QtProjectDocument
from ..tables.model import SeverityRole
from .commands import SelfEvalEditor
from .layout import AMOUNT, Slot, parse_value
from .values import plain

Index = QModelIndex | QPersistentModelIndex
_AMOUNT_SLOT = Slot(AMOUNT)
_READ_ONLY = QBrush(QColor("#f4f6f8"))


@dataclass(frozen=True)
class BasicSlot:
    """One cell of the grid: the finding cell it stands for, and the row/column keys it edits (None: shown only)."""

    cell: Cell | None
    row: str | None = None
    column: str | None = None
    marks: tuple[Cell, ...] = ()


class BasicModel(QAbstractTableModel):
    """Rows: the staff line, then the layout's rows (专项 lines under theirs); columns: 项目 + the layout's columns."""

    def __init__(self, document: QtProjectDocument, editor: SelfEvalEditor, parent: Any = None) -> None:
        super().__init__(parent)
        self.document, self.editor = document, editor
        self.table = BASIC_TABLE
        self.lines: list[tuple[str, Any]] = []  # (kind, payload) per grid row
        self._rebuild()
        document.marksChanged.connect(lambda _cells: self._all_changed())
        document.rowsChanged.connect(self._on_rows)

    @property
    def data_(self) -> BasicData | None:
        return self.document.core.selfeval.basic

    @property
    def layout(self) -> BasicLayout | None:
        data = self.data_
        return basic_layouts().get(data.layout) if data is not None else None

    def _year(self) -> int | None:
        return getattr(self.document.core.project, "year", None)

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.lines = []
        layout, data = self.layout, self.data_
        if layout is not None and data is not None:
            self.lines.append(("staff", None))
            for row in layout.rows:
                self.lines.append(("row", row))
                if row.lines:
                    self.lines += [("line", line) for line in data.lines]
        self.endResetModel()

    def _on_rows(self, table: str) -> None:
        if table == BASIC_TABLE:
            self._rebuild()

    def _all_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        layout = self.layout
        return 0 if parent.isValid() or layout is None else 1 + len(layout.columns)

    def column_key(self, column: int) -> str | None:
        layout = self.layout
        return layout.columns[column - 1][0] if layout is not None and 1 <= column <= len(layout.columns) else None

    def slot(self, index: Index) -> BasicSlot:
        kind, payload = self.lines[index.row()]
        layout, key = self.layout, self.column_key(index.column())
        if kind == "row" and layout is not None:
            if key is None:
                return BasicSlot(Cell(BASIC_TABLE, payload.label, "项目"))
            return BasicSlot(Cell(BASIC_TABLE, payload.label, layout.column_label(key, self._year())), payload.key, key)
        if kind == "staff" and layout is not None:
            labels = dict(layout.staff)
            marks = (Cell(BASIC_TABLE, "财政供养人员情况", labels.get("control_rate", "控制率")),)
            return BasicSlot(None, marks=marks)
        return BasicSlot(None)

    def index_of(self, cell: Cell) -> QModelIndex:
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                slot = self.slot(self.index(row, column))
                if slot.cell == cell or cell in slot.marks:
                    return self.index(row, column)
        return QModelIndex()

    def _text(self, index: Index) -> str:
        kind, payload = self.lines[index.row()]
        data, layout, key = self.data_, self.layout, self.column_key(index.column())
        if data is None or layout is None:
            return ""
        if kind == "staff":
            labels = dict(layout.staff)
            parts = [(labels.get("authorized", "编制数"), data.authorized, "人"),
                     (labels.get("staff", "实际在职人数").format(year=self._year() or "本", last=""), data.staff, "人"),
                     (labels.get("control_rate", "控制率"), data.control_rate, "%")]
            shown = [f"{name} {plain(Decimal(v)) if v is not None else '—'}{unit if v is not None else ''}"
                     for name, v, unit in parts]
            return "财政供养人员情况" if index.column() == 0 else (shown[index.column() - 1] if index.column() <= 3 else "")
        if kind == "line":
            return f"　　{payload.name}" if key is None else wan(payload.values.get(key)) if payload.values.get(key) is not None else ""
        if key is None:
            return payload.label
        value = data.value(payload.key, key)
        return wan(value) if value is not None else ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        slot = self.slot(index)
        if slot.row is not None and not self.document.read_only_reason:
            return base | Qt.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        slot = self.slot(index)
        if role == Qt.DisplayRole:
            return self._text(index)
        if role == Qt.EditRole:
            data = self.data_
            if slot.row is None or data is None:
                return self._text(index)
            value = data.value(slot.row, slot.column or "")
            return "" if value is None else format(value, "f")
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignRight | Qt.AlignVCenter) if index.column() > 0 else int(Qt.AlignLeft | Qt.AlignVCenter)
        if role == Qt.BackgroundRole and slot.row is None:
            return _READ_ONLY
        if role in (SeverityRole, Qt.ToolTipRole):
            cells = ((slot.cell,) if slot.cell is not None else ()) + slot.marks
            found = [f for c in cells for f in self.document.marks.at(c)]
            if role == Qt.ToolTipRole:
                return "\n".join(f.message for f in found) or None
            return min((f.severity for f in found), key=lambda s: RANK.get(s, 9)) if found else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role != Qt.DisplayRole or orientation != Qt.Horizontal:
            return None
        key = self.column_key(section)
        layout = self.layout
        return "项目" if key is None or layout is None else layout.column_label(key, self._year())

    def setData(self, index: Index, value: Any, role: int = Qt.EditRole) -> bool:
        slot = self.slot(index)
        if role != Qt.EditRole or slot.row is None or slot.column is None:
            return False
        amount = parse_value(_AMOUNT_SLOT, str(value))  # JuesuanError (Chinese) for a bad amount
        self.editor.set_basic_value(slot.row, slot.column, amount)
        return True


class BasicPage(QWidget):
    """`table` is 自评-基础数据; `view` is named `selfeval-基础数据`; `select_cell` shows a finding's cell."""

    message = Signal(str)

    def __init__(self, document: QtProjectDocument, editor: SelfEvalEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-自评-基础数据")
        self.table = BASIC_TABLE
        self.model = BasicModel(document, editor, self)
        layout = self.model.layout
        title = QLabel((layout.title if layout else "基础数据表") + "（金额单位：万元，最多 4 位小数）", self)
        title.setObjectName("basic-title")
        self.view = QTableView(self)
        self.view.setObjectName("selfeval-基础数据")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.DoubleClicked)
        self.view.setItemDelegate(_RefusingDelegate(self))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(title)
        box.addWidget(self.view, 1)

    def select_cell(self, cell: Cell) -> bool:
        index = self.model.index_of(cell)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()
        return True


class _RefusingDelegate(QStyledItemDelegate):
    """A bad amount is refused with its Chinese reason on the page's message signal; nothing changes."""

    def __init__(self, page: BasicPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, obj: Any, event: QEvent) -> bool:
        """Enter/Tab commit at once (Qt queues it), so the mark or the refusal is there before the next key."""
        if isinstance(obj, QLineEdit) and event.type() == QEvent.KeyPress and \
                event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Tab):  # type: ignore[attr-defined]
            self.commitData.emit(obj)
            self.closeEditor.emit(obj, QAbstractItemDelegate.NoHint)
            return True
        return super().eventFilter(obj, event)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        try:
            model.setData(index, editor.text() if hasattr(editor, "text") else "", Qt.EditRole)
        except JuesuanError as exc:
            self.page.message.emit(str(exc))
