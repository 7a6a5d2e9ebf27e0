"""The 说明 editor on one finding: the preparer writes or revises the text; the reviewer accepts or rejects it
with a remark. The dialog only collects the answer; the ReviewController applies it through the core."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ...findings import SEVERITY_NAMES, Finding
from ...money import format_amount
from ...review.model import TEXT_LIMIT, VERDICT_NAMES, Person, time_text
from ...review.workflow import EXPLAINABLE, ExplanationState
from ..base.review_marks import money_text


@dataclass(frozen=True)
class ExplanationInfo:
    """What the dialog shows: the finding, where it is, its explanation (if any) and what this user may do."""

    finding: Finding
    location: str
    state: ExplanationState | None
    user: Person | None
    review_mode: bool
    #: the standard reasons the finding's rule offers (`reasons` param, e.g. 与上年核对: 会计差错更正、…)
    reasons: tuple[str, ...] = ()

    @property
    def explainable(self) -> bool:
        return self.finding.severity in EXPLAINABLE

    @property
    def can_write(self) -> bool:
        """Writing is the preparer's: not in review mode, and never on an error."""
        return self.explainable and not self.review_mode

    def decide_problem(self) -> str:
        """Why accept/reject is not possible now ('' when it is)."""
        if self.state is None:
            return "还没有说明，无需审核"
        explanation = self.state.explanation
        if self.user is not None and explanation.current.by.who.same_as(self.user):
            return "这是您自己写的说明，请由另一位审核人审核"
        if self.state.stale:
            return "说明写好后数据已变，请填报人确认或更新说明后再审核"
        return ""


@dataclass(frozen=True)
class ExplanationAnswer:
    """action ∈ explain | accept | reject; text is the 说明 (explain) or the remark (accept/reject)."""

    action: str
    text: str


def state_lines(state: ExplanationState) -> list[str]:
    """The explanation's history and current verdict as Chinese lines."""
    explanation = state.explanation
    lines = []
    for i, revision in enumerate(explanation.revisions):
        head = "说明" if i == 0 else f"修改说明（第{i + 1}版）"
        lines.append(f"{head}：{revision.by.who.display()}，{time_text(revision.by.when)}")
    for decision in explanation.decisions:
        remark = f"：{decision.remark}" if decision.remark else ""
        lines.append(f"{VERDICT_NAMES[decision.verdict]}（第{decision.revision + 1}版）：{decision.by.who.display()}，"
                     f"{time_text(decision.by.when)}{remark}")
    if explanation.verdict == "pending":
        lines.append("当前：待审核")
    for cell, then, now in state.changed:
        lines.append(f"数据已变：{cell.table} {cell.row} {cell.column} 写说明时 {money_text(then)}，现在 {money_text(now)}")
    if state.result_changed and not state.changed:
        lines.append("数据已变：这条提示的应为/实为与写说明时不同")
    return lines


