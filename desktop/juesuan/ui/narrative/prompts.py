"""The 情况说明 room's one question, mixed into the window's replaceable `Prompts` (tests answer it)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

TEXT_FILTER = "情况说明 (*.docx *.txt);;Word 文档 (*.docx);;文本文件 (*.txt);;所有文件 (*)"


class NarrativePrompts:
    """Mixed into `Prompts`."""

    def open_narrative_path(self, parent: QWidget, folder: str) -> str | None:
        """A .txt or .docx 情况说明 to read into the unit's text."""
        path, _ = QFileDialog.getOpenFileName(parent, "打开情况说明", folder, TEXT_FILTER)
        return path or None
