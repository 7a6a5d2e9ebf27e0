"""The Qt face of ProjectDocument: re-emits each Change as signals, owns undo and file state."""

from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ...document import INFO, Change, ProjectDocument, ProjectInfo, new_project
from ...errors import JuesuanError
from ...findings import Cell, Finding
from ...memory import collector_paused, promote_survivors
from ...model import Project
from .marks import FindingIndex
from .review_marks import ReviewMarks
from .undo import AddSubjects, AdoptComputed, FillTotals, RemoveSubjects, RenameSubject, SetCells, SetInfo, SetNoData


class QtProjectDocument(QObject):
    """One open project. Views listen to its signals; every edit goes through its methods."""

    #: tuple[Cell, ...] whose values changed
    cellsChanged = Signal(object)
    #: a table whose rows, names or 本表无数据 flag changed
    rowsChanged = Signal(str)
    #: (added findings, removed findings)
    findingsChanged = Signal(object, object)
    #: set[Cell] whose marks changed (findings; also comments and 审核后已修改 from the review controller)
    marksChanged = Signal(object)
    #: a different project is loaded (open/new): views rebuild
    projectReset = Signal()
    pathChanged = Signal(object)
    cleanChanged = Signal(bool)
    #: data became read-only (审核模式) or editable again
    readOnlyChanged = Signal(bool)
    #: 项目信息 (unit, year …) changed
    infoChanged = Signal()

    def __init__(self, project: Project | None = None, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.cleanChanged)
        self.marks = FindingIndex()
        #: comment markers, 审核后已修改 cells, explanation states (kept by the window's ReviewController)
        self.review_marks = ReviewMarks()
        #: why data cannot be edited now ('' = editable); set in review mode
        self.read_only_reason = ""
        self.path: Path | None = None
        self.core: ProjectDocument
        self._attach(project or new_project(), path)
        settle_memory()

    # loading ----------------------------------------------------------------------------
    def _attach(self, project: Project, path: Path | None) -> None:
        self.core = ProjectDocument(project)  # runs a full validation
        self.core.subscribe(self._on_change)
        # the rules' dependency index (and which totals are sums of which): built when the window is idle after
        # showing the project, not inside the open and not at the first keystroke
        steps = self.core.prepare_steps()

        def step(core: ProjectDocument = self.core) -> None:  # one slice per turn of the event loop
            if core is not self.core:
                return
            try:
                next(steps)
            except StopIteration:
                return
            QTimer.singleShot(0, self, step)

        QTimer.singleShot(0, self, step)
        self.marks.reset(self.core.findings)
        self.path = Path(path) if path else None

    def load(self, project: Project, path: Path | None = None) -> None:
        """Replace the project (open or new); the undo history starts afresh."""
        previous_rows = _rows(self.core.project)
        with collector_paused():  # loading: nearly every object survives; settle_memory after
            self.undo_stack.clear()
            self._attach(project, path)
            self.undo_stack.setClean()
            self.projectReset.emit()
            self.pathChanged.emit(self.path)
        settle_memory(previous_rows)  # after the views let go of the previous project too

    def set_path(self, path: Path) -> None:
        self.path = Path(path)
        self.undo_stack.setClean()
        self.pathChanged.emit(self.path)

    def revalidate(self) -> None:
        """Run every rule again (after rule or catalog data changed)."""
        self.core.engine.run_full(self.core.project)
        self.marks.reset(self.core.findings)
        self.projectReset.emit()

    # queries ----------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self.core.project

    @property
    def layout(self):  # noqa: ANN201 - templates.Layout
        return self.core.layout

    @property
    def catalog(self):  # noqa: ANN201 - catalog.Catalog
        return self.core.catalog

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.core.findings

    def is_clean(self) -> bool:
        return self.undo_stack.isClean()

    def value(self, cell: Cell) -> Decimal | None:
        return self.core.value(cell)

    def computed_value(self, cell: Cell) -> Decimal | None:
        return self.core.computed_value(cell)

    def is_total(self, cell: Cell) -> bool:
        """A cell that a rule defines as the sum of others with at least one part filled (offers 采用计算值)."""
        return self.core.computed_value(cell) is not None

    def is_computed(self, cell: Cell) -> bool:
        """A total that follows its parts (computed style)."""
        return self.core.is_computed(cell)

    def is_manual(self, cell: Cell) -> bool:
        """A total the user typed (kept; checked against its parts)."""
        return self.core.is_manual(cell)

    # read-only (review mode) ------------------------------------------------------------------
    def set_read_only(self, reason: str) -> None:
        """Refuse every data edit with `reason` (Chinese), or allow them again with ''."""
        if reason == self.read_only_reason:
            return
        self.read_only_reason = reason
        self.readOnlyChanged.emit(bool(reason))

    def _writable(self) -> None:
        if self.read_only_reason:
            raise JuesuanError(self.read_only_reason)

    # edits (each one undo step) -------------------------------------------------------------
    def set_cells(self, edits: Iterable[tuple[Cell, Decimal | None]], text: str = "编辑", command=SetCells) -> int:
        """Set cells as one undo step; returns how many changed. Raises JuesuanError for a bad cell."""
        self._writable()
        old, new = [], []
        seen: set[Cell] = set()
        for cell, value in edits:
            if cell in seen:
                continue
            seen.add(cell)
            before = self.core.value(cell)
            if before == value and (before is None) == (value is None):
                continue
            old.append((cell, before))
            new.append((cell, value))
        if not new:
            return 0
        self.core.set_values(new)
        self.undo_stack.push(command(self, old, new, text, self.core.last_edit))
        return len(new)

    def set_cell(self, cell: Cell, value: Decimal | None) -> int:
        return self.set_cells([(cell, value)], f"输入 {cell.table} {cell.row} {cell.column}栏")

    def fill_totals(self) -> int:
        """Fill every empty total from its parts as one undo step; returns the number filled."""
        return self.set_cells(self.core.empty_total_fills(), "填充空白合计", FillTotals)

    def adopt_all_computed(self) -> int:
        """全部采用计算值 as one undo step: every total from its parts, and totals follow from now on."""
        self._writable()
        edit = self.core.adopt_all_computed()
        self.undo_stack.push(AdoptComputed(self, edit))
        return len(edit.new)

    def set_info(self, info: ProjectInfo) -> bool:
        """项目信息 as one undo step; False when nothing changed. Raises JuesuanError for bad input."""
        self._writable()
        info = info.checked()
        if info == ProjectInfo.of(self.project):
            return False
        old = self.core.set_info(info)
        self.undo_stack.push(SetInfo(self, old, info))
        return True

    def add_subject(self, table: str, code: str, name: str | None = None) -> list[str]:
        """Add a subject row (and missing 类/款 parents) as one undo step; returns codes added."""
        self._writable()
        added = self.core.add_subject(table, code, name)
        names = {c: self.project.table(table).subjects[c] for c in added}
        self.undo_stack.push(AddSubjects(self, table, added, names, f"添加科目 {code.strip()}"))
        return added

    def remove_subjects(self, table: str, codes: Sequence[str]) -> int:
        self._writable()
        snapshots = self.core.remove_subjects(table, codes)
        if snapshots:
            self.undo_stack.push(RemoveSubjects(self, table, snapshots, f"删除科目 {len(snapshots)} 行"))
        return len(snapshots)

    def rename_subject(self, table: str, code: str, name: str) -> None:
        self._writable()
        name = name.strip()
        current = self.project.table(table).subjects.get(code)
        if current is None:
            raise JuesuanError(f"{table} 没有科目 {code}")
        if not name:
            raise JuesuanError("科目名称不能为空")
        if name == current:
            return
        old = self.core.rename_subject(table, code, name)
        self.undo_stack.push(RenameSubject(self, table, code, old, name))

    def set_no_data(self, table: str, flag: bool, note: str) -> None:
        self._writable()
        data = self.project.table(table)
        if (data.no_data, data.no_data_note) == (flag, note):
            return
        old = self.core.set_no_data(table, flag, note)
        self.undo_stack.push(SetNoData(self, table, old, (flag, note)))

    # core → signals -------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        touched = self.marks.apply(change.added, change.removed)
        if INFO in change.tables:
            self.infoChanged.emit()
        for table in change.tables:
            self.rowsChanged.emit(table)
        #: where the findings moved (positions in `findings`), read by the issues panel; None → rebuild
        self.findings_delta = change.delta
        if change.added or change.removed or (change.delta is not None and (change.delta.added or change.delta.removed)):
            self.findingsChanged.emit(change.added, change.removed)
        if touched:
            self.marksChanged.emit(touched)
        if change.cells:
            self.cellsChanged.emit(change.cells)


#: a previous project with fewer subject rows than this leaves too little garbage to be worth a full collection
SMALL_PROJECT_ROWS = 300


def _rows(project: Project) -> int:
    return sum(len(table.subjects) for table in project.tables.values())


def settle_memory(previous_rows: int | None = None) -> None:
    """After a project is loaded, collect the previous project's garbage once, now rather than while the user
    types. After a small previous project (the empty one at start) there is next to nothing to collect: the new
    objects only move to the oldest generation (`freeze` then `unfreeze` at once, as the rule engine does), so
    no young collection traces them all again at the first keystroke. (Keeping objects frozen for long crashed
    the process once, when Qt wrappers whose C++ objects had been deleted were collected later; so never that.)"""
    if previous_rows is not None and previous_rows < SMALL_PROJECT_ROWS:
        promote_survivors()
    else:
        gc.collect()
