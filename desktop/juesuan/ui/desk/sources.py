"""The list of files and folders a desk dialog works on, with 添加文件… / 添加文件夹… / 移除 buttons."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget


class SourceList(QWidget):
    """Paths chosen through the window's prompts; folders are searched (with subfolders) when the work starts."""

    changed = Signal()

    def __init__(self, prompts: Any, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.title = title
        self.list = QListWidget(self)
        self.list.setObjectName("desk-sources")
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.add_files_button = QPushButton("添加文件…", self)
        self.add_files_button.setObjectName("desk-add-files")
        self.add_folder_button = QPushButton("添加文件夹…", self)
        self.add_folder_button.setObjectName("desk-add-folder")
        self.remove_button = QPushButton("移除", self)
        self.remove_button.setObjectName("desk-remove")
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def paths(self) -> list[Path]:
        return [Path(self.list.item(i).text()) for i in range(self.list.count())]

    def add(self, paths: list[str]) -> None:
        have = {os.path.normcase(str(p)) for p in self.paths()}
        for path in paths:
            if path and os.path.normcase(path) not in have:
                self.list.addItem(path)
                have.add(os.path.normcase(path))
        self.changed.emit()

    def _folder(self) -> str:
        paths = self.paths()
        return str(paths[-1].parent if paths and not paths[-1].is_dir() else paths[-1]) if paths else ""

    def add_files(self) -> None:
        self.add(self.prompts.desk_files(self.window(), f"{self.title}：添加文件", self._folder()))

    def add_folder(self) -> None:
        chosen = self.prompts.desk_folder(self.window(), f"{self.title}：添加文件夹", self._folder())
        if chosen:
            self.add([chosen])

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.list, self.add_files_button, self.add_folder_button, self.remove_button):
            widget.setEnabled(enabled)
