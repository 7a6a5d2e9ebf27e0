"""What makes the window work on a laptop screen, installed into the built window in one call: short tab labels,
table switching keys, undo selecting its cells, find (Ctrl+F), help (F1), the collapsible issues dock whose height
is remembered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from .find import install_find
from .help import HelpController
from .navigation import install_navigation, label_tabs

DOCK_HEIGHT = "window/issues-height"
DOCK_COLLAPSED = "window/issues-collapsed"


def _menu(window: Any, prefix: str) -> Any:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().startswith(prefix):
            return action.menu()
    return window.menuBar().addMenu(prefix)


def install_workspace(window: Any) -> None:
    """Called once at the end of MainWindow.__init__ (after the other controllers added their menus)."""
    label_tabs(window)
    window.document.projectReset.connect(lambda: label_tabs(window))
    window.tabs.setUsesScrollButtons(True)
    window.tabs.setElideMode(Qt.ElideNone)
    view_menu = _menu(window, "视图")
    view_menu.addSeparator()
    install_navigation(window, view_menu)
    collapse = QAction("折叠审核结果面板", window)
    collapse.setObjectName("action-collapse-issues")
    collapse.setCheckable(True)
    collapse.setShortcut(QKeySequence("F12"))
    collapse.setShortcutContext(Qt.WindowShortcut)
    collapse.toggled.connect(lambda on: _collapse(window, on))
    view_menu.addAction(collapse)
    window.issues.collapse_button.clicked.connect(lambda _=False: collapse.setChecked(window.issues.collapsed))
    window.find_bar = install_find(window, _menu(window, "编辑"))
    window.help = HelpController(window)
    window.help.install(window.menuBar().addMenu("帮助(&H)"))
    window.issues.open_height = int(window.settings.value(DOCK_HEIGHT, 0) or 0)
    if str(window.settings.value(DOCK_COLLAPSED, "false")).lower() == "true":
        collapse.setChecked(True)


def _collapse(window: Any, collapsed: bool) -> None:
    window.issues.set_collapsed(collapsed)
    window.settings.setValue(DOCK_COLLAPSED, collapsed)


def first_dock_height(window: Any) -> int:
    """The issues dock as first shown: the height remembered from last time, else a fifth of the window."""
    issues = window.issues
    if issues.collapsed:
        return issues.collapsed_height()
    remembered = issues.open_height
    if remembered >= issues.minimum_open_height():
        return min(remembered, window.height() // 2)
    return max(window.fontMetrics().height() * 5, window.height() // 5)


def remember_dock(window: Any) -> None:
    """At close: the open panel's height for next time."""
    if window.issues.open_height:
        window.settings.setValue(DOCK_HEIGHT, window.issues.open_height)
    window.settings.setValue(DOCK_COLLAPSED, window.issues.collapsed)