class ExplanationDialog(QDialog):
    """Modal; `answer()` is the chosen action, or None when closed."""

    def __init__(self, info: ExplanationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanation-dialog")
        self.info = info
        self._answer: ExplanationAnswer | None = None
        finding = info.finding
        self.setWindowTitle("审核说明" if info.review_mode else "写说明")
        layout = QVBoxLayout(self)

        head = QLabel(f"【{SEVERITY_NAMES.get(finding.severity, finding.severity)}】{info.location}", self)
        head.setStyleSheet("QLabel { font-weight: bold; }")
        message = QLabel(finding.message, self)
        message.setObjectName("explanation-finding")
        message.setWordWrap(True)
        layout.addWidget(head)
        layout.addWidget(message)
        if finding.expected is not None or finding.actual is not None:
            layout.addWidget(QLabel(f"应为 {_text(finding.expected)}，实为 {_text(finding.actual)}（规则 {finding.rule}）", self))

        text_box = QGroupBox("说明", self)
        text_layout = QVBoxLayout(text_box)
        self.text = QPlainTextEdit(info.state.explanation.text if info.state else "", self)
        self.text.setObjectName("explanation-text")
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.text.setReadOnly(not info.can_write)
        self.text.setPlaceholderText("说明这条提示为什么成立，例如：公务接待费部分由项目支出列支，表6只含基本支出部分。")
        text_layout.addWidget(self.text)
        if info.reasons and info.can_write:
            reasons = QHBoxLayout()
            reasons.addWidget(QLabel("常见原因：", self))
            for number, reason in enumerate(info.reasons):
                button = QPushButton(reason, self)
                button.setObjectName(f"explanation-reason-{number}")
                button.setToolTip("把这个原因写入说明，再补充具体情况")
                button.clicked.connect(lambda _checked=False, r=reason: self._add_reason(r))
                reasons.addWidget(button)
            reasons.addStretch(1)
            text_layout.addLayout(reasons)
        self.history = QLabel("\n".join(state_lines(info.state)) if info.state else "", self)
        self.history.setObjectName("explanation-history")
        self.history.setWordWrap(True)
        text_layout.addWidget(self.history)
        self.save = QPushButton("保存说明" if not info.state else "更新说明", self)
        self.save.setObjectName("explanation-save")
        self.save.setVisible(info.can_write)
        self.save.clicked.connect(self._explain)
        text_layout.addWidget(self.save)
        if not info.explainable:
            text_box.setTitle("说明（不适用）")
            self.text.setPlaceholderText("错误必须改正，不能用说明代替。")
        elif not info.can_write:
            self.text.setPlaceholderText("（填报人尚未写说明）")
        layout.addWidget(text_box, 1)

        self.decision_box = QGroupBox("审核结论", self)
        decision_layout = QVBoxLayout(self.decision_box)
        self.remark = QLineEdit(self)
        self.remark.setObjectName("explanation-remark")
        self.remark.setMaxLength(TEXT_LIMIT)
        self.remark.setPlaceholderText("审核意见（驳回时必填）")
        self.problem = QLabel(info.decide_problem(), self)
        self.problem.setObjectName("explanation-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("QLabel { color: #8a5200; }")
        row = QHBoxLayout()
        self.accept_button = QPushButton("接受说明", self)
        self.accept_button.setObjectName("explanation-accept")
        self.reject_button = QPushButton("驳回说明", self)
        self.reject_button.setObjectName("explanation-reject")
        row.addWidget(self.remark, 1)
        row.addWidget(self.accept_button)
        row.addWidget(self.reject_button)
        decision_layout.addLayout(row)
        decision_layout.addWidget(self.problem)
        self.decision_box.setVisible(info.state is not None)
        self.accept_button.clicked.connect(lambda: self._decide("accept"))
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        layout.addWidget(self.decision_box)

        buttons = QDialogButtonBox(self)
        close = buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self._check)
        self.remark.textChanged.connect(self._check)
        self._check()
        self.resize(600, 440)

    def _check(self) -> None:
        text = self.text.toPlainText().strip()
        current = self.info.state.explanation.text if self.info.state else ""
        self.save.setEnabled(self.info.can_write and bool(text) and text != current and len(text) <= TEXT_LIMIT)
        allowed = not self.info.decide_problem()
        self.accept_button.setEnabled(allowed)
        self.reject_button.setEnabled(allowed and bool(self.remark.text().strip()))

    def _add_reason(self, reason: str) -> None:
        current = self.text.toPlainText().strip()
        self.text.setPlainText(f"{current}\n原因：{reason}。" if current else f"原因：{reason}。")
        self.text.setFocus()
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    def _explain(self) -> None:
        if self.save.isEnabled():
            self._answer = ExplanationAnswer("explain", self.text.toPlainText().strip())
            self.accept()

    def _decide(self, action: str) -> None:
        button = self.accept_button if action == "accept" else self.reject_button
        if button.isEnabled():
            self._answer = ExplanationAnswer(action, self.remark.text().strip())
            self.accept()

    def answer(self) -> ExplanationAnswer | None:
        return self._answer


def _text(value: object) -> str:
    if value is None:
        return "—"
    return format_amount(value) if isinstance(value, Decimal) else str(value)
