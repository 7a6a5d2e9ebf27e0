"""The 基础数据表 page of the 自评 tab (table id 自评-基础数据): the staff numbers, the layout's amount rows, the 专项
lines (names and amounts, a blank line to add one) and the 厉行节约 text, each typed into and undone through the
document; a bad entry is refused in Chinese; findings marked at their cells."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHeaderView, QLabel, QLineEdit, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget)

from ...errors import JuesuanError
from ...findings import Cell
from ...selfeval.basiclayout import BASIC_STAFF_FIELDS, STAFF_ROW, BasicLayout, basic_layouts
from ...selfeval.checkbase import wan
from ...selfeval.model import BASIC_TABLE, LONG, SHORT, BasicData, BasicLine
from ..base.marks import RANK
from ..base.style import SEVERITY_COLOURS, SEVERITY_PEN_STYLES
from ..base.qt_document import QtProjectDocument
from ..tables.model import SeverityRole
from .commands import SelfEvalEditor
from .layout import AMOUNT, Slot, parse_value
from .values import parse_points, plain

Index = QModelIndex | QPersistentModelIndex
_AMOUNT_SLOT = Slot(AMOUNT)
_READ_ONLY = QBrush(QColor("#f4f6f8"))
_STAFF = tuple(BASIC_STAFF_FIELDS)  # grid columns 1, 2, 3 of the staff line
NEW_LINE = "＋ 新增专项（输入名称）"


@dataclass(frozen=True)
class BasicSlot:
    """One cell of the grid: the finding cell it stands for, the row/column keys of an amount, and what it edits:
    ("amount", row, column), ("staff", field), ("line", index, "name" | column), ("new",) or ("text", key)."""

    cell: Cell | None
    row: str | None = None
    column: str | None = None
    marks: tuple[Cell, ...] = ()
    edit: tuple[Any, ...] | None = None


class BasicModel(QAbstractTableModel):
    """Rows: the staff line, the layout's rows (专项 lines and a blank one under theirs), then the layout's texts;
    columns: 项目 + the layout's columns."""

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
                    self.lines += [("line", n) for n in range(len(data.lines))]
                    self.lines.append(("new", row))
            self.lines += [("text", text) for text in layout.texts]
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
            return BasicSlot(Cell(BASIC_TABLE, payload.label, layout.column_label(key, self._year())), payload.key, key,
                            edit=("amount", payload.key, key))
        if layout is None:
            return BasicSlot(None)
        column = index.column()
        if kind == "staff" and 1 <= column <= len(_STAFF):
            field = _STAFF[column - 1]
            return BasicSlot(Cell(BASIC_TABLE, STAFF_ROW, layout.staff_label(field, self._year())), edit=("staff", field))
        if kind == "line":
            line = self._line(payload)
            special = next((r.label for r in layout.rows if r.lines), "")
            label = "项目" if key is None else layout.column_label(key, self._year())
            return BasicSlot(Cell(BASIC_TABLE, f"{special}：{line.name}" if line else special, label),
                             edit=("line", payload, key or "name"))
        if kind == "new" and column == 0:
            return BasicSlot(None, edit=("new",))
        if kind == "text" and column == 1:
            return BasicSlot(Cell(BASIC_TABLE, payload[1], payload[1]), edit=("text", payload[0]))
        return BasicSlot(None)

    def _line(self, number: int) -> BasicLine | None:
        data = self.data_
        return data.lines[number] if data is not None and 0 <= number < len(data.lines) else None

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
            return STAFF_ROW if index.column() == 0 else (shown[index.column() - 1] if index.column() <= 3 else "")
        if kind == "line":
            line = self._line(payload)
            if line is None:
                return ""
            return f"　　{line.name}" if key is None else wan(line.values[key]) if key in line.values else ""
        if kind == "new":
            return f"　　{NEW_LINE}" if index.column() == 0 else ""
        if kind == "text":
            return payload[1] if index.column() == 0 else data.texts.get(payload[0], "") if index.column() == 1 else ""
        if key is None:
            return payload.label
        value = data.value(payload.key, key)
        return wan(value) if value is not None else ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        slot = self.slot(index)
        if slot.edit is not None and not self.document.read_only_reason:
            return base | Qt.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        slot = self.slot(index)
        if role == Qt.DisplayRole:
            return self._text(index)
        if role == Qt.EditRole:
            return self._edit_text(slot, index)
        if role == Qt.TextAlignmentRole:
            left = index.column() == 0 or self.lines[index.row()][0] == "text"
            return int(Qt.AlignLeft | Qt.AlignVCenter) if left else int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.BackgroundRole and slot.edit is None:
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

    def _edit_text(self, slot: BasicSlot, index: Index) -> str:
        data, edit = self.data_, slot.edit
        if data is None or edit is None:
            return self._text(index)
        if edit[0] == "amount":
            value = data.value(edit[1], edit[2])
            return "" if value is None else format(value, "f")
        if edit[0] == "staff":
            number = getattr(data, edit[1])
            return "" if number is None else format(number, "f") if isinstance(number, Decimal) else str(number)
        if edit[0] == "line":
            line = self._line(edit[1])
            if line is None:
                return ""
            return line.name if edit[2] == "name" else format(line.values[edit[2]], "f") if edit[2] in line.values else ""
        if edit[0] == "text":
            return data.texts.get(edit[1], "")
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.EditRole) -> bool:
        """Parse and apply one typed entry; a bad one raises JuesuanError (Chinese) and changes nothing."""
        edit, data = self.slot(index).edit, self.data_
        if role != Qt.EditRole or edit is None or data is None:
            return False
        text = str(value)
        if edit[0] == "amount":
            return self.editor.set_basic_value(edit[1], edit[2], parse_value(_AMOUNT_SLOT, text)) or True
        if edit[0] == "staff":
            return self.editor.set_basic_staff(edit[1], _staff_value(edit[1], text)) or True
        if edit[0] == "text":
            return self.editor.set_basic_text(edit[1], _clean(text, LONG, keep_lines=True)) or True
        lines = [line.model_copy(deep=True) for line in data.lines]
        if edit[0] == "new":
            name = _clean(text, SHORT)
            if not name:
                return False
            lines.append(BasicLine(name=name))
            return self.editor.set_basic_lines(lines, "新增专项") or True
        number, field = edit[1], edit[2]
        line = lines[number]
        if field == "name":
            name = _clean(text, SHORT)
            if name:
                line.name = name
            elif line.values:
                raise JuesuanError("专项名称不能为空；要删除这一行，请先清空它的金额")
            else:
                del lines[number]
                return self.editor.set_basic_lines(lines, "删除专项") or True
        else:
            amount = parse_value(_AMOUNT_SLOT, text)
            values = {**line.values, field: amount} if amount is not None else \
                {k: v for k, v in line.values.items() if k != field}
            line.values = values
        return self.editor.set_basic_lines(lines) or True


