"""Marks on the unit's text: one extra selection per 情况说明 finding (tint + underline by severity), and the
editor that shows a finding's expected/actual as the tooltip of a marked number."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ...findings import SEVERITY_NAMES, Finding, show
from ...labels import TEXT_TABLE
from ..base.style import SEVERITY_COLOURS, SEVERITY_TINTS

#: later severities paint over earlier ones where spans overlap
PAINT_ORDER = {"tail": 0, "warning": 1, "error": 2}
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
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), tooltip(found), self)
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

    def mark(self, findings: list[Finding]) -> None:
        """Replace the marks: O(findings), no re-layout of the text (extra selections are painted over it)."""
        length = self.document().characterCount() - 1
        selections, marked = [], []
        for finding in sorted(findings, key=lambda f: PAINT_ORDER.get(f.severity, 0)):
            start, end = finding.span  # type: ignore[misc]
            if not 0 <= start < end <= length:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(SEVERITY_TINTS.get(finding.severity, SEVERITY_TINTS["warning"]))
            fmt.setUnderlineStyle(UNDERLINES.get(finding.severity, QTextCharFormat.SingleUnderline))
            fmt.setUnderlineColor(SEVERITY_COLOURS.get(finding.severity, SEVERITY_COLOURS["warning"]))
            selection.format = fmt
            selections.append(selection)
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
