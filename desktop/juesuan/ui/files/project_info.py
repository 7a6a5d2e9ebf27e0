"""项目信息: the dialog that 新建 and 文件 → 项目信息 show (unit, code, year, 主管部门, 单位类型, 填报人), and the menu
commands that go with the project's data as a whole (项目信息…, 全部采用计算值)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from ...document import ProjectInfo
from ...errors import JuesuanError
from ...model import UNIT_KINDS
from ..base.window import WindowHost


class ProjectInfoDialog(QDialog):
    """Asks the project information; OK only with a unit name and valid fields (the reason shown in red)."""

    def __init__(self, info: ProjectInfo, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog-project-info")
        self.setWindowTitle(title)
        self.name = self._line("info-name", info.name, "例如：武汉市江汉区人民政府办公室", 200)
        self.code = self._line("info-code", info.code, "统一社会信用代码或财政单位编码", 50)
        self.year = QSpinBox(self)
        self.year.setObjectName("info-year")
        self.year.setRange(2000, 2100)
        self.year.setValue(info.year)
        self.parent_unit = self._line("info-parent", info.parent, "例如：武汉市江汉区人民政府", 200)
        self.kind = QComboBox(self)
        self.kind.setObjectName("info-kind")
        self.kind.setEditable(True)
        self.kind.addItems(["", *UNIT_KINDS])
        self.kind.setCurrentText(info.kind)
        self.preparer = self._line("info-preparer", info.preparer, "填报人姓名", 100)
        form = QFormLayout()
        for label, widget in (("单位名称（必填）", self.name), ("单位编码", self.code), ("年度", self.year),
                              ("主管部门", self.parent_unit), ("单位类型", self.kind), ("填报人", self.preparer)):
            form.addRow(label, widget)
        self.reason = QLabel(self)
        self.reason.setObjectName("info-reason")
        self.reason.setStyleSheet("color: #c62828;")
        self.reason.setWordWrap(True)
        for edit in (self.name, self.code, self.parent_unit, self.preparer):
            edit.textChanged.connect(lambda _text: self.reason.clear())
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.button(QDialogButtonBox.Ok).setObjectName("info-ok")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("单位名称、年度等印在每张表的表头、导出的工作簿、审核报告、公开文档和签收记录上。", self))
        layout.addLayout(form)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.name.setFocus(Qt.OtherFocusReason)

    def _line(self, name: str, text: str, hint: str, limit: int) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        edit.setMaxLength(limit)
        return edit

    def info(self) -> ProjectInfo:
        """What the fields say, checked (JuesuanError when something is wrong)."""
        info = ProjectInfo(self.name.text(), self.year.value(), self.code.text(), self.parent_unit.text(),
                           self.kind.currentText(), self.preparer.text()).checked()
        if not info.name:
            raise JuesuanError("请填写单位名称")
        return info

    def accept(self) -> None:
        try:
            self.info()
        except JuesuanError as exc:
            self.reason.setText(str(exc))
            return
        super().accept()


def ask_project_info(parent: QWidget | None, info: ProjectInfo, title: str) -> ProjectInfo | None:
    """Run the dialog; the checked information, or None when cancelled."""
    dialog = ProjectInfoDialog(info, title, parent)
    return dialog.info() if dialog.exec() == QDialog.Accepted else None


class ProjectActions(QObject):
    """文件 → 项目信息… and 工具 → 全部采用计算值, each one undo step."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window

    def install(self) -> None:
        menus = {a.text(): a.menu() for a in self.window.menuBar().actions() if a.menu() is not None}
        file_menu, tools = menus.get("文件(&F)"), menus.get("工具(&T)")
        if file_menu is not None:
            first = next((a for a in file_menu.actions() if a.isSeparator()), None)
            info = self._make("项目信息(&I)…", self.edit_info, "action-project-info")
            file_menu.insertAction(first, info) if first is not None else file_menu.addAction(info)
        if tools is not None:
            tools.addAction(self._make("全部采用计算值", self.adopt_all_computed, "action-adopt-computed"))

    def _make(self, text: str, slot, name: str) -> QAction:  # noqa: ANN001
        action = QAction(text, self.window)  # type: ignore[arg-type]
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def edit_info(self) -> bool:
        document = self.window.document
        info = self.window.prompts.project_info(self.window, ProjectInfo.of(document.project), "项目信息")
        if info is None:
            return False
        try:
            changed = document.set_info(info)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "项目信息", str(exc))
            return False
        self.window.status("已修改项目信息（可撤销）" if changed else "项目信息没有变化")
        return changed

    def adopt_all_computed(self) -> int:
        """Every total from its parts (printed totals replaced), as one undo step; totals follow from then on."""
        document = self.window.document
        try:
            count = document.adopt_all_computed()
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "全部采用计算值", str(exc))
            return 0
        self.window.status(f"已采用 {count} 个计算值，合计从此自动计算（可撤销）" if count
                           else "合计均已等于计算值，从此自动计算")
        return count
