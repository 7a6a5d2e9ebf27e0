"""The questions the 自评 pages ask, as methods of the window's replaceable `Prompts` object (tests swap in answers)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QWidget

from ...selfeval.schemes import Scheme
from .scheme_dialog import SchemeWeightsDialog


class SelfEvalPrompts:
    """Mixed into `Prompts`: each method runs one modal dialog and returns the answer (None: cancelled)."""

    def selfeval_name(self, parent: QWidget, title: str, label: str, text: str) -> str | None:
        """A 项目名称 for a new, copied or renamed 项目自评表."""
        dialog = QInputDialog(parent)
        dialog.setObjectName("selfeval-name-dialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setTextEchoMode(QLineEdit.Normal)
        dialog.setOkButtonText("确定")
        dialog.setCancelButtonText("取消")
        return dialog.textValue().strip() if dialog.exec() == QDialog.Accepted else None

    def selfeval_scheme_copy(self, parent: QWidget, scheme: Scheme, taken: set[str], can_save: bool) -> tuple[Scheme, bool] | None:
        """复制并修改权重: the new scheme and whether to keep it in the user's scheme folder too."""
        dialog = SchemeWeightsDialog(scheme, taken, can_save, parent)
        return dialog.answer() if dialog.exec() == QDialog.Accepted else None
