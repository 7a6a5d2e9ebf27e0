"""A project being edited: the model, its rulebook and its live findings, changed only through
methods that report what changed (the Qt layer wraps each call in an undo command)."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from pydantic import ValidationError

from .errors import JuesuanError
from .findings import Cell, Finding
from .model import Project, TableData, TotalsState, Unit, children_of, row_keys
from .narrative import NarrativeChecker
from .publishing.model import FIELD_LABELS, Publication
from .rules.store import FindingsDelta
from .selfeval.editing import SelfEvalEdits
from .templates import TableTemplate
from .totals import TotalsGraph, ValueEdit, is_manual, set_manual
from .validation import Rulebook, rulebook


@dataclass(frozen=True)
class Change:
    """What one edit did: cells whose value changed, tables whose rows changed, findings delta."""

    cells: tuple[Cell, ...] = ()
    tables: tuple[str, ...] = ()
    added: tuple[Finding, ...] = ()
    removed: tuple[Finding, ...] = ()
    #: where the findings went in `findings` (remove then insert, by position); None: rebuild from `findings`
    delta: FindingsDelta | None = None


@dataclass(frozen=True)
class RowSnapshot:
    """A removed subject row, enough to put it back."""

    table: str
    code: str
    name: str
    values: dict[str, Decimal] = field(default_factory=dict)


Listener = Callable[[Change], None]
#: the pseudo-table a Change names when the project information (unit, year) changed
INFO = "项目信息"


def _with_text(delta: FindingsDelta, engine_before: int, text_before: tuple[Finding, ...], engine_after: int,
               text_after: tuple[Finding, ...]) -> FindingsDelta:
    """The engine's delta over the whole list (the 情况说明 findings follow the engine's): every old 情况说明 finding
    removed and every new one inserted, so the panels still move rows instead of rebuilding."""
    removed = tuple((engine_before + i, f) for i, f in reversed(list(enumerate(text_before)))) + delta.removed
    added = delta.added + tuple((engine_after + i, f) for i, f in enumerate(text_after))
    return FindingsDelta(removed, added, delta.rebuilt)


class ProjectDocument(SelfEvalEdits):
    """The edit path. The 绩效自评 edits (set_fund, set_indicator_fields, add_project_form, set_form_scheme, …) come
    from juesuan.selfeval.editing.SelfEvalEdits and report through the same `_emit`."""

    def __init__(self, project: Project, book: Rulebook | None = None) -> None:
        self.project = project
        self.book = book or rulebook(project.layout)
        self.layout = self.book.layout
        self.catalog = self.book.catalog
        self.engine = self.book.engine()
        self._listeners: list[Listener] = []
        self.engine.run_full(project)
        #: 情况说明 findings, indexed by the cells each claim reads (re-checked like the rules, edit by edit).
        self.narrative = NarrativeChecker(enabled=self.book.checks_narrative)
        self.narrative.run_full(project)
        #: which cells are sums of which (built on the first edit that needs it, again after a change of rows)
        self._graph: TotalsGraph | None = None
        #: everything the last `set_values` changed, for its undo command
        self.last_edit = ValueEdit()

    # observers -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, cells: Iterable[Cell] = (), tables: Iterable[str] = ()) -> Change:
        cells, tables = tuple(cells), tuple(dict.fromkeys(tables))
        engine_before = len(self.engine.findings())
        text_before = self.narrative.findings()
        added, removed = self.engine.update(self.project, cells, tables)
        text_added, text_removed = self.narrative.update(self.project, cells, tables)
        delta = self.engine.last_delta
        if delta is not None and (text_added or text_removed):
            delta = _with_text(delta, engine_before, text_before, len(self.engine.findings()), self.narrative.findings())
        added, removed = added + text_added, removed + text_removed
        change = Change(cells, tables, tuple(added), tuple(removed), delta)
        for listener in list(self._listeners):
            listener(change)
        return change

    # queries ---------------------------------------------------------------------------
    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.engine.findings() + self.narrative.findings()

    def template(self, table: str) -> TableTemplate:
        return self.layout[table]

    def rows(self, table: str) -> list[str]:
        return row_keys(self.project, self.layout[table])

    def value(self, cell: Cell) -> Decimal | None:
        return self.project.value(cell.table, cell.row, cell.column)

    def revalidate(self) -> tuple[Finding, ...]:
        findings = self.engine.run_full(self.project) + self.narrative.run_full(self.project)
        for listener in list(self._listeners):
            listener(Change(tables=tuple(t.id for t in self.layout.tables), added=findings))
        return findings

    # edits -----------------------------------------------------------------------------
    def set_narrative_data(self, cell: Cell, value: Decimal | None) -> Decimal | None:
        """Set one input of the 情况说明数据 page (juesuan.narrative.data: 上年决算数, 年初预算数, figures, counts);
        only the claims that read it are checked again. Returns the previous value."""
        from .narrative.data import set_data_value

        old = set_data_value(self.project, cell, value)
        if old != value:
            self._emit([cell])
        return old

    def set_narrative_reason(self, key: str, text: str) -> str:
        """Set the 主要原因 of a section key (juesuan.narrative.data.reason_fields); returns the previous text. Reported
        as a change of the pseudo cell (情况说明数据, key, 原因) so that pages can show it; no claim reads it."""
        from .narrative.data import REASON_COLUMN, set_reason
        from .narrative.quantities import DATA

        old = set_reason(self.project, key, text)
        if old != self.project.narrative.reasons.get(key, ""):
            self._emit([Cell(DATA, key, REASON_COLUMN)])
        return old

    def set_narrative_text(self, text: str) -> str:
        """Replace the unit's own 情况说明 (the text is re-checked in full); returns the previous text."""
        old, self.project.narrative.text = self.project.narrative.text, text
        if old != text:
            self._emit(tables=["说明"])
        return old

    def set_narrative_not_data(self, marks: list) -> list:
        """Replace the marks "不是数据" on the unit's text (juesuan.narrative.not_data); returns the previous marks."""
        old, self.project.narrative.not_data = self.project.narrative.not_data, list(marks)
        if old != self.project.narrative.not_data:
            self._emit(tables=["说明"])
        return old

    def set_values(self, edits: Iterable[tuple[Cell, Decimal | None]]) -> Change:
        """Set many cells at once (one paste = one call) and, unless the project keeps its printed totals, bring
        every total above them up to date in the same change. A total typed by hand (a value other than its
        computed one) is marked manual and no longer follows; clearing it makes it follow again. Returns the change;
        `last_edit` holds everything it did, for undo."""
        live = not self.project.totals.printed
        graph = self.totals() if live else None
        old_values: dict[Cell, Decimal | None] = {}
        marks: list[tuple[Cell, bool, bool]] = []
        user: list[Cell] = []
        for cell, value in edits:
            self._check_cell(cell)
            old = self.project.value(cell.table, cell.row, cell.column)
            if old != value or (old is None) != (value is None):
                old_values.setdefault(cell, old)
                self.project.set_value(cell.table, cell.row, cell.column, value)
                user.append(cell)
        if graph is not None:
            for cell in dict.fromkeys(user):
                if cell in graph:
                    value = self.project.value(cell.table, cell.row, cell.column)
                    self._mark(cell, value is not None and value != graph.value(self.project, cell), marks)
            for cell in graph.above(user) + [c for c in user if c in graph and not is_manual(self.project, c)]:
                if is_manual(self.project, cell):
                    continue
                old = self.project.value(cell.table, cell.row, cell.column)
                value = graph.value(self.project, cell)
                if old != value or (old is None) != (value is None):
                    old_values.setdefault(cell, old)
                    self.project.set_value(cell.table, cell.row, cell.column, value)
        changed = list(old_values)
        self.last_edit = ValueEdit(tuple(old_values.items()), tuple((c, self.value(c)) for c in changed), tuple(marks))
        return self._emit(changed)

    def set_value(self, cell: Cell, value: Decimal | None) -> Change:
        return self.set_values([(cell, value)])

    def apply_edit(self, edit: ValueEdit, *, undo: bool) -> Change:
        """Put back (undo) or do again (redo) exactly what one `set_values` or `adopt_all_computed` did."""
        for cell, before, after in edit.marks:
            set_manual(self.project, cell, before if undo else after)
        if edit.printed is not None:
            self.project.totals.printed = edit.printed[0] if undo else edit.printed[1]
        for cell, value in edit.old if undo else edit.new:
            self.project.set_value(cell.table, cell.row, cell.column, value)
        self.last_edit = edit
        return self._emit([cell for cell, _ in edit.new])

    def _mark(self, cell: Cell, manual: bool, marks: list[tuple[Cell, bool, bool]]) -> None:
        before = is_manual(self.project, cell)
        if before != manual:
            set_manual(self.project, cell, manual)
            marks.append((cell, before, manual))

    def set_info(self, info: ProjectInfo) -> ProjectInfo:
        """项目信息: replace the unit and year (checked first); returns the previous information."""
        info = info.checked()
        old = ProjectInfo.of(self.project)
        self.project.unit = info.unit().model_copy(update={"level": self.project.unit.level})
        self.project.year = info.year
        if old != info:
            self._emit(tables=[*(t.id for t in self.layout.tables), "说明", INFO])
        return old

    # totals that compute themselves ------------------------------------------------------
    def totals(self) -> TotalsGraph:
        """Which cells are sums of which, from the `=` error rules (same-table definitions first)."""
        if self._graph is None:
            enabled = gc.isenabled()
            gc.disable()  # many small tuples, no cycles: the collector would scan the heap again and again
            try:
                self._graph = TotalsGraph(self.engine.sum_relations())
            finally:
                if enabled:
                    gc.enable()
        return self._graph

    def prepare(self) -> None:
        """Build the dependency index and, when totals follow their parts, the totals graph ahead (window idle)."""
        for _ in self.prepare_steps():
            pass

    @property
    def prepared(self) -> bool:
        """What `prepare` builds is there: the next edit costs only what it changes."""
        return self.engine.indexed and (not self.totals_follow or self._graph is not None)

    def prepare_steps(self) -> Iterator[None]:
        """`prepare` in slices (a few ms each), yielding between them, for a window that stays responsive."""
        yield from self.engine.index_steps()
        if self.totals_follow:
            yield
            self.totals()

    @property
    def totals_follow(self) -> bool:
        """True when totals compute themselves (a project made here, or after 全部采用计算值)."""
        return not self.project.totals.printed

    def is_computed(self, cell: Cell) -> bool:
        """A total that follows its parts now (drawn in the computed style)."""
        return self.totals_follow and cell in self.totals() and not is_manual(self.project, cell)

    def is_manual(self, cell: Cell) -> bool:
        return is_manual(self.project, cell)

    def adopt_all_computed(self) -> ValueEdit:
        """全部采用计算值: every total takes its computed value, manual marks are dropped and totals follow their
        parts from now on. Returns what it did (one undo step)."""
        graph, project = self.totals(), self.project
        marks: list[tuple[Cell, bool, bool]] = []
        old_values: dict[Cell, Decimal | None] = {}
        for cell in graph.everything():
            self._mark(cell, False, marks)
            old, value = project.value(cell.table, cell.row, cell.column), graph.value(project, cell)
            if old != value or (old is None) != (value is None):
                old_values[cell] = old
                project.set_value(cell.table, cell.row, cell.column, value)
        printed = (project.totals.printed, False)
        project.totals.printed = False
        changed = list(old_values)
        self.last_edit = ValueEdit(tuple(old_values.items()), tuple((c, self.value(c)) for c in changed), tuple(marks), printed)
        self._emit(changed)
        return self.last_edit

    def _follow(self, cells: Iterable[Cell]) -> None:
        """After a change of rows: totals above `cells` (read before the change) follow their parts again."""
        if self.project.totals.printed:
            return
        self._graph = None
        graph, project = self.totals(), self.project
        changed = []
        for cell in graph.above(cells) + [c for c in cells if c in graph]:
            if is_manual(project, cell):
                continue
            old, value = project.value(cell.table, cell.row, cell.column), graph.value(project, cell)
            if old != value or (old is None) != (value is None):
                project.set_value(cell.table, cell.row, cell.column, value)
                changed.append(cell)
        if changed:
            self._emit(changed)

    def add_subject(self, table: str, code: str, name: str | None = None, *, with_parents: bool = True) -> list[str]:
        """Add a 功能分类 row (and its missing 类/款 rows); returns the codes added."""
        template = self.layout[table]
        if not template.is_subject:
            raise JuesuanError(f"{table} 的行是固定的，不能添加科目")
        code = code.strip()
        if not code.isdigit() or len(code) not in (3, 5, 7):
            raise JuesuanError(f"科目编码“{code[:20]}”应为3位（类）、5位（款）或7位（项）数字")
        subjects = self.project.table(table).subjects
        if code in subjects:
            raise JuesuanError(f"{table} 已有科目 {code} {subjects[code]}")
        wanted = [code[:n] for n in (3, 5) if n < len(code)] if with_parents else []
        added = []
        for parent in wanted:
            if parent not in subjects:
                subjects[parent] = self.catalog.name_of(parent) or ""
                added.append(parent)
        subjects[code] = (name or "").strip() or self.catalog.name_of(code) or ""
        added.append(code)
        self._graph = None
        self._emit(tables=[table])
        return added

    def remove_subjects(self, table: str, codes: Iterable[str]) -> list[RowSnapshot]:
        """Remove rows with their values; returns snapshots to restore them."""
        data = self.project.table(table)
        snapshots = []
        cells = []
        for code in codes:
            if code not in data.subjects:
                continue
            values = dict(data.values.pop(code, {}))
            snapshots.append(RowSnapshot(table, code, data.subjects.pop(code), values))
            cells += [Cell(table, code, c) for c in values]
        above = self.totals().above(cells) if self.totals_follow and cells else []
        self._graph = None
        self._emit(cells, [table])
        self._follow(above)
        return snapshots

    def restore_subjects(self, snapshots: Iterable[RowSnapshot]) -> None:
        cells, tables = [], []
        for snap in snapshots:
            data = self.project.table(snap.table)
            data.subjects[snap.code] = snap.name
            if snap.values:
                data.values[snap.code] = dict(snap.values)
            cells += [Cell(snap.table, snap.code, c) for c in snap.values]
            tables.append(snap.table)
        self._graph = None
        self._emit(cells, tables)
        self._follow(cells)

    def rename_subject(self, table: str, code: str, name: str) -> str:
        """Change a row's 科目名称; returns the old name."""
        data = self.project.table(table)
        if code not in data.subjects:
            raise JuesuanError(f"{table} 没有科目 {code}")
        old = data.subjects[code]
        data.subjects[code] = name.strip()
        self._emit(tables=[table])
        return old

    def set_no_data(self, table: str, flag: bool, note: str) -> tuple[bool, str]:
        """Set 本表无数据 and its note; returns the previous pair."""
        data = self.project.table(table)
        old = (data.no_data, data.no_data_note)
        data.no_data, data.no_data_note = flag, note
        self._graph = None
        self._emit(tables=[table])
        return old

    def set_publication(self, **fields: Any) -> dict[str, Any]:
        """Change 决算公开 texts, date, contact or `print` setup, checked as a whole (too long: a Chinese error,
        nothing changed); returns the previous values. No rule reads them: no re-validation, no Change."""
        current = self.project.publication
        unknown = [name for name in fields if name not in Publication.model_fields]
        if unknown:
            raise JuesuanError(f"没有这样的决算公开项目：{'、'.join(unknown)}")
        data = current.model_dump()
        data.update({k: v.model_dump() if hasattr(v, "model_dump") else v for k, v in fields.items()})
        try:
            updated = Publication.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = FIELD_LABELS.get(str(error["loc"][0]), str(error["loc"][0])) if error.get("loc") else "决算公开"
            limit = (error.get("ctx") or {}).get("max_length")
            raise JuesuanError(f"{where}过长（最多 {limit} 个字）" if limit else f"{where}不合要求：{error.get('msg', '')}") from None
        old = {name: getattr(current, name) for name in fields}
        self.project.publication = updated
        return old

    # helpers ---------------------------------------------------------------------------
    def computed_value(self, cell: Cell) -> Decimal | None:
        """What a total should hold from its parts; None when it has no parts or every part is empty (then
        采用计算值 has nothing to offer)."""
        graph = self.totals()
        if cell in graph:
            return graph.value(self.project, cell)
        if not any(self.value(c) is not None for reads, _ in self.engine.definitions(cell) for c in reads):
            return None
        return self.engine.computed_value(cell)

    def is_total(self, cell: Cell) -> bool:
        """A total as printed: a total row or column, 合计, or a subject row with children."""
        template = self.layout.by_id.get(cell.table)
        if template is None:
            return False
        column = template.columns.get(cell.column)
        if column is not None and column.total:
            return True
        if template.is_subject:
            return cell.row == template.total_row or bool(children_of(self.project, template, cell.row))
        row = template.fixed_rows.get(cell.row)
        return bool(row and row.total)

    def empty_total_fills(self) -> list[tuple[Cell, Decimal]]:
        """Values for every empty total cell, computed bottom-up from its parts in the same table
        (not applied: the caller applies them as one undoable edit). Linear in the project's size: each
        total is computed once, as soon as the parts it needs are known (a worklist, not repeated passes)."""
        engine, project = self.engine, self.project
        pending = {c for c in engine.total_cells() if project.value(c.table, c.row, c.column) is None and self.is_total(c)}
        fills: dict[Cell, Decimal] = {}
        waiting: dict[Cell, list[Cell]] = {}  # a pending part → totals that wait for it
        queue = sorted(pending, reverse=True)
        written: list[Cell] = []
        try:
            while queue:
                cell = queue.pop()
                if cell not in pending:
                    continue
                blocker = None
                for reads, instance in engine.definitions(cell):
                    if any(c.table != cell.table for c in reads):
                        continue
                    blocked = next((c for c in reads if c in pending and c != cell), None)
                    if blocked is not None:
                        blocker = blocker or blocked
                        continue
                    value = engine.right_value(instance)
                    pending.discard(cell)
                    if value:
                        fills[cell] = value
                        project.set_value(cell.table, cell.row, cell.column, value)  # read by the totals above
                        written.append(cell)
                    queue.extend(sorted(waiting.pop(cell, ()), reverse=True))
                    break
                else:
                    if blocker is not None:
                        waiting.setdefault(blocker, []).append(cell)
        finally:  # the fills are proposals: the project is left as it was
            for cell in written:
                project.set_value(cell.table, cell.row, cell.column, None)
        return sorted(fills.items())

    def _check_cell(self, cell: Cell) -> None:
        template = self.layout.by_id.get(cell.table)
        if template is None:
            raise JuesuanError(f"没有 {cell.table}")
        if template.is_subject:
            data = self.project.tables.get(cell.table)
            if cell.row != template.total_row and (data is None or cell.row not in data.subjects):
                raise JuesuanError(f"{cell.table} 没有科目 {cell.row}")
            if cell.column not in template.columns:
                raise JuesuanError(f"{cell.table} 没有 {cell.column} 栏")
        else:
            if not template.is_input_row(cell.row):
                raise JuesuanError(f"{cell.table} 第 {cell.row} 行不能填写")
            if cell.column not in {c.key for c in template.columns_of_row(cell.row)}:
                raise JuesuanError(f"{cell.table} 第 {cell.row} 行没有 {cell.column} 栏")


