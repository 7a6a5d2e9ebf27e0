"""The Qt model of one 自评 form: the printed grid over the live document, values and computed scores current
after every edit (before the next key is handled), finding marks as on the 决算 tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...errors import JuesuanError
from ...findings import Cell, Finding
from ...selfeval.model import SelfEvalForm, form_table
from ...selfeval.scoring import Scorecard
from ..base.qt_document import QtProjectDocument
from ..base.marks import RANK
from .commands import SelfEvalEditor
from .layout import (BLANK, CHECK, COMPUTED, COVERED, HEADING, LABEL, LONG_TEXT, NUMERIC, FormLayout, Slot,
                              Target, build_layout, computed, current, display)
from .values import reading
from ..base.style import BLANK_BACKGROUND, HEADER_BACKGROUND, LABEL_BACKGROUND, SEVERITY_TINTS, severity_icon, severity_text
from ..tables.model import (CellRole, ChangedRole, CommentRole, FindingsRole, KindRole, PrimaryRole, SeverityRole,
                          TotalRole)

#: the slot kind of a grid position (amount, points, percent, text, long, choice, check, computed, label, …)
SlotRole = int(Qt.UserRole) + 20
#: the choices of a choice cell
ChoicesRole = int(Qt.UserRole) + 21
#: the text a copy puts on the clipboard
CopyRole = int(Qt.UserRole) + 22
SLOT, CHOICES, COPY = SlotRole, ChoicesRole, CopyRole
COMPUTED_BACKGROUND = QColor("#eef6ee")
# plain ints: data() is called for every painted cell, and comparing against Qt enum attributes costs a lookup
DISPLAY, EDIT, ALIGNMENT, BACKGROUND = int(Qt.DisplayRole), int(Qt.EditRole), int(Qt.TextAlignmentRole), int(Qt.BackgroundRole)
FOREGROUND, FONT, DECORATION, TOOLTIP = int(Qt.ForegroundRole), int(Qt.FontRole), int(Qt.DecorationRole), int(Qt.ToolTipRole)
SIZE, CHECKSTATE = int(Qt.SizeHintRole), int(Qt.CheckStateRole)
SEVERITY, PRIMARY, FINDINGS, KIND, CELL = int(SeverityRole), int(PrimaryRole), int(FindingsRole), int(KindRole), int(CellRole)
TOTAL, COMMENT, CHANGED = int(TotalRole), int(CommentRole), int(ChangedRole)
ALIGN_RIGHT, ALIGN_CENTER = int(Qt.AlignRight | Qt.AlignVCenter), int(Qt.AlignCenter)
ALIGN_LEFT, ALIGN_TOP = int(Qt.AlignLeft | Qt.AlignVCenter), int(Qt.AlignLeft | Qt.AlignTop)
COMPUTED_FOREGROUND = QColor("#1b5e20")
MUTED_FOREGROUND = QColor("#6b7280")
_BACKGROUNDS = {HEADING: HEADER_BACKGROUND, LABEL: LABEL_BACKGROUND, COMPUTED: COMPUTED_BACKGROUND, BLANK: BLANK_BACKGROUND,
                COVERED: BLANK_BACKGROUND}
READ_ONLY = Qt.ItemIsEnabled | Qt.ItemIsSelectable
EDITABLE = READ_ONLY | Qt.ItemIsEditable
Index = QModelIndex | QPersistentModelIndex


class _NoGrid:
    """What the shared TableView asks of a model's grid: no frozen columns, no printed header (the form prints its own)."""

    frozen = 0
    columns: list = []

    @staticmethod
    def header_nodes() -> list:
        return []


