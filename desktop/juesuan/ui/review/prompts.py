"""The questions review mode asks, as methods of the window's replaceable `Prompts` object (tests swap in answers)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ...findings import Cell
from ...review.model import Person
from .dialogs import RefusedDialog, TextDialog
from .explanations import ExplanationAnswer, ExplanationDialog, ExplanationInfo
from .user import UserDialog

PROJECT_FILTER = "决算项目文件 (*.juesuan);;所有文件 (*)"
REPORT_FILTERS = {"xlsx": "Excel 工作簿 (*.xlsx)", "pdf": "PDF 文件 (*.pdf)"}


class ReviewPrompts:
    """Mixed into `Prompts`: each method runs one modal dialog and returns the answer (None: cancelled)."""

    def ask_user(self, parent: QWidget, current: Person | None, first_start: bool) -> tuple[str, str] | None:
        dialog = UserDialog(current, first_start, parent)
        return dialog.answer() if dialog.exec() == QDialog.Accepted else None

    def review_text(self, parent: QWidget, title: str, prompt: str, required: bool) -> str | None:
        """A comment, a remark or a reason; '' is a valid answer when not required."""
        dialog = TextDialog(title, prompt, required, parent)
        return dialog.answer() if dialog.exec() == QDialog.Accepted else None

    def explanation(self, parent: QWidget, info: ExplanationInfo) -> ExplanationAnswer | None:
        dialog = ExplanationDialog(info, parent)
        dialog.exec()
        return dialog.answer()

    def refused(self, parent: QWidget, title: str, text: str, items: list[tuple[str, Cell | None]]) -> Cell | None:
        """Show what blocks an action; returns the cell the user chose to jump to."""
        dialog = RefusedDialog(title, text, items, parent)
        dialog.exec()
        return dialog.chosen

    def project_path(self, parent: QWidget, title: str, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, PROJECT_FILTER)
        return path or None

    def export_path(self, parent: QWidget, title: str, suggested: str, kind: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, REPORT_FILTERS[kind])
        if path and not path.lower().endswith("." + kind):
            path += "." + kind
        return path or None
