"""Small review dialogs: a text (批注, 备注, 退回理由) and a refusal that lists what blocks it, with jump-to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ...findings import Cell
from ...review.model import TEXT_LIMIT

CellRole = Qt.UserRole + 1


class TextDialog(QDialog):
    """A multi-line text with a prompt; OK needs text when `required`."""

    def __init__(self, title: str, prompt: str, required: bool, parent: QWidget | None = None, ok_text: str = "确定",
                 initial: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("review-text-dialog")
        self.setWindowTitle(title)
        self.required = required
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.text = QPlainTextEdit(initial, self)
        self.text.setObjectName("review-text")
        self.text.setTabChangesFocus(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("QLabel { color: #b71c1c; }")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._check)
        self._check()
        self.resize(520, 300)

    def _check(self) -> None:
        text = self.text.toPlainText().strip()
        problem = ""
        if self.required and not text:
            problem = "请填写内容"
        elif len(text) > TEXT_LIMIT:
            problem = f"内容过长（{len(text)} 字），最多 {TEXT_LIMIT} 字"
        self.problem.setText(problem if text or not self.required else "")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not problem)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.Ok).isEnabled():
            super().accept()

    def answer(self) -> str:
        return self.text.toPlainText().strip()


class RefusedDialog(QDialog):
    """Why an action was refused, with every blocking item; double-click (or 定位) jumps to its cell."""

    def __init__(self, title: str, text: str, items: list[tuple[str, Cell | None]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-refused")
        self.setWindowTitle(title)
        self.chosen: Cell | None = None
        head = QLabel(text.split("\n", 1)[0], self)
        head.setObjectName("refused-text")
        head.setWordWrap(True)
        head.setStyleSheet("QLabel { color: #b71c1c; font-weight: bold; }")
        self.list = QListWidget(self)
        self.list.setObjectName("refused-list")
        self.list.setWordWrap(True)
        for text_item, cell in items:
            item = QListWidgetItem(text_item)
            item.setData(CellRole, cell)
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(self._jump)
        hint = QLabel("双击一项可定位到该单元格。", self)
        self.buttons = QDialogButtonBox(self)
        self.jump = self.buttons.addButton("定位", QDialogButtonBox.ActionRole)
        close = self.buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        close.clicked.connect(self.reject)
        self.jump.clicked.connect(lambda: self._jump(self.list.currentItem()))
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.resize(680, 380)

    def items(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _jump(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen = item.data(CellRole)
        self.accept()
