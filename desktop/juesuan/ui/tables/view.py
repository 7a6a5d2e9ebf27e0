"""Spreadsheet-grade entry for one table: typing, Enter/Tab, F2, Delete, copy and paste, undo steps."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QLineEdit, QMenu, QTableView, QToolTip, QWidget

from ...errors import AmountError, JuesuanError
from ...findings import Cell
from ...money import format_amount, parse_amount
from .clipboard import parse_tsv, to_tsv
from .delegate import CellDelegate
from .frozen import FrozenColumns
from .header import SpanHeader
from .model import KindRole, TableModel

LONGEST_NAME = "其他政府办公厅（室）及相关机构事务支出"
AMOUNT_SAMPLE = "9,999,999.99"


class TableView(QTableView):
    """A 决算 table grid. All edits go to the document through the model; this class only routes keys."""

    #: a short Chinese status text (refused input, paste report, …)
    message = Signal(str)
    #: a paste left cells out: the Chinese report (shown in a box by the window)
    pasteReport = Signal(str)
    addSubjectRequested = Signal()
    removeSubjectsRequested = Signal()

    def __init__(self, model: TableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen: FrozenColumns | None = None
        self._forwarding = False
        #: callables index → [QAction] adding entries to the cell context menu (review: 批注, 说明)
        self.action_providers: list = []
        self.setObjectName(f"view-{model.table}")
        self.setModel(model)
        header = SpanHeader(self)
        self.setHorizontalHeader(header)
        header.frozen_count = model.grid.frozen
        header.set_nodes(model.grid.header_nodes())
        header.heightChanged.connect(self._header_height_changed)
        self.verticalHeader().hide()
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.EditKeyPressed | QAbstractItemView.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.setCornerButtonEnabled(False)
        self.frozen = FrozenColumns(self, model.grid.frozen)
        self.frozen.doubleClicked.connect(lambda index: self._refuse_edit(index, QAbstractItemView.DoubleClicked))
        self.frozen.set_header_nodes(model.grid.header_nodes())
        self.delegate.covered_columns = self.frozen.count
        for delegate in (self.delegate, self.frozen.delegate):
            delegate.rejected.connect(self._rejected)
            delegate.committed.connect(self.move_cursor)
        model.inputRejected.connect(lambda text: self._rejected(None, text))
        model.modelReset.connect(self._apply_spans)
        model.rowsInserted.connect(self._apply_spans)
        model.rowsRemoved.connect(self._apply_spans)
        self.fit_columns()
        self._apply_spans()
        if model.rowCount():
            self.setCurrentIndex(model.index(0, min(model.grid.frozen, model.columnCount() - 1)))

    def table_model(self) -> TableModel:
        return self.model()  # type: ignore[return-value]

    # layout -------------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Label columns wide enough for the longest 科目名称; amounts for 99,999,999.99 plus a mark."""
        metrics = self.fontMetrics()
        model = self.table_model()
        amount = metrics.horizontalAdvance(AMOUNT_SAMPLE) + metrics.height() + 14
        for c, column in enumerate(model.grid.columns):
            if column.kind == "value":
                width = amount
            elif column.label in ("行次",):
                width = metrics.horizontalAdvance("行次") + 16
            elif column.index == 0 and model.template.kind in ("subject", "economic"):
                # the header wraps as printed: 功能分类 / 科目编码, 经济分类 / 科目
                width = max(metrics.horizontalAdvance("2010301") + 16, metrics.horizontalAdvance(column.label[:4]) + 12)
            else:
                texts = [model.data(model.index(r, c)) or "" for r in range(model.rowCount())]
                if model.template.is_subject:
                    texts.append(LONGEST_NAME)
                longest = max((metrics.horizontalAdvance(t) for t in texts), default=80)
                width = min(max(longest + 24, 120), metrics.horizontalAdvance("中") * 22)
            self.setColumnWidth(c, width)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self.frozen.refresh_columns()

    def _apply_spans(self, *args: object) -> None:
        self.clearSpans()
        spans = self.table_model().spans()
        for row, column, rows, columns in spans:
            self.setSpan(row, column, rows, columns)
        self.frozen.copy_spans(spans)

    def _header_height_changed(self) -> None:
        self.updateGeometries()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.update_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self.frozen is not None:
            self.frozen.update_geometry()

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.EnsureVisible) -> None:
        if self.frozen is None:
            return super().scrollTo(index, hint)
        if index.isValid() and index.column() < self.frozen.count:
            # a frozen column is always visible: scroll rows only
            column = self.columnAt(self.frozen.width() + 1)
            if column >= 0:
                index = self.model().index(index.row(), max(column, index.column()))
        super().scrollTo(index, hint)
        self._uncover(index)

    def _uncover(self, index: QModelIndex) -> None:
        """Keep the current cell from hiding under the frozen columns."""
        if self.frozen is None or not index.isValid() or index.column() < self.frozen.count:
            return
        left = self.columnViewportPosition(index.column())
        if left < self.frozen.width():
            bar = self.horizontalScrollBar()
            bar.setValue(max(0, bar.value() - (self.frozen.width() - left)))

    # editing --------------------------------------------------------------------------------
    def edit(self, index: QModelIndex, trigger=None, event=None) -> bool:  # noqa: ANN001 - Qt overloads
        if trigger is None:
            return super().edit(index)
        if self._refuse_edit(index, trigger):
            return False
        if self.frozen is not None and index.isValid() and index.column() < self.frozen.count:
            return self.frozen.edit(index, trigger, event)  # the editor must sit above the overlay
        return super().edit(index, trigger, event)

    def _refuse_edit(self, index: QModelIndex, trigger) -> bool:  # noqa: ANN001 - EditTrigger
        """Review mode: say why a cell cannot be edited instead of silently ignoring the attempt."""
        reason = self.table_model().document.read_only_reason
        if not reason or not index.isValid() or index.data(KindRole) not in ("value", "name"):
            return False
        if trigger in (QAbstractItemView.DoubleClicked, QAbstractItemView.EditKeyPressed, QAbstractItemView.AnyKeyPressed):
            self.message.emit(reason)
            return True
        return False

    def active_editor(self) -> QLineEdit | None:
        """The open cell editor, in this view or in the frozen columns."""
        for view in (self, self.frozen):
            if view.state() == QAbstractItemView.EditingState:
                for editor in view.viewport().findChildren(QLineEdit, "cell-editor"):
                    if view.indexWidget(view.currentIndex()) is editor or editor.isVisibleTo(view):
                        return editor
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Tab, Qt.Key_Backtab) \
                and not event.modifiers() & Qt.ControlModifier:  # type: ignore[attr-defined]
            self.keyPressEvent(event)  # type: ignore[arg-type]  # Tab moves between cells, not widgets
            return True  # Ctrl+Tab goes on: it switches tables
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # QAbstractItemView repaints the whole viewport on every focus change, i.e. twice per typed
        # edit (into the editor and back). Only the focus frame of the current cell changes.
        QAbstractScrollArea.focusInEvent(self, event)
        self.viewport().update(self.visualRect(self.currentIndex()))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        QAbstractScrollArea.focusOutEvent(self, event)
        self.viewport().update(self.visualRect(self.currentIndex()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editor = self.active_editor()
        if editor is not None:
            # keys that reach the view while an editor is open belong to the editor; a key the editor ignores
            # (F3, …) comes back up to this view, and must stop here rather than bounce back (endless recursion)
            if not self._forwarding:
                self._forwarding = True
                try:
                    QApplication.sendEvent(editor, event)
                finally:
                    self._forwarding = False
            return
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key_Insert and mods & Qt.ControlModifier:  # before Copy: Ctrl+Insert is also “copy”
            self.addSubjectRequested.emit()
        elif key == Qt.Key_Delete and mods & Qt.ControlModifier:
            self.removeSubjectsRequested.emit()
        elif event.matches(QKeySequence.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.Paste):
            self.paste_clipboard()
        elif event.matches(QKeySequence.Undo):
            self.table_model().document.undo_stack.undo()
        elif event.matches(QKeySequence.Redo) or (key == Qt.Key_Y and mods & Qt.ControlModifier):
            self.table_model().document.undo_stack.redo()
        elif key in (Qt.Key_Delete, Qt.Key_Backspace) and not mods & Qt.ControlModifier:
            self.clear_selection()
        elif key in (Qt.Key_Return, Qt.Key_Enter):
            self.move_cursor("up" if mods & Qt.ShiftModifier else "down")
        elif key == Qt.Key_Tab and not mods & Qt.ControlModifier:
            self.move_cursor("left" if mods & Qt.ShiftModifier else "right")
        elif key == Qt.Key_Backtab and not mods & Qt.ControlModifier:
            self.move_cursor("left")
        elif key in (Qt.Key_Tab, Qt.Key_Backtab, Qt.Key_PageUp, Qt.Key_PageDown) and mods & Qt.ControlModifier:
            event.ignore()  # Ctrl+Tab, Ctrl+PgUp/PgDn switch tables (the window's shortcuts, or the tab widget)
        elif event.text().strip() and not mods & (Qt.ControlModifier | Qt.AltModifier) \
                and self._refuse_edit(self.currentIndex(), QAbstractItemView.AnyKeyPressed):
            pass  # review mode: typing is refused with a status message
        else:
            super().keyPressEvent(event)

    def move_cursor(self, direction: str) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        model = self.model()
        row, column = current.row(), current.column()
        if direction == "down":
            row = min(row + 1, model.rowCount() - 1)
        elif direction == "up":
            row = max(row - 1, 0)
        elif direction == "right":
            column = min(column + 1, model.columnCount() - 1)
        elif direction == "left":
            column = max(column - 1, 0)
        target = model.index(row, column)
        self.setCurrentIndex(target)
        self.scrollTo(target)

    def _rejected(self, editor: QLineEdit | None, reason: str) -> None:
        self.message.emit(reason)
        anchor = editor if editor is not None else self.viewport()
        rect = editor.rect() if editor is not None else self.visualRect(self.currentIndex())
        QToolTip.showText(anchor.mapToGlobal(rect.bottomLeft()), reason, anchor)

    # selection → document -----------------------------------------------------------------------
    def selected_cells(self) -> list[Cell]:
        model = self.table_model()
        cells = [model.cell_at(i) for i in sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))]
        return [c for c in cells if c is not None]

    def clear_selection(self) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        try:
            count = self.table_model().document.set_cells([(c, None) for c in cells], f"清除 {len(cells)} 个单元格")
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(f"已清除 {count} 个单元格")

    def copied_indexes(self) -> list[QModelIndex]:
        """The selection, or the current cell when nothing is selected."""
        return self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])

    def copy_selection(self) -> None:
        indexes = self.copied_indexes()
        if not indexes:
            return
        _, _, block = selection_block(indexes, Qt.DisplayRole)
        QGuiApplication.clipboard().setText(to_tsv(block))
        self.message.emit(f"已复制 {len(block)} 行 × {len(block[0])} 列")

    def paste_clipboard(self) -> int:
        return self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> int:
        """Paste a TSV block at the current cell (or fill a selection with one value); one undo step."""
        try:
            block = parse_tsv(text)
        except ValueError as exc:
            self.message.emit(str(exc))
            return 0
        if not block or not any(any(c.strip() for c in row) for row in block):
            self.message.emit("剪贴板中没有可粘贴的内容")
            return 0
        model = self.table_model()
        targets = self._paste_targets(block)
        edits: list[tuple[Cell, Decimal | None]] = []
        bad: list[str] = []
        skipped = outside = 0
        for (r, c), text_cell in targets:
            if r >= model.rowCount() or c >= model.columnCount():
                outside += bool(text_cell.strip())
                continue
            index = model.index(r, c)
            cell = model.cell_at(index)
            if cell is None or index.data(KindRole) != "value":
                skipped += bool(text_cell.strip()) and _looks_numeric(text_cell)
                continue
            try:
                edits.append((cell, parse_amount(text_cell)))
            except AmountError as exc:
                bad.append(f"{self._where(index)}：{exc}")
        try:
            count = model.document.set_cells(edits, f"粘贴 {len(edits)} 个单元格")
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return 0
        self._select_pasted(targets)
        notes = [f"{len(bad)} 个单元格不是金额，未粘贴" if bad else "",
                 f"{skipped} 个数值落在不可填写的单元格，已跳过" if skipped else "",
                 f"{outside} 个超出表格范围，已跳过" if outside else ""]
        self._report_paste(len(edits), count, notes, bad)
        return len(edits)

    def _report_paste(self, pasted: int, changed: int, notes: list[str], bad: list[str]) -> None:
        """One summary in the status bar; the cells that were refused listed in a report when there are any."""
        summary = "；".join([f"已粘贴 {pasted} 个单元格（{changed} 个有变化）", *(n for n in notes if n)])
        self.message.emit(summary)
        if bad:
            listed = "\n".join(bad[:12]) + (f"\n……另有 {len(bad) - 12} 个" if len(bad) > 12 else "")
            self.pasteReport.emit(f"{summary}。\n\n未粘贴的单元格：\n{listed}")

    def _paste_targets(self, block: list[list[str]]) -> list[tuple[tuple[int, int], str]]:
        selection = self.selectionModel().selection()
        if len(block) == 1 and len(block[0]) == 1 and selection.count() >= 1:
            cells = {(i.row(), i.column()) for i in self.selectedIndexes()}
            if len(cells) > 1:
                return [(rc, block[0][0]) for rc in sorted(cells)]
        current = self.currentIndex()
        for i in range(selection.count()):
            if selection.at(i).contains(current):
                current = selection.at(i).topLeft()  # a block goes into the selection from its corner
                break
        r0, c0 = (current.row(), current.column()) if current.isValid() else (0, 0)
        return [((r0 + i, c0 + j), text) for i, row in enumerate(block) for j, text in enumerate(row)]

    def _select_pasted(self, targets: list[tuple[tuple[int, int], str]]) -> None:
        model = self.model()
        rows = [rc[0] for rc, _ in targets if rc[0] < model.rowCount()]
        cols = [rc[1] for rc, _ in targets if rc[1] < model.columnCount()]
        if not rows or not cols:
            return
        selection = QItemSelection(model.index(min(rows), min(cols)), model.index(max(rows), max(cols)))
        self.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)

    def _where(self, index: QModelIndex) -> str:
        model = self.table_model()
        cell = model.cell_at(index)
        if cell is None:
            return f"第{index.row() + 1}行第{index.column() + 1}列"
        from ...labels import cell_label

        return cell_label(cell, model.document.layout, model.document.project)

    # context menu ---------------------------------------------------------------------------------
    def context_actions(self, index: QModelIndex) -> list[QAction]:
        """The actions of the right-click menu at a cell (built separately so tests can trigger them)."""
        model = self.table_model()
        actions: list[QAction] = []
        cell = model.cell_at(index) if index.isValid() else None
        if cell is not None:
            computed = model.document.computed_value(cell)
            if computed is not None:
                use = QAction(f"采用计算值（= {format_amount(computed)}）", self)
                use.setObjectName("use-computed")
                use.setEnabled(computed != model.document.value(cell))
                use.triggered.connect(lambda _=False, c=cell, v=computed: self._use_computed(c, v))
                actions.append(use)
        for text, shortcut, slot in (("复制", QKeySequence.Copy, self.copy_selection),
                                     ("粘贴", QKeySequence.Paste, self.paste_clipboard),
                                     ("清除内容", QKeySequence.Delete, self.clear_selection)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, s=slot: s())
            actions.append(action)
        if model.template.is_subject:
            add = QAction("添加科目…", self)
            add.setShortcut(QKeySequence("Ctrl+Insert"))
            add.triggered.connect(self.addSubjectRequested)
            remove = QAction("删除科目", self)
            remove.setShortcut(QKeySequence("Ctrl+Delete"))
            remove.triggered.connect(self.removeSubjectsRequested)
            actions += [add, remove]
        if model.document.read_only_reason:  # review mode: only copying is left
            for action in actions:
                action.setEnabled(action.text() == "复制")
        for provider in self.action_providers:
            actions += provider(index)
        return actions

    def _use_computed(self, cell: Cell, value: Decimal) -> None:
        model = self.table_model()
        model.document.set_cells([(cell, value)], f"采用计算值 {cell.table} {cell.row} {cell.column}栏")
        self.message.emit(f"已采用计算值 {format_amount(value)}")

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        menu = QMenu(self)
        actions = self.context_actions(index)
        for action in actions:
            if action.objectName() != "use-computed" and menu.actions() and menu.actions()[-1].objectName() == "use-computed":
                menu.addSeparator()
            menu.addAction(action)
        menu.exec(event.globalPos() if event.globalPos() != QPoint() else self.viewport().mapToGlobal(event.pos()))


def _looks_numeric(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def selection_block(indexes: list[QModelIndex], role: int) -> tuple[int, int, list[list[str]]]:
    """(top row, left column, text block) covering the selected indexes; unselected cells stay blank."""
    rows = [i.row() for i in indexes]
    cols = [i.column() for i in indexes]
    top, left = min(rows), min(cols)
    block = [["" for _ in range(max(cols) - left + 1)] for _ in range(max(rows) - top + 1)]
    for index in indexes:
        block[index.row() - top][index.column() - left] = index.data(role) or ""
    return top, left, block
