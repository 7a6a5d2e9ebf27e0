"""The 批注 dock: every comment thread with filters (open/resolved, by table), the thread with its replies, a reply box,
resolve/reopen and jump-to. A thin view: it shows what it is given and asks the controller to act."""

from __future__ import annotations

from html import escape
from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDockWidget, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from ...review.model import Anchor, Comment, time_text

IdRole = Qt.UserRole + 1
STATES = (("全部批注", ""), ("未解决", "open"), ("已解决", "resolved"))
PREVIEW = 48
RESOLVED_GREY = QColor("#8a8f98")


def anchor_table_group(anchor: Anchor) -> str:
    """The table filter's value for a comment: 表1…表9, or 自评 for every 自评 form."""
    return "自评" if anchor.table.startswith("自评") else anchor.table


class CommentsDock(QDockWidget):
    #: the Anchor of the chosen comment, to show in the window
    jumpRequested = Signal(object)
    #: (comment id, reply text)
    replyRequested = Signal(str, str)
    #: (comment id, True = resolve / False = reopen)
    resolveRequested = Signal(str, bool)

    def __init__(self, tables: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__("批注", parent)
        self.setObjectName("comments-dock")
        self._comments: dict[str, Comment] = {}
        self._labels: dict[str, str] = {}
        body = QWidget(self)
        self.state_filter = QComboBox(body)
        self.state_filter.setObjectName("comments-state-filter")
        for name, code in STATES:
            self.state_filter.addItem(name, code)
        self.table_filter = QComboBox(body)
        self.table_filter.setObjectName("comments-table-filter")
        self.table_filter.addItem("全部表", "")
        for table in tables:
            self.table_filter.addItem(table, table)
        self.table_filter.addItem("自评表", "自评")
        self.count = QLabel(body)
        self.count.setObjectName("comments-count")
        self.list = QListWidget(body)
        self.list.setObjectName("comments-list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.thread = QTextBrowser(body)
        self.thread.setObjectName("comment-thread")
        self.thread.setOpenLinks(False)
        self.reply = QPlainTextEdit(body)
        self.reply.setObjectName("comment-reply")
        self.reply.setPlaceholderText("写回复…")
        self.reply.setTabChangesFocus(True)
        self.reply.setFixedHeight(self.fontMetrics().height() * 4)
        self.send = QPushButton("回复", body)
        self.send.setObjectName("comment-reply-send")
        self.resolve = QPushButton("标记已解决", body)
        self.resolve.setObjectName("comment-resolve")
        self.jump = QPushButton("定位", body)
        self.jump.setObjectName("comment-jump")

        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.table_filter)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.jump)
        buttons.addStretch(1)
        buttons.addWidget(self.resolve)
        buttons.addWidget(self.send)
        lower = QWidget(body)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.thread, 1)
        lower_layout.addWidget(self.reply)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Vertical, body)
        split.addWidget(self.list)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        self.setWidget(body)

        self.state_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.table_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemDoubleClicked.connect(lambda _item: self._jump())
        self.send.clicked.connect(self._send)
        self.resolve.clicked.connect(self._toggle)
        self.jump.clicked.connect(self._jump)
        self.reply.textChanged.connect(self._buttons)
        self._show_current()

    # filling -------------------------------------------------------------------------------
    def show_comments(self, comments: Sequence[Comment], labels: dict[str, str]) -> None:
        """Replace the threads (labels: comment id → where it points), keeping the selection."""
        self._comments = {c.id: c for c in comments}
        self._labels = dict(labels)
        self._fill()

    def _visible(self) -> list[Comment]:
        state, table = self.state_filter.currentData(), self.table_filter.currentData()
        out = []
        for comment in self._comments.values():
            if state == "open" and comment.resolved or state == "resolved" and not comment.resolved:
                continue
            if table and anchor_table_group(comment.anchor) != table:
                continue
            out.append(comment)
        return out

    def _fill(self) -> None:
        keep = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for comment in self._visible():
            replies = f"（{len(comment.replies)} 条回复）" if comment.replies else ""
            state = "已解决" if comment.resolved else "未解决"
            item = QListWidgetItem(f"{state} · {self._labels.get(comment.id, comment.anchor.table)}\n"
                                   f"{comment.by.who.name}：{_short(comment.text)}{replies}")
            item.setData(IdRole, comment.id)
            item.setToolTip(comment.text)
            if comment.resolved:
                item.setForeground(RESOLVED_GREY)
            self.list.addItem(item)
            if comment.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        total = len(self._comments)
        open_count = sum(1 for c in self._comments.values() if not c.resolved)
        self.count.setText(f"共 {total} 条 · 未解决 {open_count}")
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._show_current()

    def select(self, comment_id: str) -> bool:
        """Show one thread (clearing filters that hide it)."""
        if comment_id not in self._comments:
            return False
        if all(self.list.item(i).data(IdRole) != comment_id for i in range(self.list.count())):
            self.state_filter.setCurrentIndex(0)
            self.table_filter.setCurrentIndex(0)
        for i in range(self.list.count()):
            if self.list.item(i).data(IdRole) == comment_id:
                self.list.setCurrentRow(i)
                return True
        return False

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(IdRole) if item is not None else None

    def current(self) -> Comment | None:
        ident = self.current_id()
        return self._comments.get(ident) if ident else None

    def visible_ids(self) -> list[str]:
        return [self.list.item(i).data(IdRole) for i in range(self.list.count())]

    # the thread ------------------------------------------------------------------------------
    def _show_current(self) -> None:
        comment = self.current()
        self.thread.setHtml(thread_html(comment, self._labels.get(comment.id, "")) if comment else
                            "<p style='color:#8a8f98'>没有选中的批注。在表格中右键单元格可“添加批注”。</p>")
        self._buttons()

    def _buttons(self) -> None:
        comment = self.current()
        self.jump.setEnabled(comment is not None)
        self.send.setEnabled(comment is not None and bool(self.reply.toPlainText().strip()))
        self.resolve.setEnabled(comment is not None)
        self.resolve.setText("重新打开" if comment is not None and comment.resolved else "标记已解决")

    def _send(self) -> None:
        comment = self.current()
        text = self.reply.toPlainText().strip()
        if comment is not None and text:
            self.replyRequested.emit(comment.id, text)

    def reply_sent(self) -> None:
        """The controller stored the reply: clear the box."""
        self.reply.clear()

    def _toggle(self) -> None:
        comment = self.current()
        if comment is not None:
            self.resolveRequested.emit(comment.id, not comment.resolved)

    def _jump(self) -> None:
        comment = self.current()
        if comment is not None:
            self.jumpRequested.emit(comment.anchor)


