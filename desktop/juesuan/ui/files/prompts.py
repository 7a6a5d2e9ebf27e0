"""The questions of file safety and Excel — recovery, locks, save conflicts, workbooks — as methods of the
window's replaceable `Prompts` object (tests swap in answers)."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from ...document import ProjectInfo
from ...filelock import FileLockedError, LockInfo
from ...recovery import RecoveryEntry
from .safety import Dialogs

WORKBOOK_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"
#: answers of `save_problem`
OVERWRITE, SAVE_AS, CANCEL = "overwrite", "save_as", "cancel"


class FilePrompts:
    """Mixed into `Prompts`: each method runs one modal dialog and returns the answer."""

    def project_info(self, parent: QWidget | None, info: ProjectInfo, title: str) -> ProjectInfo | None:
        """新建 / 项目信息: the unit, code, year, 主管部门, 单位类型 and 填报人 (None: cancelled)."""
        from .project_info import ask_project_info

        return ask_project_info(parent, info, title)

    def recovery(self, parent: QWidget | None, entries: list[RecoveryEntry], opening: bool = False) -> tuple[str, list[RecoveryEntry]]:
        """('restore' | 'discard' | 'later', the chosen entries) — the list shows which file and when."""
        return Dialogs().recovery(parent, entries, opening)

    def locked(self, parent: QWidget | None, error: FileLockedError, review: bool = False) -> str:
        """'read_only' | 'review' | 'take_over' | 'cancel' for a file someone else is editing."""
        return Dialogs().locked(parent, error, review)

    def take_over(self, parent: QWidget | None, holder: LockInfo, name: str) -> bool:
        """The second question before displacing `holder` (it names them); default no."""
        return Dialogs().take_over(parent, holder, name)

    def save_problem(self, parent: QWidget | None, title: str, text: str, overwrite: bool) -> str:
        """The file cannot simply be written: 'overwrite' (only when offered) | 'save_as' | 'cancel'."""
        box = QMessageBox(QMessageBox.Warning, title, text, parent=parent)
        box.setObjectName("save-problem")
        save_as = box.addButton("另存为…", QMessageBox.AcceptRole)
        replace = box.addButton("仍然覆盖", QMessageBox.DestructiveRole) if overwrite else None
        cancel = box.addButton("取消", QMessageBox.RejectRole)
        box.setDefaultButton(save_as)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save_as:
            return SAVE_AS
        return OVERWRITE if replace is not None and clicked is replace else CANCEL

    def workbook_path(self, parent: QWidget | None, folder: str) -> str | None:
        """The .xlsx to import."""
        path, _ = QFileDialog.getOpenFileName(parent, "导入 Excel", folder, WORKBOOK_FILTER)
        return path or None

    def workbook_save_path(self, parent: QWidget | None, suggested: str) -> str | None:
        """Where to export the workbook (.xlsx appended when missing)."""
        path, _ = QFileDialog.getSaveFileName(parent, "导出 Excel", suggested, WORKBOOK_FILTER)
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path or None

    def import_report(self, parent: QWidget | None, title: str, lines: list[str]) -> None:
        """What an import read, skipped and adjusted (舍位平衡), to read and copy."""
        ImportReportDialog(title, lines, parent).exec()


class ImportReportDialog(QDialog):
    """The import report in a read-only text box (long reports scroll; the text can be copied)."""

    def __init__(self, title: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-report")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        intro = QLabel("已导入为一个新的未命名项目，请检查后“保存”。导入报告：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(900, 460)
