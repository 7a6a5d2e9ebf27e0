"""Cell editing and painting: amounts checked before they are committed, finding marks drawn as borders."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygon
from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...errors import AmountError
from ...money import parse_amount
from ..base.style import CHANGED_COLOUR, COMMENT_COLOURS, SEVERITY_COLOURS, SEVERITY_PEN_STYLES
from .model import ChangedRole, CommentRole, KindRole, PrimaryRole, SeverityRole, TotalModeRole

#: the corner mark of a total typed by hand
MANUAL_COLOUR = QColor("#b26a00")

Index = QModelIndex | QPersistentModelIndex

#: key → where the cursor goes after the edit is committed
MOVES = {Qt.Key_Return: "down", Qt.Key_Enter: "down", Qt.Key_Tab: "right", Qt.Key_Backtab: "left"}
INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; background: #fff3f3; }"


def editor_text(value: Decimal | None) -> str:
    """What the editor shows: the plain amount, no grouping, two decimals kept as stored."""
    return "" if value is None else format(value, "f")


class CellDelegate(QStyledItemDelegate):
    """Amount editor that refuses what is not an amount, and painter of severity borders."""

    #: (editor or None, Chinese reason) — the input was refused and nothing changed
    rejected = Signal(object, str)
    #: "down" | "right" | "left": an edit was committed with Enter/Tab
    committed = Signal(str)

    #: leading columns this delegate's view never shows (the frozen overlay paints them instead)
    covered_columns = 0

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("cell-editor")
        editor.setFrame(False)
        editor.setProperty("kind", index.data(KindRole))
        if index.data(KindRole) == "value":
            editor.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            editor.setMaxLength(60)
        else:
            editor.setMaxLength(200)
        editor.textEdited.connect(lambda _text, e=editor: e.setStyleSheet(""))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not isinstance(editor, QLineEdit):
            return super().setEditorData(editor, index)
        value = index.data(Qt.EditRole)
        editor.setText(editor_text(value) if index.data(KindRole) == "value" else (value or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, QLineEdit):
            return super().setModelData(editor, model, index)
        if editor.property("kind") == "value":
            try:
                value = parse_amount(editor.text())
            except AmountError as exc:
                self.rejected.emit(None, f"{exc}，已保留原值")
                return
            if value != index.data(Qt.EditRole) or (value is None) != (index.data(Qt.EditRole) is None):
                model.setData(index, value, Qt.EditRole)
            return
        text = editor.text().strip()
        if text and text != index.data(Qt.EditRole):
            model.setData(index, text, Qt.EditRole)

    def check(self, editor: QLineEdit) -> str | None:
        """The reason the editor's text cannot be committed, or None."""
        if editor.property("kind") == "value":
            try:
                parse_amount(editor.text())
            except AmountError as exc:
                return str(exc)
        elif not editor.text().strip():
            return "科目名称不能为空"
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(obj, QLineEdit) and event.type() == QEvent.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in MOVES:
                move = MOVES[key]
                if key == Qt.Key_Tab and event.modifiers() & Qt.ShiftModifier:
                    move = "left"
                elif key in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ShiftModifier:
                    move = "up"
                return self.finish(obj, move)
        return super().eventFilter(obj, event)

    def finish(self, editor: QLineEdit, move: str | None = "down") -> bool:
        """Commit now (not through a queued call) so marks are current before the next key; or refuse."""
        reason = self.check(editor)
        if reason is not None:
            editor.setStyleSheet(INVALID_STYLE)
            self.rejected.emit(editor, reason)
            return True
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.NoHint)
        if move:
            self.committed.emit(move)
        return True

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() < self.covered_columns:
            return
        super().paint(painter, option, index)
        if index.data(TotalModeRole) == "manual":
            paint_manual_mark(painter, option.rect)
        severity = index.data(SeverityRole)
        if severity:
            self._paint_severity(painter, option, index, severity)
        comment, changed = index.data(CommentRole), index.data(ChangedRole)
        if comment or changed:  # on top of the finding border, which must not hide them
            paint_review_marks(painter, option.rect, comment, bool(changed))

    def _paint_severity(self, painter: QPainter, option: QStyleOptionViewItem, index: Index, severity: str) -> None:
        primary = bool(index.data(PrimaryRole))
        pen = QPen(SEVERITY_COLOURS[severity])
        pen.setStyle(SEVERITY_PEN_STYLES[severity])
        pen.setWidth(2 if primary else 1)
        painter.save()
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        inset = 1 if primary else 2
        painter.drawRect(option.rect.adjusted(inset, inset, -inset - 1, -inset - 1))
        painter.restore()


def paint_manual_mark(painter: QPainter, rect) -> None:  # noqa: ANN001 - QRect
    """A total typed by hand: a small filled amber triangle in the bottom-left corner (the figures are italic)."""
    size = max(6, min(9, rect.height() // 2))
    left, bottom = rect.left() + 1, rect.bottom() - 1
    painter.save()
    painter.setPen(QPen(MANUAL_COLOUR, 1))
    painter.setBrush(MANUAL_COLOUR)
    painter.drawPolygon(QPolygon([QPoint(left, bottom - size), QPoint(left, bottom), QPoint(left + size, bottom)]))
    painter.restore()


def paint_review_marks(painter: QPainter, rect, comment: str | None, changed: bool) -> None:  # noqa: ANN001 - QRect
    """A comment is a triangle in the top-right corner (filled purple: open; grey outline: resolved); a cell changed
    since sign-off gets a teal bar down its left edge. Neither is a border, so they never hide a finding mark."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, False)
    if changed:
        painter.fillRect(rect.left() + 1, rect.top() + 1, 4, rect.height() - 2, CHANGED_COLOUR)
    if comment:
        size = max(7, min(10, rect.height() // 2))
        right, top = rect.right(), rect.top()
        triangle = QPolygon([QPoint(right - size, top), QPoint(right, top), QPoint(right, top + size)])
        colour = COMMENT_COLOURS[comment]
        painter.setPen(QPen(colour, 1))
        painter.setBrush(colour if comment == "open" else Qt.NoBrush)
        painter.drawPolygon(triangle)
    painter.restore()