def thread_html(comment: Comment, label: str) -> str:
    """The thread in time order: the comment, its replies, each resolve/reopen, with names, 单位 and times."""
    state = "<span style='color:#2e7d32'>已解决</span>" if comment.resolved else "<span style='color:#c62828'>未解决</span>"
    parts = [f"<p><b>{escape(label or comment.anchor.table)}</b> · {state}</p>", _entry(comment.by, "批注", comment.text, 0)]
    events = [(r.by.when, _entry(r.by, "回复", r.text, 16)) for r in comment.replies]
    for step in comment.resolutions:
        what = "标记已解决" if step.resolved else "重新打开"
        events.append((step.by.when, _entry(step.by, what, step.remark, 16, quiet=True)))
    parts += [html for _when, html in sorted(events, key=lambda e: e[0])]
    return "".join(parts)


def _entry(stamp, what: str, text: str, indent: int, quiet: bool = False) -> str:  # noqa: ANN001 - Stamp
    who = escape(stamp.who.name) + (f"（{escape(stamp.who.unit)}）" if stamp.who.unit else "")
    colour = "#5f6b7a" if quiet else "#000000"
    body = escape(text).replace("\n", "<br>") if text else ""
    return (f"<div style='margin-left:{indent}px; margin-bottom:8px; color:{colour}'>"
            f"<b>{who}</b> {what} <span style='color:#5f6b7a'>{time_text(stamp.when)}</span>"
            + (f"<br>{body}" if body else "") + "</div>")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
