"""One Qt table model per 决算 table: the printed layout as a grid over the live document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...errors import JuesuanError
from ...findings import Cell
from ...money import format_amount, parse_amount
from ...templates import TableTemplate
from ..base.qt_document import QtProjectDocument
from .grid import NAME_COLUMN, Grid, Slot
from ..base.style import BLANK_BACKGROUND, LABEL_BACKGROUND, SEVERITY_TINTS, TOTAL_BACKGROUND, severity_icon, severity_text

CellRole = Qt.UserRole + 1  # the Cell of a value (or 科目名称) grid position, else None
SeverityRole = Qt.UserRole + 2  # worst severity of the findings involving the cell, or None
PrimaryRole = Qt.UserRole + 3  # True when a finding is about this cell (not only reads it)
KindRole = Qt.UserRole + 4  # "value" | "name" | "label" | "none"
TotalRole = Qt.UserRole + 5  # a total cell (row or column total, 合计, parent subject)
FindingsRole = Qt.UserRole + 6  # list of findings involving the cell
CommentRole = Qt.UserRole + 7  # "open" | "resolved" when comment threads are anchored at the cell (review), else None
ChangedRole = Qt.UserRole + 8  # True: the cell changed since the last sign-off (审核后已修改)
TotalModeRole = Qt.UserRole + 9  # "computed": a total that follows its parts; "manual": a total typed by hand; else None

#: A total that computes itself: a pale green cell with dark green figures, so it reads as "not for typing".
COMPUTED_BACKGROUND = QColor("#e5f2e8")
COMPUTED_TEXT = QColor("#1b5e20")
COMPUTED_TIP = "自动计算：随组成项变化（直接输入则改为手工数，清除内容后恢复自动计算）"
MANUAL_TIP = "手工填写的合计：不随组成项变化，仍与组成项核对（清除内容或右键“采用计算值”后恢复自动计算）"

# plain ints: comparing against Qt enum attributes costs a lookup per call, and data() is hot
DISPLAY, EDIT, TEXTALIGNMENT = int(Qt.DisplayRole), int(Qt.EditRole), int(Qt.TextAlignmentRole)
BACKGROUND, DECORATION, FONT, TOOLTIP = int(Qt.BackgroundRole), int(Qt.DecorationRole), int(Qt.FontRole), int(Qt.ToolTipRole)
FOREGROUND = int(Qt.ForegroundRole)
READ_ONLY = Qt.ItemIsEnabled | Qt.ItemIsSelectable
EDITABLE = READ_ONLY | Qt.ItemIsEditable
ALIGN_VALUE = int(Qt.AlignRight | Qt.AlignVCenter)
ALIGN_CENTER = int(Qt.AlignCenter)
ALIGN_LABEL = int(Qt.AlignLeft | Qt.AlignVCenter)
#: Beyond this many cells one range dataChanged is cheaper than one per cell.
BULK_CELLS = 64
Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """Thin adapter: reads values and marks from the document, writes through its edit methods."""

    #: a refused edit: the Chinese reason
    inputRejected = Signal(str)

    def __init__(self, document: QtProjectDocument, table: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.document = document
        self.table = table
        self.template: TableTemplate = document.layout[table]
        self.grid = Grid(self.template)
        self._parents: set[str] = set()
        self._cache: dict[tuple[int, int], tuple[Slot, str, Cell | None, Cell | None, bool]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._sync_rows_silently()
        document.cellsChanged.connect(self._on_cells)
        document.marksChanged.connect(self._on_cells)
        document.rowsChanged.connect(self._on_rows)
        document.projectReset.connect(self._on_reset)

    # geometry -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.row_count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.columns)

    def slot(self, index: Index) -> Slot:
        return self.grid.slot(index.row(), index.column())

    def cell_at(self, index: Index) -> Cell | None:
        """The value cell at a grid index (None for labels and blank rows)."""
        if not index.isValid():
            return None
        return self.grid.slot(index.row(), index.column()).cell(self.table)

    def index_of(self, cell: Cell) -> QModelIndex:
        """Grid index of a value cell or of a row's 科目名称 cell."""
        pos = self.grid.position(cell)
        return self.index(*pos) if pos else QModelIndex()

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, column, rows, columns) label merges: 合计 and 人员经费合计 over code and name."""
        found = []
        if self.template.is_subject and self.grid.frozen >= 2:
            found.append((0, 0, 1, 2))
        elif self.template.kind == "economic":
            start = 0
            for b, block in enumerate(self.template.blocks):
                for r in range(self.grid.row_count):
                    slot = self.grid.slot(r, start)
                    if slot.row_key is not None and not slot.row_key.isdigit() and len(block.label_columns) >= 2:
                        found.append((r, start, 1, 2))
                start += len(block.label_columns) + len(block.value_columns)
        return found

    def is_total(self, slot: Slot) -> bool:
        if slot.row is not None and slot.row.total:
            return True
        if self.template.is_subject and slot.row_key is not None:
            if slot.row_key == self.template.total_row or slot.row_key in self._parents:
                return True
        return bool(slot.kind == "value" and slot.column is not None and slot.column.column and slot.column.column.total)

    def _kind(self, slot: Slot) -> str:
        if slot.kind == "value":
            return "value" if slot.cell(self.table) is not None else "none"
        if slot.kind == "label" and self.template.is_subject and slot.column is not None \
                and slot.column.label == NAME_COLUMN and slot.row_key != self.template.total_row:
            return "name"
        return slot.kind

    def _mark_cell(self, slot: Slot) -> Cell | None:
        if slot.kind == "value":
            return slot.cell(self.table)
        if slot.row_key is None or slot.column is None:
            return None
        if self.template.is_subject and slot.column.label == NAME_COLUMN:
            return Cell(self.table, slot.row_key, NAME_COLUMN)
        return None

    # data ---------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        if self.document.read_only_reason:  # review mode: data is read-only
            return READ_ONLY
        return EDITABLE if self._info(index.row(), index.column())[1] in ("value", "name") else READ_ONLY

    def _info(self, row: int, column: int) -> tuple[Slot, str, Cell | None, Cell | None, bool]:
        """(slot, kind, value cell, mark cell, total) of a grid position, cached until rows change."""
        key = (row, column)
        info = self._cache.get(key)
        if info is None:
            slot = self.grid.slot(row, column)
            kind = self._kind(slot)
            cell = slot.cell(self.table) if kind == "value" else None
            info = (slot, kind, cell, self._mark_cell(slot), self.is_total(slot))
            self._cache[key] = info
        return info

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        slot, kind, cell, mark, total = self._info(index.row(), index.column())
        if role == DISPLAY:
            if cell is not None:
                return format_amount(self.document.value(cell))
            return self._label_text(slot)
        if role == EDIT:
            if cell is not None:
                return self.document.value(cell)
            if kind == "name":
                return self.document.project.table(self.table).subjects.get(slot.row_key or "", "")
            return None
        if role == TEXTALIGNMENT:
            if kind == "value":
                return ALIGN_VALUE
            if slot.column is not None and slot.column.label == "行次":
                return ALIGN_CENTER
            return ALIGN_LABEL
        severity = self.document.marks.severity(mark) if mark is not None else None
        if role == BACKGROUND:
            if severity:
                return SEVERITY_TINTS[severity]
            if kind == "none":
                return BLANK_BACKGROUND
            if cell is not None and self.document.is_computed(cell):
                return COMPUTED_BACKGROUND
            if total:
                return TOTAL_BACKGROUND
            if kind in ("label", "name"):
                return LABEL_BACKGROUND
            return None
        if role == DECORATION:
            if severity and self.document.marks.is_primary(mark):  # type: ignore[arg-type]
                return severity_icon(severity)
            return None
        if role == SeverityRole:
            return severity
        if role == PrimaryRole:
            return bool(severity and self.document.marks.is_primary(mark))  # type: ignore[arg-type]
        if role == FOREGROUND:
            return COMPUTED_TEXT if cell is not None and self.document.is_computed(cell) else None
        if role == FONT:
            if cell is not None:
                return self._italic if self.document.is_manual(cell) else None
            return self._bold if total and kind in ("label", "name") else None
        if role == TOOLTIP:
            tip = self._tooltip(slot, mark) if severity else None
            mode = self.total_mode(cell)
            if mode:
                tip = "\n".join(t for t in (tip, COMPUTED_TIP if mode == "computed" else MANUAL_TIP) if t)
            notes = self.document.review_marks.tooltip_lines(mark) if mark is not None else None
            tip = "\n".join([tip] + notes if tip else notes) if notes else tip
            merge = self.document.project.merge  # a 汇总: which units gave how much (None for a unit's project)
            if merge is not None and cell is not None:
                sources = merge.tooltip(cell.table, cell.row, cell.column)
                if sources:
                    return f"{tip}\n{sources}" if tip else sources
            return tip
        if role == TotalModeRole:
            return self.total_mode(cell)
        if role == CellRole:
            return cell if kind == "value" else mark
        if role == KindRole:
            return kind
        if role == TotalRole:
            return total
        if role == FindingsRole:
            return self.document.marks.at(mark) if mark else []
        if role == CommentRole:
            return self.document.review_marks.comment_state(mark) if mark is not None else None
        if role == ChangedRole:
            return mark is not None and mark in self.document.review_marks.changed
        return None

    def total_mode(self, cell: Cell | None) -> str | None:
        """"computed" (follows its parts), "manual" (typed by hand) or None (not a total, or printed totals kept)."""
        if cell is None:
            return None
        if self.document.is_computed(cell):
            return "computed"
        return "manual" if self.document.is_manual(cell) else None

    def _label_text(self, slot: Slot) -> str:
        if slot.row_key is None or slot.column is None or slot.kind != "label":
            return ""
        kind, i, key = self.template.kind, slot.column.index, slot.row_key
        if self.template.is_subject:
            if key == self.template.total_row:
                return "合计" if i == 0 else ""
            if i == 0:
                return key
            return self.document.project.table(self.table).subjects.get(key, "")
        name = slot.row.name if slot.row else ""
        if kind == "economic":
            if i == 0:
                return key if key.isdigit() else name
            return name if key.isdigit() else ""
        return name if i == 0 else key

    def _tooltip(self, slot: Slot, mark: Cell | None) -> str | None:
        findings = self.document.marks.at(mark) if mark else []
        lines = [f"【{severity_text(f.severity)}】{f.message}" for f in findings]
        if slot.kind == "value" and slot.cell(self.table) is not None and self.is_total(slot) and findings:
            computed = self.document.computed_value(slot.cell(self.table))  # type: ignore[arg-type]
            if computed is not None:
                lines.append(f"计算值：{format_amount(computed)}（右键“采用计算值”）")
        return "\n".join(lines) if lines else None

    def setData(self, index: Index, value: Any, role: int = Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        slot = self.slot(index)
        kind = self._kind(slot)
        try:
            if kind == "value":
                amount = value if isinstance(value, Decimal) or value is None else parse_amount(str(value))
                self.document.set_cell(slot.cell(self.table), amount)  # type: ignore[arg-type]
                return True
            if kind == "name":
                self.document.rename_subject(self.table, slot.row_key or "", str(value))
                return True
        except JuesuanError as exc:
            self.inputRejected.emit(str(exc))
        return False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal and 0 <= section < len(self.grid.columns):
            column = self.grid.columns[section]
            return column.key or column.label
        return str(section + 1) if orientation == Qt.Vertical else None

    # document → view -------------------------------------------------------------------------
    def _on_cells(self, cells: Iterable[Cell]) -> None:
        positions = [p for p in (self.grid.position(c) for c in cells if c.table == self.table) if p]
        if not positions:
            return
        if len(positions) > BULK_CELLS:
            rows = [p[0] for p in positions]
            cols = [p[1] for p in positions]
            self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)))
            return
        for r, c in positions:
            index = self.index(r, c)
            self.dataChanged.emit(index, index)

    def _on_reset(self) -> None:
        self.beginResetModel()
        self._sync_rows_silently()
        self.endResetModel()

    def _codes(self) -> list[str]:
        data = self.document.project.tables.get(self.table)
        return sorted(data.subjects) if data else []

    def _sync_rows_silently(self) -> None:
        codes = self._codes()
        self.grid.set_rows(codes)
        self._update_parents(codes)

    def _update_parents(self, codes: list[str]) -> None:
        self._cache.clear()
        present = set(codes)
        self._parents = {c[:-2] for c in codes if len(c) in (5, 7)} & present
        if any(len(c) == 3 for c in codes):
            self._parents.add(self.template.total_row or "合计")

    def _on_rows(self, table: str) -> None:
        if table != self.table:
            return
        if self.template.is_subject:
            new = [self.template.total_row or "合计", *self._codes()]
            self._apply_row_diff(new)
            self._update_parents(new[1:])
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _apply_row_diff(self, new: list[str]) -> None:
        """Insert and remove only the rows that changed, so selection and scroll position survive."""
        keep = set(new)
        rows = list(self.grid.rows)
        gone = [i for i, key in enumerate(rows) if key not in keep]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            self._cache.clear()
            del rows[first : last + 1]
            self.grid.set_rows(rows[1:])
            self.endRemoveRows()
        have = set(rows)
        fresh = [j for j, key in enumerate(new) if key not in have]
        for first, last in _runs(fresh):
            self.beginInsertRows(QModelIndex(), first, last)
            self._cache.clear()
            rows[first:first] = new[first : last + 1]
            self.grid.set_rows(rows[1:])
            self.endInsertRows()


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices as (first, last)."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