@dataclass(frozen=True)
class ProjectInfo:
    """What 新建 and 项目信息 ask: the unit, its code, the year, 主管部门, 单位类型 and 填报人."""

    name: str = ""
    year: int = 2022
    code: str = ""
    parent: str = ""
    kind: str = ""
    preparer: str = ""

    def checked(self) -> "ProjectInfo":
        """The same information trimmed, or a JuesuanError saying in Chinese what is wrong."""
        trimmed = ProjectInfo(*(v.strip() if isinstance(v, str) else v for v in
                                (self.name, self.year, self.code, self.parent, self.kind, self.preparer)))
        if not isinstance(trimmed.year, int) or not 2000 <= trimmed.year <= 2100:
            raise JuesuanError(f"年度“{self.year}”应为 2000–2100 之间的年份")
        for label, value, limit in (("单位名称", trimmed.name, 200), ("单位编码", trimmed.code, 50),
                                    ("主管部门", trimmed.parent, 200), ("单位类型", trimmed.kind, 50),
                                    ("填报人", trimmed.preparer, 100)):
            if len(value) > limit:
                raise JuesuanError(f"{label}过长（{len(value)} 个字符，最多 {limit} 个）")
            if any(ord(ch) < 32 for ch in value):
                raise JuesuanError(f"{label}不能含有换行或控制字符")
        return trimmed

    def unit(self) -> Unit:
        return Unit(name=self.name, code=self.code, parent=self.parent, kind=self.kind, preparer=self.preparer)

    @classmethod
    def of(cls, project: Project) -> "ProjectInfo":
        u = project.unit
        return cls(u.name, project.year, u.code, u.parent, u.kind, u.preparer)


def new_project(info: ProjectInfo | str = "", year: int | None = None, layout: str = "2022") -> Project:
    """An empty project with every table of the layout present, made here: its totals compute themselves.
    `info` may be just a unit name (then `year` applies)."""
    if isinstance(info, str):
        info = ProjectInfo(name=info, year=year if year is not None else 2022)
    info = info.checked()
    book = rulebook(layout)
    return Project(year=info.year, layout=layout, unit=info.unit(), tables={t.id: TableData() for t in book.layout.tables},
                   totals=TotalsState(printed=False))
