"""添加科目: pick a 支出功能分类科目 from the catalog by code or name, or type a code."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from ...catalog import LEVELS, Catalog

CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


class SubjectPicker(QDialog):
    """Search box + catalog list + name; OK gives (code, name). Parents are added by the document."""

    def __init__(self, catalog: Catalog, existing: set[str], table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subject-picker")
        self.setWindowTitle(f"添加科目（{table}）")
        self.catalog = catalog
        self.existing = existing
        self.search = QLineEdit(self)
        self.search.setObjectName("subject-search")
        self.search.setPlaceholderText("输入科目编码或名称，如 2210203 或 购房补贴")
        self.list = QListWidget(self)
        self.list.setObjectName("subject-list")
        self.name = QLineEdit(self)
        self.name.setObjectName("subject-name")
        self.name.setPlaceholderText("科目表中没有的编码，请填写科目名称")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText("添加")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("科目编码或名称：", self.search)
        form.addRow("科目名称：", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._picked)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.name.textChanged.connect(lambda _t: self._update())
        self.resize(self.fontMetrics().horizontalAdvance("中") * 36, self.fontMetrics().height() * 24)
        self._filter("")

    def code(self) -> str:
        item = self.list.currentItem()
        text = self.search.text().strip()
        if CODE.match(text):
            return text
        return item.data(Qt.UserRole) if item is not None else text

    def chosen(self) -> tuple[str, str]:
        return self.code(), self.name.text().strip()

    def _filter(self, text: str) -> None:
        self.list.clear()
        for code, name in self.catalog.search(text.strip(), limit=300):
            level = LEVELS.get(len(code), "")
            item = QListWidgetItem(f"{code}  {name}  （{level}）" + ("  已有" if code in self.existing else ""))
            item.setData(Qt.UserRole, code)
            if code in self.existing:
                item.setForeground(Qt.gray)
            self.list.addItem(item)
        exact = [i for i in range(self.list.count()) if self.list.item(i).data(Qt.UserRole) == text.strip()]
        if exact:
            self.list.setCurrentRow(exact[0])
        elif self.list.count():
            self.list.setCurrentRow(0)
        self._picked()

    def _picked(self, *args: object) -> None:
        name = self.catalog.name_of(self.code())
        if name:
            self.name.setText(name)
        elif not CODE.match(self.search.text().strip()):
            self.name.clear()
        self._update()

    def _update(self) -> None:
        code = self.code()
        ok = bool(CODE.match(code)) and code not in self.existing and bool(self.name.text().strip())
        if not CODE.match(code or ""):
            self.hint.setText("科目编码应为3位（类）、5位（款）或7位（项）数字")
        elif code in self.existing:
            self.hint.setText(f"本表已有科目 {code}")
        elif not self.name.text().strip():
            self.hint.setText(f"{code} 不在科目表中，请填写科目名称")
        else:
            missing = [p for p in (code[:3], code[:5]) if len(p) < len(code) and p not in self.existing]
            self.hint.setText("将同时添加上级科目：" + "、".join(missing) if missing else "")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.Ok).isEnabled():
            super().accept()
