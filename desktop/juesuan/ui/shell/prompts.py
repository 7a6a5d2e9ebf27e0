"""Every question the window asks the user, in one replaceable object (tests swap in answers)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ...catalog import Catalog
from ..desk.prompts import DeskPrompts
from ..files.prompts import FilePrompts
from ..narrative.prompts import NarrativePrompts
from ..printing.dialogs import PrintingPrompts
from ..publishing.prompts import PublishingPrompts
from ..review.prompts import ReviewPrompts
from ..selfeval.prompts import SelfEvalPrompts

FILE_FILTER = "决算项目文件 (*.juesuan);;所有文件 (*)"


class Prompts(FilePrompts, NarrativePrompts, ReviewPrompts, SelfEvalPrompts, DeskPrompts, PublishingPrompts,
              PrintingPrompts):
    """Modal dialogs with Chinese buttons, one mixin per room (files and Excel, 情况说明, review, 自评, desk, 决算公开,
    printing)."""

    def save_changes(self, parent: QWidget, name: str) -> str:
        """'save' | 'discard' | 'cancel' for unsaved changes before they would be lost."""
        box = QMessageBox(QMessageBox.Warning, "尚未保存", f"“{name}”有尚未保存的修改。\n是否先保存？", parent=parent)
        save = box.addButton("保存", QMessageBox.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.DestructiveRole)
        cancel = box.addButton("取消", QMessageBox.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.setObjectName("save-changes")
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Question, title, text, parent=parent)
        yes = box.addButton("确定", QMessageBox.AcceptRole)
        no = box.addButton("取消", QMessageBox.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def error(self, parent: QWidget, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Critical, title, text, parent=parent)
        box.addButton("确定", QMessageBox.AcceptRole)
        box.exec()

    def notice(self, parent: QWidget, title: str, text: str) -> None:
        """A report that needs no answer: shown without blocking the window."""
        box = QMessageBox(QMessageBox.Information, title, text, parent=parent)
        box.setObjectName("notice")
        box.addButton("确定", QMessageBox.AcceptRole)
        box.open()

    def open_path(self, parent: QWidget, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "打开项目", folder, FILE_FILTER)
        return path or None

    def save_path(self, parent: QWidget, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, "另存为", suggested, FILE_FILTER)
        if path and not path.lower().endswith(".juesuan"):
            path += ".juesuan"
        return path or None

    def pick_subject(self, parent: QWidget, catalog: Catalog, existing: set[str], table: str) -> tuple[str, str] | None:
        from ..tables.subject_picker import SubjectPicker

        dialog = SubjectPicker(catalog, existing, table, parent)
        if dialog.exec() == QDialog.Accepted:
            return dialog.chosen()
        return None
