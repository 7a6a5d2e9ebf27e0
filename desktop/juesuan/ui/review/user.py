"""Who is working: the name and 单位 asked at first start, kept in QSettings, changeable from 审核 → 当前用户."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...errors import JuesuanError
from ...review.model import NAME_LIMIT, UNIT_LIMIT, Person
from ...review.workflow import person

NAME_KEY = "user/name"
UNIT_KEY = "user/unit"


def load_user(settings: QSettings) -> Person | None:
    """The stored user, or None before the first start's question was answered."""
    try:
        return person(str(settings.value(NAME_KEY, "") or ""), str(settings.value(UNIT_KEY, "") or ""))
    except JuesuanError:
        return None


def store_user(settings: QSettings, who: Person) -> None:
    settings.setValue(NAME_KEY, who.name)
    settings.setValue(UNIT_KEY, who.unit)
    settings.sync()


class UserDialog(QDialog):
    """Name (required) and 单位; OK stays disabled until a name is typed."""

    def __init__(self, current: Person | None, first_start: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user-dialog")
        self.setWindowTitle("当前用户" if not first_start else "欢迎使用：请填写您的姓名和单位")
        intro = QLabel(
            "每条说明、批注、提交和审核签字都会记录操作人的姓名、单位和时间。"
            + ("\n请先填写您的信息（以后可在“审核 → 当前用户…”中修改）。" if first_start else ""), self)
        intro.setWordWrap(True)
        self.name = QLineEdit(current.name if current else "", self)
        self.name.setObjectName("user-name")
        self.name.setMaxLength(NAME_LIMIT)
        self.name.setPlaceholderText("例如：李会计")
        self.unit = QLineEdit(current.unit if current else "", self)
        self.unit.setObjectName("user-unit")
        self.unit.setMaxLength(UNIT_LIMIT)
        self.unit.setPlaceholderText("例如：江汉区人民政府办公室财务科")
        self.problem = QLabel(self)
        self.problem.setObjectName("user-problem")
        self.problem.setStyleSheet("QLabel { color: #b71c1c; }")
        form = QFormLayout()
        form.addRow("姓名：", self.name)
        form.addRow("单位：", self.unit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self.unit.textChanged.connect(self._check)
        self._check()
        self.resize(460, self.sizeHint().height())

    def _check(self) -> None:
        try:
            person(self.name.text(), self.unit.text())
            self.problem.setText("")
            ok = True
        except JuesuanError as exc:
            self.problem.setText(str(exc) if self.name.text().strip() or self.unit.text().strip() else "")
            ok = False
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.Ok).isEnabled():
            super().accept()

    def answer(self) -> tuple[str, str]:
        return self.name.text(), self.unit.text()
