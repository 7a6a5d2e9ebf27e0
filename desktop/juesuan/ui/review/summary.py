"""The 审核概况 page shown when a file is opened for review: who, what state, how many findings, what changed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QScrollArea, QSizePolicy, QTableWidget, QTableWidgetItem,
                               QToolButton, QVBoxLayout, QWidget)

from ...review.canonical import short_hash
from ...review.model import STATUS_NAMES, StatusChange, time_text
from ...review.summary import Summary

CellRole = Qt.UserRole + 1
STATUS_COLOURS = {"draft": "#5f6b7a", "submitted": "#1e6fd9", "approved": "#2e7d32", "returned": "#c62828"}
HISTORY_HEADERS = ("时间", "状态", "姓名", "单位", "备注")
REVIEW_BADGE = "QLabel { background: #fff4e0; color: #8a5200; border: 1px solid #ef8a00; border-radius: 3px; padding: 2px 8px; }"
EDIT_BADGE = "QLabel { background: #eef1f5; color: #3c4654; border: 1px solid #c5cbd3; border-radius: 3px; padding: 2px 8px; }"


class ReviewSummaryPage(QScrollArea):
    """A thin view: `show_summary(summary, history, path, review_mode)` fills it; buttons are the window's actions."""

    #: a change since sign-off was double-clicked: the Cell to show
    jumpRequested = Signal(object)
    #: the “查看批注” link was clicked
    commentsRequested = Signal()

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-summary")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        body = QWidget(self)
        body.setObjectName("review-summary-body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)

        title_row = QHBoxLayout()
        self.title = QLabel("审核概况", body)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.mode = QLabel(body)
        self.mode.setObjectName("summary-mode")
        title_row.addWidget(self.title)
        title_row.addSpacing(12)
        title_row.addWidget(self.mode)
        title_row.addStretch(1)
        self.buttons: list[QToolButton] = []
        for action in actions:  # the review steps, at hand at the top of the page
            button = QToolButton(body)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonTextOnly)
            title_row.addWidget(button)
            self.buttons.append(button)
        layout.addLayout(title_row)

        facts = QGroupBox("项目", body)
        grid = QGridLayout(facts)
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        for row, (key, name) in enumerate((("unit", "单位"), ("year", "年度"), ("file", "文件"), ("status", "状态"),
                                           ("signoff", "审核签字"), ("sha", "数据 SHA-256"))):
            label = QLabel(f"{name}：", facts)
            label.setAlignment(Qt.AlignRight | Qt.AlignTop)
            value = QLabel(facts)
            value.setObjectName(f"summary-{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.fields[key] = value
        layout.addWidget(facts)

        numbers = QGroupBox("审核结果、说明与批注", body)
        numbers_layout = QGridLayout(numbers)
        numbers_layout.setColumnStretch(1, 1)
        for row, (key, name) in enumerate((("counts", "审核结果"), ("explanations", "说明"), ("comments", "批注"))):
            label = QLabel(f"{name}：", numbers)
            label.setAlignment(Qt.AlignRight | Qt.AlignTop)
            value = QLabel(numbers)
            value.setObjectName(f"summary-{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.RichText)
            numbers_layout.addWidget(label, row, 0)
            numbers_layout.addWidget(value, row, 1)
            self.fields[key] = value
        self.fields["comments"].linkActivated.connect(lambda _link: self.commentsRequested.emit())
        layout.addWidget(numbers)

        self.changes_box = QGroupBox("审核后已修改", body)
        changes_layout = QVBoxLayout(self.changes_box)
        self.changes_note = QLabel(self.changes_box)
        self.changes_note.setObjectName("summary-changes-note")
        self.changes_note.setWordWrap(True)
        self.changes = QListWidget(self.changes_box)
        self.changes.setObjectName("summary-changes")
        self.changes.itemDoubleClicked.connect(self._jump)
        self.changes.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        changes_layout.addWidget(self.changes_note)
        changes_layout.addWidget(self.changes)
        layout.addWidget(self.changes_box)

        history_box = QGroupBox("状态记录", body)
        history_layout = QVBoxLayout(history_box)
        self.history = QTableWidget(0, len(HISTORY_HEADERS), history_box)
        self.history.setObjectName("summary-history")
        self.history.setHorizontalHeaderLabels(list(HISTORY_HEADERS))
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.NoSelection)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.history.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.history_note = QLabel("（尚无状态变更，仍在填报中）", history_box)
        self.history_note.setObjectName("summary-history-note")
        history_layout.addWidget(self.history_note)
        history_layout.addWidget(self.history)
        layout.addWidget(history_box)

        layout.addStretch(1)
        self.setWidget(body)

    def text(self, key: str) -> str:
        """A field's plain text (tests and accessibility)."""
        label = self.fields[key]
        return label.text() if label.textFormat() != Qt.RichText else _plain(label.text())

    def show_summary(self, summary: Summary, history: Sequence[StatusChange], path: Path | None, review_mode: bool) -> None:
        c = summary.counts
        self.mode.setText("审核模式 · 数据只读" if review_mode else "填报模式")
        self.mode.setStyleSheet(REVIEW_BADGE if review_mode else EDIT_BADGE)
        self.fields["unit"].setText(summary.unit or "（未填写）")
        self.fields["year"].setText(f"{summary.year} 年度")
        self.fields["file"].setText(str(path) if path else "（尚未保存）")
        status = f"<b style='color:{STATUS_COLOURS[summary.status]}'>{summary.status_name}</b>"
        if summary.last_change is not None:
            by = summary.last_change.by
            status += f"（{_esc(by.who.display())}，{time_text(by.when)}）"
            if summary.last_change.remark:
                status += f"<br>备注：{_esc(summary.last_change.remark)}"
        self.fields["status"].setTextFormat(Qt.RichText)
        self.fields["status"].setText(status)
        check = summary.signoff_check
        colour = {"valid": "#2e7d32", "changed": "#c62828", "broken": "#c62828"}.get(check.verdict, "#5f6b7a")
        self.fields["signoff"].setTextFormat(Qt.RichText)
        self.fields["signoff"].setText(f"<span style='color:{colour}'>{_esc(check.message)}</span>")
        sha = f"当前 {short_hash(check.current_sha)}"
        if summary.signoff is not None:
            sha = f"签字时 {short_hash(summary.signoff.sha256)}；{sha}"
        self.fields["sha"].setText(sha)
        muted = []
        if c.muted_warnings:
            muted.append(f"提示 {c.muted_warnings} 条")
        if c.muted_tails:
            muted.append(f"尾数差 {c.muted_tails} 条")
        counts = (f"<b style='color:#c62828'>错误 {c.errors}</b>　<b style='color:#b26a00'>提示 {c.warnings}</b>　"
                  f"<b style='color:#1e6fd9'>尾数差 {c.tails}</b>")
        if muted:
            counts += f"　（另有已接受说明的{'、'.join(muted)}，不计入）"
        self.fields["counts"].setText(counts)
        self.fields["explanations"].setText(
            f"待审核 {summary.explanations_pending}，已接受 {summary.explanations_accepted}，"
            f"已驳回 {summary.explanations_rejected}，数据已变 {summary.explanations_stale}")
        self.fields["comments"].setText(f"未解决 {summary.comments_open}，已解决 {summary.comments_resolved}　"
                                        f"<a href='comments'>查看批注</a>")
        self._show_changes(summary)
        self._show_history(history)

    def _show_changes(self, summary: Summary) -> None:
        self.changes.clear()
        changes = summary.changed_since_signoff
        if summary.signoff is None:
            self.changes_note.setText("尚未审核通过，没有可比较的签字数据。")
        elif summary.signoff_check.verdict == "broken":
            self.changes_note.setText("签字记录中的数据与其 SHA-256 不符：签字记录被改动过。")
        elif not changes:
            self.changes_note.setText("签字后数据没有改动。")
        else:
            self.changes_note.setText(f"<b style='color:#c62828'>审核后已修改 {len(changes)} 处</b>（双击定位）：")
        for change in changes:
            item = QListWidgetItem(change.describe())
            cells = change.cells()
            item.setData(CellRole, cells[-1] if change.kind == "row_added" and cells else (cells[0] if cells else None))
            self.changes.addItem(item)
        self.changes.setVisible(bool(changes))
        rows = min(max(len(changes), 1), 8)
        self.changes.setFixedHeight(self.changes.sizeHintForRow(0) * rows + 6 if changes else 0)

    def _show_history(self, changes: Sequence[StatusChange]) -> None:
        history = [(time_text(ch.by.when), STATUS_NAMES[ch.status], ch.by.who.name, ch.by.who.unit, ch.remark)
                   for ch in changes]
        self.history.setRowCount(len(history))
        for r, values in enumerate(history):
            for c, value in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(value))
        height = self.history.horizontalHeader().height() + sum(self.history.rowHeight(r) for r in range(len(history)))
        self.history.setFixedHeight(height + 6)
        self.history.setVisible(bool(history))
        self.history_note.setVisible(not history)

    def change_texts(self) -> list[str]:
        return [self.changes.item(i).text() for i in range(self.changes.count())]

    def _jump(self, item: QListWidgetItem) -> None:
        cell = item.data(CellRole)
        if cell is not None:
            self.jumpRequested.emit(cell)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(html: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
