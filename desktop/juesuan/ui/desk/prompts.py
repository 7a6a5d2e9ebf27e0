"""The questions of the desk — which unit files, which folder, which 调整表 — as methods of the window's replaceable
`Prompts` object (tests swap in answers)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

UNIT_FILTER = "决算项目文件和 Excel 工作簿 (*.juesuan *.xlsx *.xlsm);;决算项目文件 (*.juesuan);;Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"
ADJUST_FILTER = "调整表 (*.xlsx);;所有文件 (*)"


class DeskPrompts:
    """Mixed into `Prompts`: each method runs one file dialog and returns the answer (empty/None: cancelled)."""

    def desk_files(self, parent: QWidget | None, title: str, folder: str) -> list[str]:
        """Several unit files (.juesuan, .xlsx) at once."""
        paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, UNIT_FILTER)
        return list(paths)

    def desk_folder(self, parent: QWidget | None, title: str, folder: str) -> str | None:
        """A folder whose files (and subfolders' files) are all taken."""
        return QFileDialog.getExistingDirectory(parent, title, folder) or None

    def adjust_path(self, parent: QWidget | None, folder: str) -> str | None:
        """The 调整表 workbook to apply."""
        path, _ = QFileDialog.getOpenFileName(parent, "选择调整表", folder, ADJUST_FILTER)
        return path or None
