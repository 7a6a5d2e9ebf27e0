"""The 决算公开 page: the unit's own texts of the published document (第一部分, 第四部分, date, contact)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from ...errors import JuesuanError
from ...publishing.model import FIELD_LABELS
from ..base.qt_document import QtProjectDocument
from .commands import PublicationEditor

#: (field, hint shown while empty, lines of text the box shows)
BLOCKS = (
    ("functions", "第一部分 一、部门主要职能：按“三定”方案概括本部门的主要职能，每段一行。", 6),
    ("composition", "第一部分 二、部门决算单位构成：纳入本部门决算编制范围的单位，每段一行。", 4),
    ("key_work", "第四部分 重点工作完成情况：本年度重点工作及其完成情况，每段一行。", 8),
)
LINES = (
    ("publish_date", "封面日期，例如 2023年9月（空着则用生成当天的日期）"),
    ("contact", "第五部分末尾的决算公开咨询电话，例如 027-12345678"),
)


class PublicationPage(QWidget):
    """Each box writes through the document as the user types (one undo step per field visit)."""

    #: 导出决算公开文档… pressed on the page
    publishRequested = Signal()
    #: a refused edit (too long, read-only): the Chinese reason
    message = Signal(str)

    def __init__(self, document: QtProjectDocument, editor: PublicationEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-决算公开")
        self.document = document
        self.editor = editor
        self.fields: dict[str, QPlainTextEdit | QLineEdit] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        body.setMaximumWidth(1100)
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        intro = QLabel("这里填写决算公开 Word 文档中本单位自己的文字（文件 → 导出决算公开文档…）。其余部分由决算表、"
                       "情况说明、名词解释和绩效自评表自动生成；空着的部分在文档中以红字标明“尚未填写”。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        for name, hint, lines in BLOCKS:
            box = QPlainTextEdit(body)
            box.setPlaceholderText(hint)
            box.setUndoRedoEnabled(False)  # Ctrl+Z goes to the window's undo stack, which holds these edits
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)  # the page scrolls, the boxes do not grow
            box.textChanged.connect(lambda n=name: self._edited(n))
            self._add(form, name, box)
        for name, hint in LINES:
            line = QLineEdit(body)
            line.setPlaceholderText(hint)
            line.textEdited.connect(lambda _text, n=name: self._edited(n))
            self._add(form, name, line)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.publish_button = QPushButton("导出决算公开文档…", body)
        self.publish_button.setObjectName("publish-button")
        self.publish_button.clicked.connect(self.publishRequested)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        layout.addStretch(1)
        editor.changed.connect(self._show)
        document.projectReset.connect(self.reload)
        document.readOnlyChanged.connect(lambda _ro: self._read_only())
        self.reload()

    def _add(self, form: QFormLayout, name: str, widget: QPlainTextEdit | QLineEdit) -> None:
        widget.setObjectName(f"publication-{name}")
        widget.installEventFilter(self)
        label = QLabel(FIELD_LABELS[name] + "：")
        label.setBuddy(widget)
        form.addRow(label, widget)
        self.fields[name] = widget

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self.fields.values():
            if event.type() == QEvent.FocusOut:
                self.editor.seal()
            elif event.type() == QEvent.ShortcutOverride and _is_undo_key(event):
                event.ignore()  # not the box's own undo: the window's 撤销/重做, which holds these edits
                return True
        return super().eventFilter(watched, event)

    def text(self, name: str) -> str:
        widget = self.fields[name]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def _edited(self, name: str) -> None:
        text = self.text(name)
        try:
            self.editor.set(name, text, f"修改{FIELD_LABELS[name]}")
        except JuesuanError as exc:
            self.message.emit(str(exc))
            self._show(name)  # the box shows what the project holds

    def _show(self, name: str) -> None:
        widget = self.fields.get(name)
        value = self.editor.value(name)
        if widget is None or self.text(name) == value:
            return
        widget.blockSignals(True)
        try:
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
                widget.moveCursor(widget.textCursor().MoveOperation.End)
            else:
                widget.setText(value)
        finally:
            widget.blockSignals(False)

    def reload(self) -> None:
        for name in self.fields:
            self._show(name)
        self._read_only()

    def _read_only(self) -> None:
        for widget in self.fields.values():
            widget.setReadOnly(bool(self.document.read_only_reason))


def _is_undo_key(event: QEvent) -> bool:
    """Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z: the window's 撤销/重做 shortcuts."""
    if not isinstance(event, QKeyEvent):
        return False
    return (event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)
            or (event.key() == Qt.Key_Y and event.modifiers() == Qt.ControlModifier))
