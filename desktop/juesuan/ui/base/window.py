"""The main window as its controllers see it, so that the file, Excel and review controllers need not import it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenuBar, QStatusBar, QTabWidget

from .qt_document import QtProjectDocument


class WindowHost(Protocol):
    """What a controller may use of the window it serves (shell.main_window.MainWindow provides it). The rooms reach
    each other only through these attributes, never by importing one another."""

    document: QtProjectDocument
    #: every dialog (shell.prompts.Prompts), or a test's scripted answers
    prompts: Any
    settings: QSettings
    tabs: QTabWidget
    #: table id → tables.page.TablePage
    pages: dict[str, Any]
    #: issues.panel.IssuesPanel
    issues: Any
    #: files.actions.FileController
    files: Any
    #: review.controller.ReviewController (absent while the window is being built)
    review: Any

    def status(self, text: str) -> None: ...

    def open_for_review(self, path: str | Path | None = None, ask_to_save: bool = True) -> bool: ...

    def _update_title(self) -> None: ...

    # the QMainWindow parts the controllers extend: menus, status bar, docks, named actions
    def menuBar(self) -> QMenuBar: ...

    def statusBar(self) -> QStatusBar: ...

    def findChild(self, kind: Any, name: str = "") -> Any: ...

    def addDockWidget(self, *args: Any) -> None: ...

    def tabifyDockWidget(self, first: Any, second: Any) -> None: ...
