"""复制并修改权重: copy a scoring scheme under a new name and edit its section weights (each form kind must total 100)."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from ...errors import JuesuanError
from ...selfeval.schemes import HUNDRED, Scheme, copy_scheme, validate_scheme, with_weights
from .scheme_rules import SchemeRulesBox
from .values import parse_points, plain

KINDS = (("whole", "部门（单位）整体支出绩效自评表"), ("project", "项目支出绩效自评表"))
OK_STYLE = "QLabel { color: #1b5e20; }"
BAD_STYLE = "QLabel { color: #b71c1c; }"
#: "评分方案 x：money.full_at：" before a scheme problem: the field beside the message already names it
_KEY_PREFIX = re.compile(r"^评分方案 [^：]*：[A-Za-z_.\[\]0-9]+：")


def new_scheme_id(scheme: Scheme, taken: set[str]) -> str:
    """An id for a user copy that no shipped, user or stored scheme uses (letters, digits, 汉字, _ . -)."""
    base = re.sub(r"[^0-9A-Za-z_.\-\u4e00-\u9fff]", "", scheme.id)[:40] or "scheme"
    base = base.split("-自定")[0] + "-自定"
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


class SchemeWeightsDialog(QDialog):
    """OK is enabled only when the name is filled in and each form kind's weights are numbers totalling 100."""

    def __init__(self, scheme: Scheme, taken: set[str], can_save: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selfeval-scheme-dialog")
        self.setWindowTitle("复制评分方案并修改权重与计分规则")
        self.scheme = scheme
        self.new_id = new_scheme_id(scheme, taken)
        intro = QLabel(f"以“{scheme.name}”为基础建立一个新方案，修改各部分分值（每张表合计须为 100）。\n"
                       "新方案保存在本项目文件中，审核人打开时按同样的权重检查。", self)
        intro.setWordWrap(True)
        plain_name = re.sub(r"（[^（）]*）$", "", scheme.name).strip() or scheme.name  # its old weights would mislead
        self.name = QLineEdit(f"{plain_name}（自定）"[:100], self)
        self.name.setObjectName("scheme-name")
        self.name.setMaxLength(100)
        self.weights: dict[str, dict[str, QLineEdit]] = {}
        self.sums: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel("新方案名称：", self))
        row.addWidget(self.name, 1)
        layout.addLayout(row)
        groups = QHBoxLayout()
        for kind, title in KINDS:
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            self.weights[kind] = {}
            for section in scheme.form(kind).sections:
                edit = QLineEdit(plain(section.weight), box)
                edit.setObjectName(f"weight-{kind}-{section.key}")
                edit.setEnabled(scheme.scored)
                edit.textChanged.connect(self._check)
                self.weights[kind][section.key] = edit
                form.addRow(f"{section.name}：", edit)
            total = QLabel(box)
            total.setObjectName(f"weight-sum-{kind}")
            self.sums[kind] = total
            form.addRow("合计：", total)
            groups.addWidget(box)
        layout.addLayout(groups)
        self.rules = SchemeRulesBox(scheme, self)
        self.rules.changed.connect(self._check)
        layout.addWidget(self.rules)
        self.save = QCheckBox("同时保存到本机方案库（本机其他项目也可选用）", self)
        self.save.setObjectName("scheme-save-user")
        self.save.setVisible(can_save)
        layout.addWidget(self.save)
        self.problem = QLabel(self)
        self.problem.setObjectName("scheme-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(BAD_STYLE)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._result: Scheme | None = None
        self._check()

    def _weights(self, kind: str) -> tuple[dict[str, Decimal], str]:
        values: dict[str, Decimal] = {}
        for key, edit in self.weights[kind].items():
            section = self.scheme.form(kind).section(key)
            try:
                value = parse_points(edit.text(), f"“{section.name}”的分值")
            except JuesuanError as exc:
                return values, str(exc)
            if value is None:
                return values, f"请填写“{section.name}”的分值"
            values[key] = value
        return values, ""

    def _check(self) -> None:
        problems = []
        built: Scheme | None = None
        try:
            built = copy_scheme(self.scheme, self.new_id, self.name.text().strip() or self.scheme.name)
        except JuesuanError as exc:
            problems.append(str(exc))
        if not self.name.text().strip():
            problems.append("请填写新方案名称")
        for kind, title in KINDS:
            values, problem = self._weights(kind)
            total = sum(values.values(), Decimal(0))
            if problem:
                problems.append(f"{title}：{problem}")
                self.sums[kind].setText("—")
                continue
            good = not self.scheme.scored or total == HUNDRED
            self.sums[kind].setText(f"{plain(total)}" + ("" if good else "（应为 100）"))
            self.sums[kind].setStyleSheet(OK_STYLE if good else BAD_STYLE)
            if not good:
                problems.append(f"{title}各部分分值合计 {plain(total)}，应为 100")
                continue
            if built is not None and self.scheme.scored:
                try:
                    built = with_weights(built, kind, values)
                except JuesuanError as exc:
                    problems.append(str(exc))
                    built = None
        if self.scheme.scored:
            money, rules, problem = self.rules.read()
            if problem:
                problems.append(problem)
            elif built is not None:
                data = built.model_dump(mode="json")
                data["money"].update(money)
                data["rules"].update(rules)
                try:
                    built = validate_scheme(data)
                except JuesuanError as exc:
                    problems.append(_KEY_PREFIX.sub("", str(exc)))
                    built = None
        if not self.scheme.scored:
            problems.append("本方案不计分，没有可修改的权重")
        self._result = None if problems else built
        self.problem.setText("；".join(problems))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self._result is not None)

    def accept(self) -> None:
        if self._result is not None:
            super().accept()

    def answer(self) -> tuple[Scheme, bool] | None:
        return (self._result, self.save.isVisible() and self.save.isChecked()) if self._result is not None else None
