"""Ctrl+F: find a subject code or a row's name across all nine tables; Enter goes to the next match."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QToolButton

from ..tables.model import KindRole


class FindBar(QToolBar):
    """A bar above the tables: the words, how many matches, previous/next, close. Matches are label cells
    (科目编码, 科目名称, 项目) whose text contains the words, in tab order then row order."""

    def __init__(self, window: Any) -> None:
        super().__init__("查找", window)
        self.setObjectName("find-bar")
        self.setMovable(False)
        self.window_ = window
        self.input = QLineEdit(self)
        self.input.setObjectName("find-input")
        self.input.setPlaceholderText("科目编码或名称，如 2010301 或 行政运行（Enter 下一个）")
        self.input.setClearButtonEnabled(True)
        self.input.setMaximumWidth(self.fontMetrics().horizontalAdvance("中") * 24)
        self.count = QLabel(self)
        self.count.setObjectName("find-count")
        self.addWidget(QLabel("查找：", self))
        self.addWidget(self.input)
        for text, tip, slot in (("上一个", "Shift+Enter", lambda: self.step(-1)), ("下一个", "Enter", lambda: self.step(1))):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, s=slot: s())
            self.addWidget(button)
        self.addWidget(self.count)
        close = QToolButton(self)
        close.setText("关闭")
        close.setToolTip("Esc")
        close.clicked.connect(self.close_bar)
        self.addWidget(close)
        self.matches: list[tuple[str, int, int]] = []
        self.position = -1
        self._words = ""
        self.input.textChanged.connect(lambda _text: self._forget())
        self.input.installEventFilter(self)
        window.document.rowsChanged.connect(lambda _table: self._forget())
        window.document.projectReset.connect(self._forget)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.input.setFocus(Qt.ShortcutFocusReason)
        self.input.selectAll()

    def close_bar(self) -> None:
        self.hide()
        page = self.window_.tabs.currentWidget()
        view = getattr(page, "view", None)
        if view is not None:
            view.setFocus(Qt.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self.step(-1 if key_event.modifiers() & Qt.ShiftModifier else 1)
                return True
            if key_event.key() == Qt.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    def _forget(self) -> None:
        self._words = ""
        self.matches = []
        self.position = -1

    def search(self, words: str) -> list[tuple[str, int, int]]:
        """(table, row, column) of every label cell containing `words` (case-insensitive, blanks ignored)."""
        wanted = "".join(words.split()).casefold()
        found: list[tuple[str, int, int]] = []
        if not wanted:
            return found
        for table, page in self.window_.pages.items():
            model = page.model
            for column in range(model.columnCount()):
                for row in range(model.rowCount()):
                    index = model.index(row, column)
                    if index.data(KindRole) not in ("label", "name"):
                        continue
                    text = "".join(str(index.data(Qt.DisplayRole) or "").split()).casefold()
                    if wanted in text:
                        found.append((table, row, column))
        found.sort(key=lambda m: (list(self.window_.pages).index(m[0]), m[1], m[2]))
        return found

    def step(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) match, selecting its cell in view-表N; False when none."""
        words = self.input.text().strip()
        if words != self._words:
            self._words = words
            self.matches = self.search(words)
            self.position = -1 if direction > 0 else 0
        if not self.matches:
            self.count.setText("没有找到" if words else "")
            return False
        self.position = (self.position + direction) % len(self.matches)
        table, row, column = self.matches[self.position]
        page = self.window_.pages[table]
        self.window_.tabs.setCurrentWidget(page)
        index = page.model.index(row, column)
        page.view.setCurrentIndex(index)
        page.view.scrollTo(index)
        self.count.setText(f"第 {self.position + 1} 个，共 {len(self.matches)} 个（{table}）")
        self.input.setFocus(Qt.OtherFocusReason)  # Enter again goes on to the next one
        return True


def install_find(window: Any, menu: Any) -> FindBar:
    """The bar (hidden) above the tables and 查找… (Ctrl+F) in `menu`."""
    bar = FindBar(window)
    window.addToolBar(Qt.TopToolBarArea, bar)
    action = QAction("查找(&F)…", window)
    action.setObjectName("action-find")
    action.setShortcuts([QKeySequence.Find])
    action.setShortcutContext(Qt.WindowShortcut)
    action.triggered.connect(lambda _checked=False: bar.open_bar())
    menu.addAction(action)
    return bar