def _staff_value(field: str, text: str) -> int | Decimal | None:
    """A typed 编制数 / 在职人数 (whole persons) or 控制率 (percent, '95.1' or '95.1%'); '' clears it."""
    clean = unicodedata.normalize("NFKC", text).strip()
    if field == "control_rate":
        return parse_points(clean.removesuffix("%").strip(), "控制率（百分数）")
    clean = clean.removesuffix("人").strip()
    if not clean:
        return None
    if not clean.isdigit():
        raise JuesuanError(f"“{clean[:20]}”不是人数：编制数和实际在职人数应为不小于 0 的整数")
    if len(clean) > 7:
        raise JuesuanError(f"人数 {clean[:20]} 过大（最多 1000000）")
    return int(clean)


def _clean(text: str, limit: int, keep_lines: bool = False) -> str:
    clean = text.rstrip() if keep_lines else text.strip()
    if len(clean) > limit:
        raise JuesuanError(f"内容过长（{len(clean)} 字），最多 {limit} 字")
    return clean


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
        self.model.modelReset.connect(self._spans)
        self._spans()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(title)
        box.addWidget(self.view, 1)

    def _spans(self) -> None:
        """A text row (厉行节约保障措施) spans the amount columns."""
        self.view.clearSpans()
        columns = self.model.columnCount()
        for number, (kind, _) in enumerate(self.model.lines):
            if kind == "text" and columns > 2:
                self.view.setSpan(number, 1, 1, columns - 1)

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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The cell, then a border in its worst finding's colour (as on the 决算 tables)."""
        super().paint(painter, option, index)
        severity = index.data(SeverityRole)
        if severity in SEVERITY_COLOURS:
            pen = QPen(SEVERITY_COLOURS[severity])
            pen.setStyle(SEVERITY_PEN_STYLES[severity])
            pen.setWidth(2)
            painter.save()
            painter.setPen(pen)
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        try:
            model.setData(index, editor.text() if hasattr(editor, "text") else "", Qt.EditRole)
        except JuesuanError as exc:
            self.page.message.emit(str(exc))
