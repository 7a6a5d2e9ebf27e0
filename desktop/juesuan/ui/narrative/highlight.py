"""Marks on the unit's text: one extra selection per 情况说明 finding (tint + underline by severity), and the
editor that shows a finding's expected/actual as the tooltip of a marked number."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ...findings import SEVERITY_NAMES, Finding, show
from ...labels import TEXT_TABLE
from ..base.style import SEVERITY_COLOURS, SEVERITY_TINTS

#: later severities paint over earlier ones where spans overlap
PAINT_ORDER = {"tail": 0, "warning": 1, "error": 2}
#: the tooltip and colours of a number marked "不是数据"
NOT_DATA_TIP = "已标记为非数据数字"
NOT_DATA_TEXT = QColor("#8a8a8a")
NOT_DATA_TINT = QColor("#ececec")
UNDERLINES = {"error": QTextCharFormat.WaveUnderline, "warning": QTextCharFormat.DashUnderline,
              "tail": QTextCharFormat.DotLine}


def text_findings(findings: tuple[Finding, ...]) -> list[Finding]:
    """The findings that point into the unit's text."""
    return [f for f in findings if f.span is not None and f.primary is not None and f.primary.table == TEXT_TABLE]


def tooltip(finding: Finding) -> str:
    lines = [f"{SEVERITY_NAMES.get(finding.severity, finding.severity)}：{finding.message}"]
    if finding.expected is not None:
        lines.append(f"应为：{_value(finding.expected)}")
    if finding.actual is not None:
        lines.append(f"文中：{_value(finding.actual)}")
    return "\n".join(lines)


def _value(value: object) -> str:
    return value if isinstance(value, str) else show(value)  # type: ignore[arg-type]


class NarrativeEditor(QPlainTextEdit):
    """The unit's text. Undo/redo keys go to the window's undo stack (the document's), not the editor's own, and
    every other shortcut asks the page to hand the pending text to the document first (`flushRequested`)."""

    flushRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.marked: list[tuple[int, int, Finding]] = []
        #: spans of the numbers marked "不是数据" (shown grey)
        self.not_data: list[tuple[int, int]] = []
        #: callable position → [QAction] added to the context menu (the page's 标记为非数据数字 / 取消标记)
        self.menu_actions = None
        #: inside a key or input-method event: cursor moves are the typing's own
        self.typing = False
        self.cursorPositionChanged.connect(self._moved)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo) or \
                    event.keyCombination() == QKeySequence("Ctrl+Y")[0]:
                self.flushRequested.emit()
                event.ignore()  # the window's 撤销/重做 actions take it
                return False
            if event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
                self.flushRequested.emit()
        if event.type() == QEvent.ToolTip:
            cursor = self.cursorForPosition(event.pos())
            found = self.finding_at(cursor.position())
            if found is not None:
                QToolTip.showText(event.globalPos(), tooltip(found), self)
            elif self.not_data_at(cursor.position()) is not None:
                QToolTip.showText(event.globalPos(), NOT_DATA_TIP, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Typing (text, Backspace, Delete) continues the undo step; a cursor move ends it."""
        if not event.text() and event.key() not in (Qt.Key_Backspace, Qt.Key_Delete):
            self.flushRequested.emit()
        self.typing = True
        try:
            super().keyPressEvent(event)
        finally:
            self.typing = False

    def inputMethodEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.typing = True
        try:
            super().inputMethodEvent(event)
        finally:
            self.typing = False

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.flushRequested.emit()
        super().mousePressEvent(event)

    def _moved(self) -> None:
        if not self.typing:
            self.flushRequested.emit()

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self.flushRequested.emit()
        super().focusOutEvent(event)

    def finding_at(self, position: int) -> Finding | None:
        """The most severe finding whose span holds the character at `position` (or ends just before it)."""
        best = None
        for start, end, finding in self.marked:
            if start <= position <= end and (best is None or PAINT_ORDER[finding.severity] > PAINT_ORDER[best.severity]):
                best = finding
        return best

    def contextMenuEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        """The standard menu plus 标记为非数据数字 / 取消标记 for the number under the mouse."""
        self.flushRequested.emit()
        menu = self.createStandardContextMenu(event.pos())
        extra = self.menu_actions(self.cursorForPosition(event.pos()).position()) if self.menu_actions else []
        first = menu.actions()[0] if menu.actions() else None
        for action in extra:
            menu.insertAction(first, action)
        if extra and first is not None:
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def not_data_at(self, position: int) -> tuple[int, int] | None:
        """The span of the number marked "不是数据" holding `position` (or ending just before it)."""
        for start, end in self.not_data:
            if start <= position <= end:
                return start, end
        return None

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        """Characters start..end painted with `fmt` over the text (no re-layout)."""
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def mark(self, findings: list[Finding], not_data: list[tuple[int, int]] = ()) -> None:  # type: ignore[assignment]
        """Replace the marks: O(findings), no re-layout of the text (extra selections are painted over it)."""
        length = self.document().characterCount() - 1
        selections, marked = [], []
        self.not_data = [(s, e) for s, e in not_data if 0 <= s < e <= length]
        for start, end in self.not_data:
            fmt = QTextCharFormat()
            fmt.setForeground(NOT_DATA_TEXT)
            fmt.setBackground(NOT_DATA_TINT)
            fmt.setUnderlineStyle(QTextCharFormat.DotLine)
            fmt.setUnderlineColor(NOT_DATA_TEXT)
            selections.append(self._selection(start, end, fmt))
        for finding in sorted(findings, key=lambda f: PAINT_ORDER.get(f.severity, 0)):
            start, end = finding.span  # type: ignore[misc]
            if not 0 <= start < end <= length:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(SEVERITY_TINTS.get(finding.severity, SEVERITY_TINTS["warning"]))
            fmt.setUnderlineStyle(UNDERLINES.get(finding.severity, QTextCharFormat.SingleUnderline))
            fmt.setUnderlineColor(SEVERITY_COLOURS.get(finding.severity, SEVERITY_COLOURS["warning"]))
            selections.append(self._selection(start, end, fmt))
            marked.append((start, end, finding))
        self.marked = marked
        self.setExtraSelections(selections)

    def select_span(self, span: tuple[int, int]) -> bool:
        length = self.document().characterCount() - 1
        start, end = span
        if not 0 <= start <= end <= length:
            return False
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus(Qt.OtherFocusReason)
        return True