class SelfEvalModel(QAbstractTableModel):
    """One form as a grid; edits go to the document through `SelfEvalEditor` (one undo step each)."""

    #: a refused edit: the Chinese reason
    inputRejected = Signal(str)
    #: the form's scores were recomputed (the page shows a summary)
    scoresChanged = Signal()
    #: these grid rows may need a new height (texts changed)
    rowsResized = Signal(object)

    def __init__(self, document: QtProjectDocument, form: SelfEvalForm, editor: SelfEvalEditor, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.document = document
        self.form = form
        self.editor = editor
        self.grid = _NoGrid()
        self.template = None
        self.table = form_table(form)
        self.card: Scorecard | None = None
        self.layout = FormLayout(self.table)
        self._texts: dict[int, tuple] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._refresh(silent=True)
        document.rowsChanged.connect(self._on_rows)
        document.marksChanged.connect(self._on_marks)
        document.readOnlyChanged.connect(self._read_only_changed)

    # geometry -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.layout.row_count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 10

    def slot(self, index: Index) -> Slot:
        return self.layout.slot(index.row(), index.column())

    def spans(self) -> list[tuple[int, int, int, int]]:
        return list(self.layout.spans)

    def index_of(self, cell: Cell) -> QModelIndex:
        """Where a cell of this form is shown (an indicator field, a fund amount, 总分 …)."""
        if cell.table != self.table:
            return QModelIndex()
        position = self.layout.position(cell)
        return self.index(*position) if position else QModelIndex()

    def cell_at(self, index: Index) -> Cell | None:
        if not index.isValid():
            return None
        slot = self.slot(index)
        return slot.cell if slot.editable else None

    def is_live(self) -> bool:
        """The form is still in the project (a deleted form's page is about to go)."""
        return any(f is self.form for f in self.document.core.selfeval.forms())

    # data -----------------------------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        slot = self.slot(index)
        if slot.kind == CHECK:
            return READ_ONLY if self.document.read_only_reason else READ_ONLY | Qt.ItemIsUserCheckable
        if slot.editable and not self.document.read_only_reason:
            return EDITABLE
        return READ_ONLY

    def value(self, slot: Slot) -> Any:
        if slot.target is None:
            return None
        if slot.kind == COMPUTED:
            return computed(self.card, self.card.scheme if self.card else None, slot.target.key)[0]
        return current(self.form, slot.target)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        slot = self.layout.slot(index.row(), index.column())
        kind = slot.kind
        if role == DISPLAY:
            return self._display(slot)
        if role == BACKGROUND:
            severity = self._severity(slot)
            if severity:
                return SEVERITY_TINTS[severity]
            return _BACKGROUNDS.get(kind)
        if role == ALIGNMENT:
            if kind in NUMERIC or (kind == COMPUTED and isinstance(self.value(slot), Decimal)):
                return ALIGN_RIGHT
            if kind == HEADING or (kind == LABEL and index.column() == 0):
                return ALIGN_CENTER
            return ALIGN_TOP if kind == LONG_TEXT else ALIGN_LEFT
        if role == FONT:
            return self._bold if kind == HEADING or (kind == LABEL and index.column() == 0) else None
        if role == FOREGROUND:
            if kind == COMPUTED:
                return COMPUTED_FOREGROUND if self.value(slot) is not None else MUTED_FOREGROUND
            return None
        if role == DECORATION:
            severity = self._severity(slot)
            return severity_icon(severity) if severity and self._primary(slot) else None
        if role == EDIT:
            return self.value(slot) if slot.editable or kind in (COMPUTED, CHECK) else None
        if role == CHECKSTATE:
            return (Qt.Checked if self.value(slot) else Qt.Unchecked) if kind == CHECK else None
        if role == SIZE:
            # a cell merged over several rows must not make its first row tall
            if kind in (COVERED, BLANK) or self.layout.span(index.row(), index.column())[0] > 1:
                return QSize(10, 10)
            return None
        if role == SEVERITY:
            return self._severity(slot)
        if role == PRIMARY:
            return bool(self._severity(slot) and self._primary(slot))
        if role == COMMENT:
            return self.document.review_marks.comment_state(slot.cell) if slot.cell is not None else None
        if role == CHANGED:
            return slot.cell is not None and slot.cell in self.document.review_marks.changed
        if role == TOOLTIP:
            return self._tooltip(slot, self.findings(slot))
        if role == FINDINGS:
            return self.findings(slot)
        if role == COPY:
            if slot.editable:
                value = self.value(slot)
                return "" if value is None else (format(value, "f") if kind in NUMERIC else str(value))
            return self._display(slot)
        if role in (KIND, SLOT):
            return kind
        if role == CHOICES:
            return list(slot.choices)
        if role == CELL:
            return slot.cell
        if role == TOTAL:
            return kind == COMPUTED
        return None

    def _severity(self, slot: Slot) -> str | None:
        marks = self.document.marks
        worst = marks.severity(slot.cell) if slot.cell is not None else None
        for cell in slot.marks:
            other = marks.severity(cell)
            if other and (worst is None or RANK.get(other, 9) < RANK.get(worst, 9)):
                worst = other
        return worst

    def computed_for(self, slot: Slot) -> tuple[Any, str] | None:
        """The value the scheme computes for an entered cell (执行率, 资金得分, 总分, 等级, 合计, a quantitative
        indicator's 得分) and its text, or None."""
        card, target = self.card, slot.target
        if card is None or target is None:
            return None
        value: Any = None
        if target.kind == "form":
            value = {"fund_rate": card.rate_percent, "fund_score": card.money_score, "fund_points": card.money_weight,
                     "total_score": card.total, "grade": card.grade}.get(target.key[0])
        elif target.kind == "fund" and target.key[0] == "合计":
            value = card.fund_sums.get(target.key[1])
        elif target.kind == "indicator" and target.key[2] == "score":
            tip = card.suggestions.get((target.key[0], target.key[1]))
            value = tip.score if tip is not None else None
        return None if value is None else (value, display(slot, value))

    def _display(self, slot: Slot) -> str:
        if slot.kind in (LABEL, HEADING, CHECK):
            return slot.text
        if slot.kind == COMPUTED:
            return computed(self.card, self.card.scheme if self.card else None, slot.target.key)[1] if slot.target else ""
        if slot.target is None:
            return ""
        text = display(slot, self.value(slot))
        return text + slot.suffix if text else text

    def findings(self, slot: Slot) -> list[Finding]:
        cells = ((slot.cell,) if slot.cell is not None else ()) + slot.marks
        found: list[Finding] = []
        for cell in dict.fromkeys(cells):
            for finding in self.document.marks.at(cell):
                if finding not in found:
                    found.append(finding)
        return sorted(found, key=lambda f: RANK.get(f.severity, 9))

    def _primary(self, slot: Slot) -> bool:
        cells = ((slot.cell,) if slot.cell is not None else ()) + slot.marks
        return any(self.document.marks.is_primary(c) for c in cells)

    def _tooltip(self, slot: Slot, findings: list[Finding]) -> str | None:
        lines = [f"【{severity_text(f.severity)}】{f.message}" for f in findings]
        if findings and slot.editable:
            found = self.computed_for(slot)
            if found is not None and found[0] != self.value(slot):
                lines.append(f"计算值：{found[1]}（右键“采用计算值”）")
        if slot.kind == COMPUTED and slot.target is not None:
            tip = computed(self.card, self.card.scheme if self.card else None, slot.target.key)[2]
            if tip:
                lines.append(tip)
        elif slot.target is not None and slot.target.kind == "indicator" and slot.target.key[2] in ("target", "actual"):
            text = reading(str(self.value(slot) or ""))
            if text:
                lines.append(text)
        elif slot.kind == LONG_TEXT and len(str(self.value(slot) or "")) > 60:
            lines.append(str(self.value(slot))[:1500])
        if slot.kind == LONG_TEXT and not self.document.read_only_reason:
            lines.append("双击或按 F2 编辑；Enter 换行，Ctrl+Enter 完成")
        if slot.cell is not None:
            lines += self.document.review_marks.tooltip_lines(slot.cell) or []
        return "\n".join(lines) if lines else None

    def setData(self, index: Index, value: Any, role: int = Qt.EditRole) -> bool:
        if not index.isValid():
            return False
        slot = self.slot(index)
        try:
            if role == Qt.CheckStateRole and slot.kind == CHECK and slot.target is not None:
                checked = getattr(value, "value", value) in (2, True)
                return bool(self.editor.set_values(self.table, [(slot.target, checked)], f"勾选 {slot.text}"))
            if role != Qt.EditRole or not slot.editable:
                return False
            edits = [(target, value) for target in slot.targets()]
            self.editor.set_values(self.table, edits, self._edit_text(slot))
            return True
        except JuesuanError as exc:
            self.inputRejected.emit(str(exc))
            return False

    def set_targets(self, edits: list[tuple[Target, Any]], text: str) -> int:
        """Several cells as one undo step (paste, Delete)."""
        return self.editor.set_values(self.table, edits, text)

    def _edit_text(self, slot: Slot) -> str:
        where = slot.cell.row if slot.cell is not None else ""
        column = slot.cell.column if slot.cell is not None else ""
        return f"输入 {self.table} {where} {column}".strip()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        return None

    # document → view ----------------------------------------------------------------------------------------
    def _on_rows(self, table: str) -> None:
        if table not in (self.table, "自评") and table != form_table(self.form):
            return
        if not self.is_live():
            return
        self._refresh()

    def refresh(self) -> None:
        """Recompute after a change elsewhere (a scheme stored by another form)."""
        if self.is_live():
            self._refresh()

    def _refresh(self, silent: bool = False) -> None:
        self.table = form_table(self.form)
        core = self.document.core
        self.card = core.selfeval_score(self.table)
        fresh = build_layout(self.form, self.table, core.selfeval_scheme(self.table), self.card)
        if silent:
            self.layout = fresh
            self._remember_texts()
            return
        if fresh.signature == self.layout.signature:
            changed = [r for r in range(fresh.row_count) if _row_texts(fresh, self.form, r) != self._texts.get(r)]
            self.layout = fresh
            self._remember_texts()
            self._all_changed()
            if changed:
                self.rowsResized.emit(changed)
        else:
            self.layoutAboutToBeChanged.emit()
            old = self.persistentIndexList()
            self.layout = fresh
            rows, columns = max(fresh.row_count, 1), 10
            self.changePersistentIndexList(old, [self.index(min(i.row(), rows - 1), min(i.column(), columns - 1))
                                                 if i.isValid() else QModelIndex() for i in old])
            self._remember_texts()
            self.layoutChanged.emit()
            self.rowsResized.emit(None)
        self.scoresChanged.emit()

    def _remember_texts(self) -> None:
        self._texts = {r: _row_texts(self.layout, self.form, r) for r in range(self.layout.row_count)}

    def _read_only_changed(self, _read_only: bool) -> None:
        self._all_changed()

    def _all_changed(self) -> None:
        if self.layout.row_count:
            self.dataChanged.emit(self.index(0, 0), self.index(self.layout.row_count - 1, 9))

    def _on_marks(self, cells: Iterable[Cell]) -> None:
        positions = [p for c in cells if c.table == self.table for p in self.layout.mark_positions(c)]
        for r, c in dict.fromkeys(positions):
            index = self.index(r, c)
            self.dataChanged.emit(index, index)


def _row_texts(layout: FormLayout, form: SelfEvalForm, row: int) -> tuple:
    """The long texts of a row (their length decides its height)."""
    out = []
    for column in range(10):
        slot = layout.slot(row, column)
        if slot.kind in (LONG_TEXT, "text") and slot.target is not None:
            out.append(len(str(current(form, slot.target) or "")))
    return tuple(out)
