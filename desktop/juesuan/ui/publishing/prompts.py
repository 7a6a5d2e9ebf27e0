"""The question 导出决算公开文档… asks, as a method of the window's replaceable `Prompts` object."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

DOCX_FILTER = "Word 文档 (*.docx);;所有文件 (*)"


class PublishingPrompts:
    """Mixed into `Prompts`."""

    def publish_path(self, parent: QWidget | None, suggested: str) -> str | None:
        """Where to write the 决算公开 document (.docx appended when missing)."""
        path, _ = QFileDialog.getSaveFileName(parent, "导出决算公开文档", suggested, DOCX_FILTER)
        if path and not path.lower().endswith(".docx"):
            path += ".docx"
        return path or None
