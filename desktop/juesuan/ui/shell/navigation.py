"""Moving around the window from the keyboard: short tab labels, Ctrl+PgUp/PgDn and Ctrl+Tab between tables, and
undo/redo selecting the cells they changed (so the user sees what came back)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence

from ...findings import Cell

SELFEVAL_LABEL = "自评"
SELFEVAL_TIP = "绩效自评表：部门（单位）整体支出绩效自评表和各项目支出绩效自评表"


def label_tabs(window: Any) -> None:
    """Short labels (表1 收支总表) that fit a laptop's tab bar; the printed title is the tooltip."""
    tabs = window.tabs
    year = window.document.project.year
    for table, page in window.pages.items():
        index = tabs.indexOf(page)
        if index >= 0:
            tabs.setTabText(index, page.template.tab_label)
            tabs.setTabToolTip(index, page.template.printed_title(year))
    index = tabs.indexOf(window.selfeval)
    if index >= 0:
        tabs.setTabText(index, SELFEVAL_LABEL)
        tabs.setTabToolTip(index, SELFEVAL_TIP)


def switch_table(window: Any, step: int) -> None:
    """The next (step 1) or previous (-1) tab, wrapping round; the new table's grid gets the keyboard."""
    tabs = window.tabs
    count = tabs.count()
    if count == 0:
        return
    tabs.setCurrentIndex((tabs.currentIndex() + step) % count)
    page = tabs.currentWidget()
    view = getattr(page, "view", None)
    if view is not None:
        view.setFocus(Qt.TabFocusReason)


def install_navigation(window: Any, menu: Any) -> list[QAction]:
    """下一张表 / 上一张表 in `menu` with Ctrl+PgDn, Ctrl+Tab / Ctrl+PgUp, Ctrl+Shift+Tab, window-wide."""
    actions = []
    for name, text, step, keys in (
            ("action-next-table", "下一张表", 1, ("Ctrl+PgDown", "Ctrl+Tab")),
            ("action-previous-table", "上一张表", -1, ("Ctrl+PgUp", "Ctrl+Shift+Tab", "Ctrl+Backtab"))):
        action = QAction(text, window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.WindowShortcut)
        action.triggered.connect(lambda _checked=False, s=step: switch_table(window, s))
        menu.addAction(action)
        window.addAction(action)
        actions.append(action)
    window.undo_stack.indexChanged.connect(_SelectUndone(window))
    return actions


class _SelectUndone:
    """After an undo or a redo, select the cells that command changed (on its table's tab)."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.index = window.undo_stack.index()

    def __call__(self, index: int) -> None:
        stack = self.window.undo_stack
        if not shiboken6.isValid(stack) or not shiboken6.isValid(self.window):
            return  # the window is being destroyed (the stack clears itself on the way)
        before, self.index = self.index, index
        if index == before - 1:
            command = stack.command(index)  # the command just undone
        elif index == before + 1:
            command = stack.command(index - 1)  # the command just done or redone
        else:
            return
        if command is None or (index == before + 1 and getattr(command, "pushed", False)):
            return  # a new edit: the user is where the edit was made
        select_cells(self.window, list(getattr(command, "cells", ()) or ()))


def select_cells(window: Any, cells: list[Cell]) -> bool:
    """Show the first cell's table and select its cells there (cells elsewhere are not selectable at once)."""
    cells = [c for c in cells if c.table in window.pages]
    if not cells:
        return False
    table = cells[0].table
    page = window.pages[table]
    model = page.model
    indexes = [model.index_of(c) for c in cells if c.table == table]
    indexes = [i for i in indexes if i.isValid()]
    if not indexes:
        window.tabs.setCurrentWidget(page)
        return False
    window.tabs.setCurrentWidget(page)
    view = page.view
    selection = QItemSelection()
    for index in indexes:
        selection.select(index, index)
    view.selectionModel().setCurrentIndex(indexes[0], QItemSelectionModel.NoUpdate)
    view.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)
    view.scrollTo(indexes[0])
    return True
