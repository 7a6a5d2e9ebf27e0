"""Cell editors of the 自评 grid: amounts, points and rates checked before they are committed, a combo for choices,
and a comfortable multi-line editor for long texts (Enter inserts a newline, Ctrl+Enter commits)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QStyleOptionViewItem, QWidget

from ...errors import JuesuanError
from ..tables.delegate import CellDelegate
from .layout import CHOICE, LONG_TEXT, NO_CHOICE, NUMERIC, Slot, parse_value
from .model import SlotRole

Index = QModelIndex | QPersistentModelIndex
EDITOR_NAMES = ("cell-editor", "cell-editor-long", "cell-editor-choice")
LONG_LINES = 7


def _slot(index: Index) -> Slot:
    return index.model().slot(index)  # type: ignore[attr-defined]


class SelfEvalDelegate(CellDelegate):
    """One delegate for every slot kind; painting (finding marks, review marks) is the 决算 tables' own."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        slot = _slot(index)
        editor: QWidget
        if slot.kind == LONG_TEXT:
            editor = QPlainTextEdit(parent)
            editor.setObjectName("cell-editor-long")
            editor.setTabChangesFocus(False)
            editor.setPlaceholderText("Enter 换行，Ctrl+Enter 完成，Esc 放弃")
            editor.setStyleSheet("QPlainTextEdit { border: 2px solid #1e6fd9; background: #ffffff; }")
        elif slot.kind == CHOICE:
            editor = QComboBox(parent)
            editor.setObjectName("cell-editor-choice")
            for choice in slot.choices:
                editor.addItem(choice or NO_CHOICE, choice)
        else:
            line = QLineEdit(parent)
            line.setObjectName("cell-editor")
            line.setFrame(False)
            if slot.kind in NUMERIC:
                line.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
                line.setMaxLength(60)
            elif slot.limit:
                line.setMaxLength(slot.limit)
            line.textEdited.connect(lambda _text, e=line: e.setStyleSheet(""))
            editor = line
        editor.setProperty("kind", slot.kind)
        editor.slot = slot  # type: ignore[attr-defined]
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.EditRole)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
            editor.selectAll()  # typing replaces, as in every other cell
        elif isinstance(editor, QComboBox):
            position = editor.findData(value or "")
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QLineEdit):
            if value is None:
                editor.setText("")
            elif index.data(SlotRole) in NUMERIC:
                editor.setText(format(value, "f"))
            else:
                editor.setText(str(value))

    def text_of(self, editor: QWidget) -> str:
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        return editor.text() if isinstance(editor, QLineEdit) else ""

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        slot: Slot | None = getattr(editor, "slot", None)
        if slot is None:
            return
        try:
            value = parse_value(slot, self.text_of(editor))
        except JuesuanError as exc:
            self.rejected.emit(None, f"{exc}，已保留原值")
            return
        old = index.data(Qt.EditRole)
        if slot.group or value != old or (value is None) != (old is None):
            if not (value in ("", None) and old in ("", None)):
                model.setData(index, value, Qt.EditRole)

    def check(self, editor: Any) -> str | None:
        slot: Slot | None = getattr(editor, "slot", None)
        if slot is None:
            return None
        try:
            parse_value(slot, self.text_of(editor))
        except JuesuanError as exc:
            return str(exc)
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and isinstance(obj, (QPlainTextEdit, QComboBox)):
            key, mods = event.key(), event.modifiers()  # type: ignore[attr-defined]
            enter = key in (Qt.Key_Return, Qt.Key_Enter)
            if isinstance(obj, QPlainTextEdit) and enter and not mods & Qt.ControlModifier:
                return False  # a newline in the text
            if enter:
                return self.finish(obj, "up" if mods & Qt.ShiftModifier else "down")  # type: ignore[arg-type]
            if key == Qt.Key_Tab:
                return self.finish(obj, "left" if mods & Qt.ShiftModifier else "right")  # type: ignore[arg-type]
            if key == Qt.Key_Backtab:
                return self.finish(obj, "left")  # type: ignore[arg-type]
        return super().eventFilter(obj, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QPlainTextEdit):
            metrics = editor.fontMetrics()
            rect.setWidth(max(rect.width(), metrics.horizontalAdvance("中") * 28))
            rect.setHeight(max(rect.height(), metrics.lineSpacing() * LONG_LINES + 12))
            area = editor.parentWidget().rect() if editor.parentWidget() else rect
            if rect.bottom() > area.bottom():  # near the bottom edge the editor opens upwards, over the rows above
                rect.moveBottom(area.bottom())
            if rect.right() > area.right():
                rect.moveRight(area.right())
            rect.moveTop(max(rect.top(), area.top()))
            rect.moveLeft(max(rect.left(), area.left()))
        elif isinstance(editor, QComboBox):
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)
