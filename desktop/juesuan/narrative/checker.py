"""Check a 情况说明 against a project (or against itself) and keep the findings current edit by edit: claims are
indexed by the cells they read, so a cell edit re-judges only the claims that read that cell."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..findings import Cell, Finding
from ..model import Project
from .claims import Claim, parse
from .judge import Judge, TextFacts, text_facts
from .not_data import marked_spans, silenced
from .quantities import Book, Reader, build_book, vocabulary
from .wording import headings, layout_and_catalog


@dataclass(frozen=True)
class Parsed:
    claims: tuple[Claim, ...]
    facts: TextFacts


def book_for(project: Project | None, text: str, layout_id: str = "2022") -> Book:
    layout, catalog = layout_and_catalog(project.layout if project is not None else layout_id)
    return build_book(vocabulary(layout.id), project, layout, None if project is not None else catalog, text)


def _subject_signature(project: Project | None) -> tuple[tuple[str, str], ...]:
    if project is None:
        return ()
    data = project.tables.get("表5")
    return tuple(sorted(data.subjects.items())) if data else ()


def _rows_stamp(project: Project | None) -> tuple[object, int]:
    """表5's subject dict and its revision: while both stay the same, its rows and names have not changed."""
    data = project.tables.get("表5") if project is not None else None
    subjects = data.subjects if data is not None else None
    return subjects, getattr(subjects, "revision", -1)


@lru_cache(maxsize=8)
def _parse_cached(text: str, layout_id: str, signature: tuple[tuple[str, str], ...], with_project: bool,
                  budget_keys: frozenset[str]) -> tuple[Book, Parsed]:
    project = _SignatureProject.make(signature, layout_id) if with_project else None
    book = book_for(project, text, layout_id)
    vocab = vocabulary(layout_id)
    _, claims, mentioned = parse(text, book, headings(layout_id), vocab.listings, budget_keys)
    return book, Parsed(tuple(claims), text_facts(claims, mentioned))


class _SignatureProject:
    """A stand-in project with only 表5's rows: the parse depends on the rows' names, not on the amounts."""

    @staticmethod
    def make(signature: tuple[tuple[str, str], ...], layout_id: str) -> Project:
        project = Project(layout=layout_id)
        project.table("表5").subjects.update(dict(signature))
        return project


def _budget_keys(project: Project | None) -> frozenset[str]:
    """表5 rows with a 年初预算数: "年初预算为…" after a 类/款/项 line means the row that has one."""
    if project is None:
        return frozenset()
    rows = project.budget.get("表5", {})
    return frozenset(f"表5#{code}" for code, cols in rows.items() if cols)


def _listings(layout_id: str) -> dict[str, tuple[str, str]]:
    found = {}
    for item in vocabulary(layout_id).listings:
        found[item.total] = (item.key, "total")
        found[item.count] = (item.key, "count")
    return found


def _switch(project: Project, layout: object, catalog: object, rule: object) -> tuple:
    """The rule-file entry `builtin = "narrative"`: yields nothing itself (NarrativeChecker does the work)."""
    return ()


BUILTINS = {"narrative": _switch}


