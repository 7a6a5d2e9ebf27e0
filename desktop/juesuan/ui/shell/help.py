"""帮助 menu: the user guide inside the application (F1, bundled, offline) and the list of shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)

from ...datafiles import read_text, resource
from ...errors import DataFileError

#: the bundled copy of docs/user-guide.md (scripts/sync-help copies it; a test checks they match)
GUIDE = ("help", "user-guide.md")

#: (group, keys, what they do), as the window really binds them
SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("文件", "Ctrl+N", "新建项目"),
    ("文件", "Ctrl+O", "打开项目"),
    ("文件", "Ctrl+S", "保存"),
    ("文件", "Ctrl+Shift+S", "另存为"),
    ("文件", "Ctrl+Q", "退出"),
    ("表格", "直接输入", "开始输入（替换原值）"),
    ("表格", "F2", "编辑单元格（保留原值）"),
    ("表格", "Enter / Shift+Enter", "确认并下移 / 上移"),
    ("表格", "Tab / Shift+Tab", "确认并右移 / 左移"),
    ("表格", "Esc", "放弃正在输入的内容"),
    ("表格", "Delete / Backspace", "清除选中单元格"),
    ("表格", "Ctrl+C / Ctrl+V", "复制 / 粘贴（可粘贴 Excel、WPS 的区域）"),
    ("表格", "Ctrl+Z / Ctrl+Y", "撤销 / 重做（并选中改动的单元格）"),
    ("表格", "Ctrl+Insert / Ctrl+Delete", "添加科目 / 删除科目"),
    ("切换", "Ctrl+PgDn / Ctrl+Tab", "下一张表"),
    ("切换", "Ctrl+PgUp / Ctrl+Shift+Tab", "上一张表"),
    ("查找", "Ctrl+F", "查找科目编码或名称（所有表）"),
    ("查找", "Enter / Shift+Enter（查找框中）", "下一个 / 上一个"),
    ("查找", "Esc（查找框中）", "关闭查找"),
    ("审核", "F9", "重新审核全部"),
    ("视图", "F12", "折叠 / 展开审核结果面板"),
    ("帮助", "F1", "使用说明"),
    ("帮助", "Ctrl+F1", "快捷键一览（即本表）"),
)


def guide_text() -> str:
    """The user guide's Markdown from the bundled resource (never from the network or the working folder)."""
    try:
        return read_text(resource(*GUIDE), "使用说明")[1]
    except DataFileError as exc:
        return f"# 使用说明\n\n使用说明文件缺失或无法读取：{exc}"


class GuideDialog(QDialog):
    """The guide rendered from Markdown, with a search box (Enter: next place where the words appear)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help-guide")
        self.setWindowTitle("使用说明")
        self.search = QLineEdit(self)
        self.search.setObjectName("help-search")
        self.search.setPlaceholderText("在使用说明中查找（Enter 查找下一个）")
        self.search.setClearButtonEnabled(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help-browser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # links to other docs are not bundled: nothing leaves the application
        self.browser.setMarkdown(guide_text())
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.search.returnPressed.connect(self.find_next)
        self.resize(760, 560)

    def find_next(self) -> bool:
        """Select the next occurrence of the search words, wrapping round to the top once."""
        words = self.search.text().strip()
        if not words:
            return False
        if self.browser.find(words):
            return True
        cursor = self.browser.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(words)


class ShortcutsDialog(QDialog):
    """快捷键一览: a read-only table of SHORTCUTS."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help-shortcuts")
        self.setWindowTitle("快捷键")
        self.table = QTableWidget(len(SHORTCUTS), 3, self)
        self.table.setObjectName("shortcuts-table")
        self.table.setHorizontalHeaderLabels(["类别", "按键", "作用"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        for row, entry in enumerate(SHORTCUTS):
            for column, text in enumerate(entry):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)


class HelpController:
    """The 帮助 menu of a window; the dialogs are made once and shown again (not modal: the user keeps working)."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.guide: GuideDialog | None = None
        self.shortcuts: ShortcutsDialog | None = None

    def install(self, menu: Any) -> list[QAction]:
        actions = []
        for name, text, keys, slot in (("action-help", "使用说明(&H)", [QKeySequence(QKeySequence.HelpContents), QKeySequence("F1")],
                                        self.show_guide),
                                       ("action-shortcuts", "快捷键(&K)", [QKeySequence("Ctrl+F1")], self.show_shortcuts)):
            action = QAction(text, self.window)
            action.setObjectName(name)
            unique = []
            for key in keys:
                if not key.isEmpty() and key not in unique:
                    unique.append(key)
            action.setShortcuts(unique)
            action.setShortcutContext(Qt.WindowShortcut)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            menu.addAction(action)
            actions.append(action)
        return actions

    def show_guide(self) -> GuideDialog:
        if self.guide is None:
            self.guide = GuideDialog(self.window)
        self._show(self.guide)
        return self.guide

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts is None:
            self.shortcuts = ShortcutsDialog(self.window)
        self._show(self.shortcuts)
        return self.shortcuts

    @staticmethod
    def _show(dialog: QDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
