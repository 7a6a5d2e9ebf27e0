"""The grid of one 自评 form: the 决算 tables' view (typing, Enter/Tab, F2, Delete, copy, paste, undo keys, marks)
over the form's model, with merged cells, wrapped long texts and indicator rows that can be added and moved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ...errors import JuesuanError
from ..tables.clipboard import parse_tsv, to_tsv
from .delegate import EDITOR_NAMES, SelfEvalDelegate
from .layout import (ACTUAL, CHECK, COLUMN_COUNT, COMPUTED, DEVIATION, LEVEL1, LEVEL2, LEVEL3, LONG_TEXT, POINTS,
                              SCORE, SIDE, SUGGEST, TARGET, Target, parse_value)
from .model import CopyRole, SelfEvalModel
from ..tables.view import TableView, selection_block

MAX_ROW_LINES = 12


def view_name(table: str) -> str:
    """selfeval-整体 / selfeval-项目-<项目名称>: the automation name of a form's view."""
    return "selfeval-" + table.removeprefix("自评-")


class SelfEvalView(TableView):
    """Everything typed or pasted goes to the document through the model, as one undo step per action."""

    indicatorInsertRequested = Signal()
    indicatorRemoveRequested = Signal()
    #: (-1 up / +1 down)
    indicatorMoveRequested = Signal(int)

    def __init__(self, model: SelfEvalModel, parent: QWidget | None = None) -> None:
        self._rows_fitted = False
        super().__init__(model, parent)  # type: ignore[arg-type]
        self.setObjectName(view_name(model.table))
        self.delegate = SelfEvalDelegate(self)
        self.setItemDelegate(self.delegate)
        self.delegate.rejected.connect(self._rejected)
        self.delegate.committed.connect(self.move_cursor)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideRight)
        self.addSubjectRequested.connect(self.indicatorInsertRequested)
        self.removeSubjectsRequested.connect(self.indicatorRemoveRequested)
        model.layoutChanged.connect(self._apply_spans)
        model.rowsResized.connect(self.fit_rows)
        self.fit_columns()
        self._apply_spans()
        self.fit_rows(None)
        self.setCurrentIndex(model.index(0, 2))
        self.selectionModel().clearSelection()  # the cursor is there; nothing looks selected until the user acts

    def table_model(self) -> SelfEvalModel:  # type: ignore[override]
        return self.model()  # type: ignore[return-value]

    # layout ------------------------------------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Widths as printed at 1366×768: narrow 一级/二级, a wide 三级, amounts for 29,079,248.83."""
        model = self.model()
        if model is None or not isinstance(model, SelfEvalModel):
            return
        metrics = self.fontMetrics()
        w = metrics.horizontalAdvance("中")
        amount = metrics.horizontalAdvance("29,079,248.83") + 14
        widths = {SIDE: w * 5 + 12, LEVEL1: w * 7, LEVEL2: w * 7 + 10, LEVEL3: w * 16, TARGET: max(w * 7, amount),
                  ACTUAL: max(w * 7, amount), POINTS: w * 4 + 10, SCORE: w * 4 + 16, SUGGEST: w * 6 + 12, DEVIATION: w * 10}
        for column, width in widths.items():
            self.setColumnWidth(column, width)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 10)

    def fit_rows(self, rows: Any = None) -> None:
        """Rows tall enough for their wrapped texts (at most MAX_ROW_LINES lines; the tooltip has the rest).
        A hidden form fits its rows when it is first shown (opening a project with many forms stays quick)."""
        if not self.isVisible():
            self._rows_fitted = False
            return
        model = self.model()
        targets = range(model.rowCount()) if rows is None else [r for r in rows if 0 <= r < model.rowCount()]
        for row in targets:
            self.resizeRowToContents(row)
        self.updateGeometries()  # the scroll range now, not after the next layout pass (a jump may follow at once)
        if rows is None:
            self._rows_fitted = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._rows_fitted:
            self.fit_rows(None)

    def sizeHintForRow(self, row: int) -> int:
        metrics = self.fontMetrics()
        base = metrics.height() + 10
        return max(base, min(super().sizeHintForRow(row), metrics.lineSpacing() * MAX_ROW_LINES + 10))

    def _apply_spans(self, *args: object) -> None:
        self.clearSpans()
        for row, column, rows, columns in self.table_model().spans():
            self.setSpan(row, column, rows, columns)

    # editing -----------------------------------------------------------------------------------------------------
    def _refuse_edit(self, index: QModelIndex, trigger) -> bool:  # noqa: ANN001
        reason = self.table_model().document.read_only_reason
        if not reason or not index.isValid() or not self.table_model().slot(index).editable:
            return False
        if trigger in (QAbstractItemView.DoubleClicked, QAbstractItemView.EditKeyPressed, QAbstractItemView.AnyKeyPressed):
            self.message.emit(reason)
            return True
        return False

    def edit(self, index: QModelIndex, trigger=None, event=None) -> bool:  # noqa: ANN001 - Qt overloads
        opened = super().edit(index, trigger, event)
        if opened and trigger is not None and self.table_model().slot(index).kind == LONG_TEXT:
            self.message.emit("多行文字：Enter 换行，Ctrl+Enter 完成，Tab 完成并右移，Esc 放弃")
        return opened

    def active_editor(self) -> QWidget | None:  # type: ignore[override]
        if self.state() != QAbstractItemView.EditingState:
            return None
        for kind in (QLineEdit, QPlainTextEdit, QComboBox):
            for editor in self.viewport().findChildren(kind):
                if editor.objectName() in EDITOR_NAMES and editor.isVisibleTo(self):
                    return editor
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.active_editor() is None:
            mods = event.modifiers()
            if mods & Qt.AltModifier and event.key() in (Qt.Key_Up, Qt.Key_Down):
                self.indicatorMoveRequested.emit(-1 if event.key() == Qt.Key_Up else 1)
                return
            slot = self.table_model().slot(self.currentIndex()) if self.currentIndex().isValid() else None
            typed = event.text().strip() and not mods & (Qt.ControlModifier | Qt.AltModifier)
            if typed and slot is not None and not slot.editable and slot.kind != CHECK:
                self.message.emit("这一格按评分方案计算，不能填写；可右键“采用计算值”填到旁边的填报格" if slot.kind == COMPUTED
                                  else "这一格是表上印好的文字，不能填写")
                return
        super().keyPressEvent(event)

    def move_cursor(self, direction: str) -> None:
        """Enter/Tab move to the next cell; a merged cell is one stop."""
        current = self.currentIndex()
        if not current.isValid():
            return
        layout = self.table_model().layout
        row, column = layout.anchor(current.row(), current.column())
        rows, columns = layout.span(row, column)
        if direction == "down":
            row = min(row + rows, layout.row_count - 1)
        elif direction == "up":
            row = max(row - 1, 0)
        elif direction == "right":
            column = min(column + columns, COLUMN_COUNT - 1)
        elif direction == "left":
            column = max(column - 1, 0)
        row, column = layout.anchor(row, column)
        target = self.model().index(row, column)
        self.setCurrentIndex(target)
        self.scrollTo(target)

    # selection → document ------------------------------------------------------------------------------------------
    def selected_targets(self) -> list[Target]:
        model = self.table_model()
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        found: list[Target] = []
        for index in sorted(indexes, key=lambda i: (i.row(), i.column())):
            slot = model.slot(index)
            if slot.editable:
                found += [t for t in slot.targets() if t not in found]
        return found

    def clear_selection(self) -> None:
        targets = self.selected_targets()
        if not targets:
            self.message.emit("选中的单元格不能填写")
            return
        edits = [(t, _blank(t)) for t in targets]
        try:
            count = self.table_model().set_targets(edits, f"清除 {len(edits)} 个单元格")
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(f"已清除 {count} 个单元格")

    def copy_selection(self) -> None:
        indexes = self.copied_indexes()
        if not indexes:
            return
        top, left, block = selection_block(indexes, CopyRole)
        layout = self.table_model().layout
        chosen = {(i.row(), i.column()) for i in indexes}
        for r in range(top, top + len(block)):  # a merged 一级/二级 cell copies its value on every row it covers
            for c in range(left, left + len(block[0])):
                if (r, c) not in chosen and layout.anchor(r, c) in chosen and layout.slot(r, c).editable:
                    block[r - top][c - left] = self.model().index(r, c).data(CopyRole) or ""
        QGuiApplication.clipboard().setText(to_tsv(block))
        self.message.emit(f"已复制 {len(block)} 行 × {len(block[0])} 列")

    def paste_text(self, text: str) -> int:
        """Paste a TSV block at the current cell; pasting more indicator rows than a goal has adds rows. One undo step."""
        try:
            block = parse_tsv(text)
        except ValueError as exc:
            self.message.emit(str(exc))
            return 0
        if not block or not any(any(c.strip() for c in row) for row in block):
            self.message.emit("剪贴板中没有可粘贴的内容")
            return 0
        model = self.table_model()
        document = model.document
        if document.read_only_reason:
            self.message.emit(document.read_only_reason)
            return 0
        anchor = self._paste_anchor()
        stack = document.undo_stack
        spread = self._selected_anchors() if len(block) == 1 and len(block[0]) == 1 else []
        goal, missing = self._missing_rows(anchor, len(block)) if len(spread) <= 1 else (0, 0)
        if missing:
            stack.beginMacro(f"粘贴到 {model.table}（新增指标 {missing} 行）")
        try:
            for _ in range(missing):
                model.editor.insert_indicator(model.table, goal)
            if len(spread) > 1:  # one value into every selected cell
                edits, bad, skipped = self._paste_edits_at(spread, block[0][0])
            else:
                edits, bad, skipped = self._paste_edits(anchor, block)
            count = model.set_targets(edits, f"粘贴 {len(edits)} 个单元格") if edits else 0
        except JuesuanError as exc:
            if missing:
                stack.endMacro()
                stack.undo()  # the rows added for this paste go again
            self.message.emit(f"未粘贴：{exc}")
            return 0
        if missing:
            stack.endMacro()
        added = missing
        if len(spread) <= 1:
            self._select_block(anchor, block)
        notes = [f"新增指标 {added} 行" if added else "",
                 f"{len(bad)} 个单元格内容不符，未粘贴" if bad else "",
                 f"{skipped} 个落在不可填写的单元格，已跳过" if skipped else ""]
        self._report_paste(len(edits), count, notes, bad)
        return len(edits)

    def _paste_anchor(self) -> tuple[int, int]:
        current = self.currentIndex()
        selection = self.selectionModel().selection()
        for i in range(selection.count()):
            if selection.at(i).contains(current):
                current = selection.at(i).topLeft()
                break
        if not current.isValid():
            return 0, 0
        return self.table_model().layout.anchor(current.row(), current.column())

    def _selected_anchors(self) -> list[tuple[int, int]]:
        layout = self.table_model().layout
        return list(dict.fromkeys(layout.anchor(i.row(), i.column())
                                  for i in sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))))

    def _paste_edits_at(self, positions: list[tuple[int, int]], text: str) -> tuple[list, list[str], int]:
        edits: list[tuple[Target, Any]] = []
        bad: list[str] = []
        skipped = 0
        layout = self.table_model().layout
        for r, c in positions:
            slot = layout.slot(r, c)
            if not slot.editable or slot.target is None or slot.target.kind == "name":
                skipped += 1
                continue
            try:
                value = parse_value(slot, text)
            except JuesuanError as exc:
                bad.append(f"{slot.cell.row if slot.cell else ''} {slot.cell.column if slot.cell else ''}：{exc}")
                continue
            edits += [(target, value) for target in slot.targets()]
        return edits, bad, skipped

    def _missing_rows(self, anchor: tuple[int, int], height: int) -> tuple[int, int]:
        """(goal, rows) a pasted block needs beyond the last indicator of the goal it starts in."""
        model = self.table_model()
        info = model.layout.rows[anchor[0]]
        if info.kind not in ("ind", "ind-empty") or info.goal is None:
            return 0, 0
        have = len(model.form.goals[info.goal].indicators)
        start = info.index if info.kind == "ind" and info.index is not None else 0
        return info.goal, max(0, start + height - have)

    def _paste_edits(self, anchor: tuple[int, int], block: list[list[str]]) -> tuple[list, list[str], int]:
        model = self.table_model()
        layout = model.layout
        r0, c0 = anchor
        if layout.rows[r0].kind == "ind-empty":
            r0 = layout.indicator_row(layout.rows[r0].goal or 0, 0) or r0
        edits: list[tuple[Target, Any]] = []
        bad: list[str] = []
        skipped = 0
        for i, values in enumerate(block):
            for j, text in enumerate(values):
                r, c = r0 + i, c0 + j
                if r >= layout.row_count or c >= COLUMN_COUNT:
                    skipped += bool(text.strip())
                    continue
                slot = layout.slot(r, c)
                if not slot.editable or slot.target is None or slot.target.kind == "name":
                    skipped += bool(text.strip()) and c != SUGGEST
                    continue
                try:
                    edits.append((slot.target, parse_value(slot, text)))
                except JuesuanError as exc:
                    where = f"{slot.cell.row} {slot.cell.column}" if slot.cell else f"第{r + 1}行第{c + 1}列"
                    bad.append(f"{where}：{exc}")
        return edits, bad, skipped

    def _select_block(self, anchor: tuple[int, int], block: list[list[str]]) -> None:
        model = self.model()
        bottom = min(anchor[0] + len(block), model.rowCount()) - 1
        right = min(anchor[1] + max(len(r) for r in block), COLUMN_COUNT) - 1
        selection = QItemSelection(model.index(anchor[0], anchor[1]), model.index(bottom, right))
        self.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)

    # context menu ---------------------------------------------------------------------------------------------------
    def _use_computed(self, target: Target, value: Any, text: str) -> None:
        try:
            self.table_model().set_targets([(target, value)], f"采用计算值 {text}")
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(f"已采用计算值 {text}（Ctrl+Z 可撤销）")

    def context_actions(self, index: QModelIndex) -> list[QAction]:
        actions: list[QAction] = []
        model = self.table_model()
        read_only = bool(model.document.read_only_reason)
        slot = model.layout.slot(*model.layout.anchor(index.row(), index.column())) if index.isValid() else None
        found = model.computed_for(slot) if slot is not None and slot.editable else None
        if slot is not None and found is not None:
            value, text = found
            use = QAction(f"采用计算值（= {text}）", self)
            use.setObjectName("use-computed")
            use.setEnabled(not read_only and value != model.value(slot))
            use.triggered.connect(lambda _=False, t=slot.target, v=value, x=text: self._use_computed(t, v, x))
            actions.append(use)
        for text, shortcut, slot in (("复制", QKeySequence.Copy, self.copy_selection),
                                     ("粘贴", QKeySequence.Paste, self.paste_clipboard),
                                     ("清除内容", QKeySequence.Delete, self.clear_selection)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, s=slot: s())
            action.setEnabled(not read_only or text == "复制")
            actions.append(action)
        for text, shortcut, signal, name in (("添加指标行", "Ctrl+Insert", self.indicatorInsertRequested, "selfeval-add-indicator"),
                                             ("删除指标行", "Ctrl+Delete", self.indicatorRemoveRequested, "selfeval-remove-indicator")):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, s=signal: s.emit())
            action.setEnabled(not read_only)
            actions.append(action)
        for text, step in (("指标上移（Alt+↑）", -1), ("指标下移（Alt+↓）", 1)):
            action = QAction(text, self)
            action.triggered.connect(lambda _=False, s=step: self.indicatorMoveRequested.emit(s))
            action.setEnabled(not read_only)
            actions.append(action)
        for provider in self.action_providers:
            actions += provider(index)
        return actions


def _blank(target: Target) -> Any:
    """What Delete leaves in a cell: no number, no text, not ticked."""
    if target.kind == "fund":
        return None
    if target.kind == "source":
        return {"checked": False, "amount": None}.get(target.key[1], "")
    if target.kind == "form":
        numeric = ("fund_points", "fund_rate", "fund_score", "total_points", "total_score", "basic_total", "project_total",
                   "total_investment", "total_investment_fiscal")
        return None if target.key[0] in numeric else ""
    if target.kind in ("goal", "indicator") and target.key[-1] in ("points", "score"):
        return None
    return ""