class NarrativeChecker:
    """Live findings of one project's 情况说明 (project.narrative.text), kept current through `update`.
    A disabled checker (a rulebook without the narrative rule) holds no findings."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.evaluations = 0
        self._project: Project | None = None
        self._text = ""
        self._signature: tuple = ()
        self._stamp: tuple[object, int] = (None, -1)
        self._budget_keys: frozenset[str] = frozenset()
        self._book: Book | None = None
        self._parsed: Parsed | None = None
        self._findings: dict[int, Finding] = {}
        self._marks: tuple = ()
        self._not_data: set[tuple[int, int]] = set()
        self._index: dict[Cell, set[int]] = {}

    def run_full(self, project: Project, text: str | None = None) -> tuple[Finding, ...]:
        """Parse the text (cached by content) and judge every claim."""
        self._project = project
        self._text = project.narrative.text if text is None else text
        self._signature = _subject_signature(project)
        self._stamp = _rows_stamp(project)
        self._budget_keys = _budget_keys(project)
        self._marks = tuple(project.narrative.not_data)
        self._not_data = marked_spans(self._text, self._marks) if self._marks else set()
        self._findings.clear()
        self._index.clear()
        if not self.enabled or not self._text.strip():
            self._book, self._parsed = None, None
            return ()
        self._book, self._parsed = _parse_cached(self._text, project.layout, self._signature, True, self._budget_keys)
        judge = self._judge()
        for claim in self._parsed.claims:
            self._evaluate(judge, claim)
        return self.findings()

    def update(self, project: Project, cells: Iterable[Cell] = (), tables: Iterable[str] = ()) -> tuple[list[Finding], list[Finding]]:
        """After an edit: re-judge the claims that read the changed cells; a new text, other 表5 rows or another
        project mean a full run. Returns (added, removed) findings."""
        cells = list(cells)
        if (project is not self._project or project.narrative.text != self._text or list(tables)
                or tuple(project.narrative.not_data) != self._marks
                or self._rows_changed(project) or _budget_keys(project) != self._budget_keys):
            previous = self.findings()
            before = set(previous)
            after = self.run_full(project)
            kept = set(after)  # once, not per finding: typing re-runs this on every pause
            return [f for f in after if f not in before], [f for f in previous if f not in kept]
        if self._parsed is None:
            return [], []
        todo: set[int] = set()
        for cell in cells:
            todo |= self._index.get(cell, set())
        judge = self._judge()
        added, removed = [], []
        for index in sorted(todo):
            old = self._findings.get(index)
            self._evaluate(judge, self._parsed.claims[index])
            new = self._findings.get(index)
            if old != new:
                if old is not None:
                    removed.append(old)
                if new is not None:
                    added.append(new)
        return added, removed

    def _rows_changed(self, project: Project) -> bool:
        """表5's rows or names differ from the parsed ones; a value edit leaves the dict's revision alone, so this
        costs a comparison, not sorting every row per keystroke."""
        stamp = _rows_stamp(project)
        if stamp[0] is not None and stamp[0] is self._stamp[0] and stamp[1] == self._stamp[1]:
            return False
        if _subject_signature(project) != self._signature:
            return True
        self._stamp = stamp
        return False

    def findings(self) -> tuple[Finding, ...]:
        return tuple(self._findings[i] for i in sorted(self._findings))

    def dependents(self, cell: Cell) -> list[int]:
        """Indexes of the claims that read a cell (for tests and tooling)."""
        return sorted(self._index.get(cell, ()))

    def _judge(self) -> Judge:
        assert self._book is not None and self._parsed is not None and self._project is not None
        return Judge(self._book, self._parsed.facts, Reader(self._project), _listings(self._project.layout))

    def _evaluate(self, judge: Judge, claim: Claim) -> None:
        self.evaluations += 1
        finding = judge.judge(claim)
        for cell in judge.reads:
            self._index.setdefault(cell, set()).add(claim.index)
        if finding is None or silenced(finding, self._not_data):
            self._findings.pop(claim.index, None)
        else:
            self._findings[claim.index] = finding


def check_text(text: str, project: Project | None = None, layout_id: str = "2022",
               not_data: Iterable[tuple[int, int]] = ()) -> tuple[Finding, ...]:
    """Findings of a narrative text: against the project's data, or (project None) against the text itself.
    Numbers at the `not_data` spans (and at the project's marks) are not data figures: no N-UNTIED for them."""
    if not text.strip():
        return ()
    spans = {tuple(s) for s in not_data}
    if project is not None:
        return tuple(f for f in NarrativeChecker().run_full(project, text) if not silenced(f, spans))  # type: ignore[arg-type]
    book, parsed = _parse_cached(text, layout_id, (), False, frozenset())
    judge = Judge(book, parsed.facts, None, _listings(layout_id))
    found = []
    for claim in parsed.claims:
        finding = judge.judge(claim)
        if finding is not None and not silenced(finding, spans):  # type: ignore[arg-type]
            found.append(finding)
    return tuple(found)
