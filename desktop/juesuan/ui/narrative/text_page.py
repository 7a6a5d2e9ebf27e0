"""The 情况说明 tab: the text generated from the project (left, read-only) beside the unit's own text (right),
whose numbers the checker marks by severity; edits go to the document as undoable steps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...errors import JuesuanError
from ...findings import SEVERITIES, SEVERITY_NAMES, Finding
from ...narrative import generate
from ..base.qt_document import QtProjectDocument
from ...narrative.not_data import UNTIED, marked_spans, with_marks, without_marks
from .commands import SetNarrativeText, SetNotData
from .highlight import NarrativeEditor, text_findings

TYPING_DELAY_MS = 300
#: marks (or unmarks) the number at the cursor as "不是数据"
NOT_DATA_SHORTCUT = "Ctrl+Shift+N"
MARK_LABEL = "标记为非数据数字"
UNMARK_LABEL = "取消标记（非数据数字）"


class NarrativeTextPage(QWidget):
    """`page-情况说明`. The unit's text is never overwritten by the generated one except through 复制生成的文字."""

    message = Signal(str)

    def __init__(self, document: QtProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-情况说明")
        self.document = document
        self._syncing = False
        self._pushing = False
        #: typing pauses this long (ms) before the text is checked; keystrokes stay cheap on long texts
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._pending: SetNarrativeText | None = None  # the open typing step (sealed by flush)

        self.generated = QPlainTextEdit(self)
        self.generated.setObjectName("narrative-generated")
        self.generated.setReadOnly(True)
        self.regenerate_button = QPushButton("重新生成", self)
        self.regenerate_button.setObjectName("narrative-regenerate")
        self.regenerate_button.setToolTip("按当前表1–表9和情况说明数据重新生成左侧文字（不改动右侧单位的文字）")
        self.copy_button = QPushButton("复制生成的文字 →", self)
        self.copy_button.setObjectName("narrative-copy-generated")
        self.copy_button.setToolTip("用左侧生成的文字替换右侧单位的文字（可撤销）")
        self.editor = NarrativeEditor(self)
        self.editor.setObjectName("narrative-text")
        self.editor.setPlaceholderText("在此粘贴或输入单位的情况说明，或点击“打开文本…”读取 .docx / .txt 文件；"
                                       "文中与表格不符的数字会被标出。")
        self.open_button = QPushButton("打开文本…", self)
        self.open_button.setObjectName("narrative-open")
        self.summary = QLabel(self)
        self.summary.setObjectName("narrative-summary")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_bar = QHBoxLayout()
        left_bar.addWidget(QLabel("<b>生成的情况说明</b>（按表格数据）", left))
        left_bar.addStretch(1)
        left_bar.addWidget(self.regenerate_button)
        left_bar.addWidget(self.copy_button)
        left_layout.addLayout(left_bar)
        left_layout.addWidget(self.generated, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_bar = QHBoxLayout()
        right_bar.addWidget(QLabel("<b>单位的情况说明</b>", right))
        right_bar.addWidget(self.summary)
        right_bar.addStretch(1)
        right_bar.addWidget(self.open_button)
        right_layout.addLayout(right_bar)
        right_layout.addWidget(self.editor, 1)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.setObjectName("narrative-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)  # equal halves at any window size
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self.not_data_action = QAction(MARK_LABEL, self.editor)
        self.not_data_action.setObjectName("narrative-not-data")
        self.not_data_action.setShortcut(QKeySequence(NOT_DATA_SHORTCUT))
        self.not_data_action.setShortcutContext(Qt.WidgetShortcut)
        self.not_data_action.setToolTip("光标处的数字不是数据（日期、会议次数、人数等），不再提示“未能对应”；再按一次取消")
        self.not_data_action.triggered.connect(lambda _checked=False: self.toggle_not_data())
        self.editor.addAction(self.not_data_action)
        self.editor.menu_actions = self._menu_actions

        self.editor.textChanged.connect(self._typed)
        self.editor.flushRequested.connect(self.seal)
        self.regenerate_button.clicked.connect(self.regenerate)
        document.rowsChanged.connect(self._rows_changed)
        document.findingsChanged.connect(lambda _a, _r: self.refresh_marks())
        document.projectReset.connect(self.reload)
        document.readOnlyChanged.connect(lambda _ro: self._apply_read_only())
        document.undo_stack.indexChanged.connect(lambda _i: None if self._pushing else self.seal())
        self._stale = True
        self.reload()

    # from the document ---------------------------------------------------------------------
    def reload(self) -> None:
        """A project was opened: its text, its marks and a fresh generated text."""
        self._timer.stop()
        self._pending = None
        self._show_text(self.document.project.narrative.text, keep_cursor=False)
        if self.isVisible():
            self.regenerate()
        else:  # generated when first shown: opening a big project does not wait for a text nobody sees yet
            self._stale = True
            self.generated.clear()
        self._apply_read_only()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self.regenerate()
        super().showEvent(event)

    def _rows_changed(self, table: str) -> None:
        if table == "说明" and self.editor.toPlainText() != self.document.project.narrative.text:
            self._show_text(self.document.project.narrative.text)  # undo/redo, 打开文本…, 复制生成的文字

    def _show_text(self, text: str, keep_cursor: bool = True) -> None:
        position = self.editor.textCursor().position()
        self._syncing = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._syncing = False
        if keep_cursor:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.editor.setTextCursor(cursor)
        self.refresh_marks()

    def refresh_marks(self) -> None:
        findings = text_findings(self.document.findings)
        narrative = self.document.project.narrative
        if self.editor.toPlainText() == narrative.text:
            spans = sorted(marked_spans(narrative.text, narrative.not_data)) if narrative.not_data else []
            self.editor.mark(findings, spans)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
        if not self.document.project.narrative.text.strip():
            self.summary.setText("")
        elif not findings:
            self.summary.setText("文中数字与表格一致")
        else:
            self.summary.setText("标出：" + " · ".join(f"{SEVERITY_NAMES[s]} {counts[s]}" for s in SEVERITIES if counts[s]))

    def _apply_read_only(self) -> None:
        reason = self.document.read_only_reason
        self.editor.setReadOnly(bool(reason))
        self.open_button.setEnabled(not reason)
        self.copy_button.setEnabled(not reason)
        self.editor.setToolTip(reason)

    # edits ---------------------------------------------------------------------------------
    def _typed(self) -> None:
        """A keystroke: the editor moves the marks with the text at once; the document gets the text (and checks
        it) when typing pauses, or before anything else happens (a shortcut, a click, focus leaving, closing)."""
        if self._syncing:
            return
        self._timer.start()

    def flush(self) -> None:
        """Hand the typed text to the document now, as (part of) the current typing step."""
        self._timer.stop()
        text = self.editor.toPlainText()
        old = self.document.project.narrative.text
        if text == old:
            return
        try:
            self.document._writable()  # noqa: SLF001 - the document's read-only guard, as its own edits use it
            self.document.core.set_narrative_text(text)
        except JuesuanError as exc:  # review mode: put the document's text back
            self._show_text(old)
            self.message.emit(str(exc))
            return
        command = SetNarrativeText(self.document, old, text, "输入情况说明", typing=True)
        stack = self.document.undo_stack
        self._pushing = True  # a merged or new typing step must not seal itself
        try:
            stack.push(command)
        finally:
            self._pushing = False
        top = stack.command(stack.index() - 1)
        self._pending = top if isinstance(top, SetNarrativeText) else None

    def seal(self) -> None:
        """End the current typing step (after handing over what was typed): the next keystroke starts a new one."""
        self.flush()
        if self._pending is not None:
            self._pending.sealed = True
            self._pending = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Installed on the window: the typed text reaches the document before the window asks about saving."""
        if event.type() == QEvent.Close:
            self.seal()
        return False

    def replace_text(self, text: str, label: str) -> bool:
        """Replace the unit's whole text as one undo step (打开文本…, 复制生成的文字); False in review mode."""
        self.seal()
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        old = self.document.project.narrative.text
        if text == old:
            return True
        try:
            self.document._writable()  # noqa: SLF001
            self.document.core.set_narrative_text(text)
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return False
        self.document.undo_stack.push(SetNarrativeText(self.document, old, text, label))
        return True

    def regenerate(self) -> str:
        self._stale = False
        text = generate(self.document.project).text()
        bar = self.generated.verticalScrollBar().value()
        self.generated.setPlainText(text)
        self.generated.verticalScrollBar().setValue(bar)
        return text

    # "不是数据" ---------------------------------------------------------------------------------
    def untied_at(self, position: int) -> tuple[int, int] | None:
        """The span of an N-UNTIED finding holding `position`."""
        for start, end, finding in self.editor.marked:
            if finding.rule == UNTIED and start <= position <= end:
                return start, end
        return None

    def _menu_actions(self, position: int) -> list[QAction]:
        if self.document.read_only_reason:
            return []
        marked = self.editor.not_data_at(position)
        if marked is not None:
            action = QAction(UNMARK_LABEL, self.editor)
            action.setObjectName("narrative-unmark-not-data")
            action.triggered.connect(lambda _c=False, span=marked: self.set_not_data([span], False))
            return [action]
        untied = self.untied_at(position)
        if untied is not None:
            action = QAction(MARK_LABEL, self.editor)
            action.setObjectName("narrative-mark-not-data")
            action.setShortcut(QKeySequence(NOT_DATA_SHORTCUT))
            action.triggered.connect(lambda _c=False, span=untied: self.set_not_data([span], True))
            return [action]
        return []

    def toggle_not_data(self) -> bool:
        """The shortcut: unmark the marked number at the cursor, or mark the N-UNTIED number there."""
        self.seal()
        position = self.editor.textCursor().position()
        marked = self.editor.not_data_at(position)
        if marked is not None:
            return self.set_not_data([marked], False)
        untied = self.untied_at(position)
        if untied is not None:
            return self.set_not_data([untied], True)
        self.message.emit("光标处没有“未能对应”的数字可标记为非数据数字")
        return False

    def set_not_data(self, spans: list[tuple[int, int]], mark: bool) -> bool:
        """Mark (or unmark) the numbers at `spans` of the unit's text as one undo step; False when nothing changed."""
        self.seal()
        narrative = self.document.project.narrative
        old = list(narrative.not_data)
        new = with_marks(narrative.text, old, spans) if mark else without_marks(narrative.text, old, spans)
        if new == old:
            return False
        try:
            self.document._writable()  # noqa: SLF001 - the document's read-only guard, as its own edits use it
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return False
        count = abs(len(new) - len(old))
        label = f"{MARK_LABEL}（{count} 处）" if mark else f"取消非数据数字标记（{count} 处）"
        self.document.undo_stack.push(SetNotData(self.document, old, new, label))
        self.message.emit(f"已{'标记' if mark else '取消标记'} {count} 个非数据数字" + ("，不再提示“未能对应”" if mark else ""))
        return True

    # finding → span ------------------------------------------------------------------------
    def show_finding(self, finding: Finding) -> bool:
        """Select the finding's words in the unit's text."""
        if finding.span is None:
            return False
        if self.editor.toPlainText() != self.document.project.narrative.text:
            self._show_text(self.document.project.narrative.text)
        shown = self.editor.select_span(finding.span)
        if shown:
            self.editor.ensureCursorVisible()
        return shown

    def selected_text(self) -> str:
        return self.editor.textCursor().selectedText()

