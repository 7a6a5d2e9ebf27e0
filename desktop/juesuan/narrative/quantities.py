"""The quantities a 情况说明 quotes (resources/narrative/<year>/quantities.toml), read from a project together with
the cells each one reads, so that a claim can be re-checked when one of those cells changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..catalog import Catalog
from ..datafiles import load_toml
from ..years import year_file
from ..errors import DataFileError
from ..findings import Cell
from ..model import Project
from ..templates import Layout

#: Pseudo tables of the cells the 情况说明数据 page edits (the Qt page reports edits with these cells).
PRIOR = "上年决算数"
BUDGET = "年初预算数"
DATA = "情况说明数据"
AMOUNT_COLUMN, COUNT_COLUMN = "金额", "数量"


def prior_cell(table: str, row: str, column: str) -> Cell:
    return Cell(f"{PRIOR}/{table}", row, column)


def budget_cell(table: str, row: str, column: str) -> Cell:
    return Cell(f"{BUDGET}/{table}", row, column)


def figure_cell(name: str) -> Cell:
    return Cell(DATA, name, AMOUNT_COLUMN)


def count_cell(name: str) -> Cell:
    return Cell(DATA, name, COUNT_COLUMN)


@dataclass(frozen=True)
class Source:
    """Where a number comes from: table cells added up, or one named figure/count of the 情况说明数据 page."""

    cells: tuple[tuple[str, str, str], ...] = ()
    figure: str = ""
    count: str = ""
    #: "本年 表9 1 1": a budget or prior figure printed in this year's tables (表9 预算数), not the 情况说明数据 page.
    this_year: bool = False


@dataclass(frozen=True)
class Quantity:
    key: str
    name: str
    aliases: tuple[str, ...]
    sections: frozenset[int]
    value: Source | None = None
    prior: Source | None = None
    budget: Source | None = None
    share_of: str | None = None
    parts: tuple[str, ...] = ()
    is_count: bool = False
    code: str = ""
    at_least: tuple[str, ...] = ()

    def in_section(self, number: int) -> bool:
        return not self.sections or number in self.sections


@dataclass(frozen=True)
class Listing:
    """Items a text lists ("…项目全年预算数为 A 万元，执行数为 B 万元") that add up to a quoted total and count."""

    key: str
    total: str
    count: str
    budget_words: tuple[str, ...]
    actual_words: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    year: str
    quantities: tuple[Quantity, ...]
    subject_rows: dict[str, Any]
    economic_rows: dict[str, Any]
    listings: tuple[Listing, ...]


def parse_source(text: str, where: str) -> Source:
    text = text.strip()
    if text.startswith("本年 "):
        inner = parse_source(text[3:], where)
        return Source(cells=inner.cells, this_year=True)
    if text.startswith("figure:"):
        return Source(figure=text[7:].strip())
    if text.startswith("count:"):
        return Source(count=text[6:].strip())
    cells = []
    for term in text.split("+"):
        parts = term.split()
        if len(parts) != 3:
            raise DataFileError(where, f"数据来源“{text}”应写成“表 行 栏”或“figure:名称”")
        cells.append((parts[0], parts[1], parts[2]))
    return Source(cells=tuple(cells))


@lru_cache(maxsize=4)
def vocabulary(year: str = "2022") -> Vocabulary:
    """The shipped quantity definitions of one layout year (read once)."""
    name, _, data = load_toml(year_file(year, "narrative", "quantities.toml"))
    found = []
    for raw in data.get("quantity", []):
        key = str(raw["key"])
        sources = {k: parse_source(str(raw[k]), name) for k in ("value", "prior", "budget") if k in raw}
        value = sources.get("value")
        found.append(Quantity(
            key=key, name=str(raw.get("name", raw["aliases"][0])), aliases=tuple(raw["aliases"]),
            sections=frozenset(int(s) for s in raw.get("sections", ())), value=value,
            prior=sources.get("prior"), budget=sources.get("budget"), share_of=raw.get("share_of"),
            parts=tuple(raw.get("parts", ())), is_count=bool(value and value.count), at_least=tuple(raw.get("at_least", ()))))
    listings = tuple(Listing(str(r["key"]), str(r["total"]), str(r["count"]), tuple(r["budget_words"]),
                             tuple(r["actual_words"])) for r in data.get("listing", []))
    rows = data.get("rows", {})
    return Vocabulary(year, tuple(found), rows.get("subject", {}), rows.get("economic", {}), listings)


def _aliases(name: str, suffixes: list[str]) -> tuple[str, ...]:
    stem = name[:-2] if name.endswith("支出") and len(name) > 3 else name
    found = dict.fromkeys([name, *(stem + s for s in suffixes)])
    return tuple(a for a in found if len(a) >= 2)


def row_quantities(vocab: Vocabulary, subjects: dict[str, str], layout: Layout | None) -> list[Quantity]:
    """表5 rows (from the project, or the catalog in text-only mode) and 表6 items (from the layout)."""
    found: list[Quantity] = []
    spec = vocab.subject_rows
    if spec:
        table, column = spec["table"], spec["column"]
        sections = frozenset(spec.get("sections", ()))
        children: dict[str, list[str]] = {}  # parent code → child codes, in the dict's order (one pass)
        for c in subjects:
            children.setdefault(c[:-2], []).append(c)
        for code in sorted(subjects):
            name = subjects[code]
            kids = tuple(f"{table}#{c}" for c in children.get(code, ()) if len(c) > 2)
            cell = Source(cells=((table, code, column),))
            found.append(Quantity(f"{table}#{code}", name, _aliases(name, spec.get("suffixes", [""])), sections,
                                  cell, cell, cell, spec.get("share_of"), kids, False, code))
    spec = vocab.economic_rows
    if spec and layout is not None and spec["table"] in layout:
        template = layout[spec["table"]]
        sections = frozenset(spec.get("sections", ()))
        for key, row in template.fixed_rows.items():
            if key.isdigit() and len(key) == 5 and row.name:
                cell = Source(cells=((template.id, key, spec["column"]),))
                found.append(Quantity(f"{template.id}#{key}", row.name, (row.name,), sections, cell, code=key))
    return found


@dataclass
class Book:
    """All quantities of one check, by key, with the parts of 人员经费/公用经费 filled in from 表6."""

    quantities: dict[str, Quantity] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Quantity:
        return self.quantities[key]

    def get(self, key: str | None) -> Quantity | None:
        return self.quantities.get(key) if key else None


ECONOMIC_GROUPS = {"人员经费": ("301", "303"), "公用经费": ("302", "310")}


def build_book(vocab: Vocabulary, project: Project | None, layout: Layout | None, catalog: Catalog | None,
               text: str = "") -> Book:
    """Quantities for a project (its 表5 rows) or, with no project, for a text (catalog names it mentions)."""
    if project is not None:
        data = project.tables.get(vocab.subject_rows.get("table", "表5"))
        subjects = dict(data.subjects) if data else {}
    elif catalog is not None:
        subjects = {c: n for c, n in catalog.names.items() if _mentioned(n, text)}
    else:
        subjects = {}
    book = Book({q.key: q for q in vocab.quantities})
    rows = row_quantities(vocab, subjects, layout)
    for q in rows:
        book.quantities[q.key] = q
    subject_table = vocab.subject_rows.get("table", "表5")
    total = vocab.subject_rows.get("share_of")
    if total in book.quantities:
        classes = tuple(q.key for q in rows if q.key.startswith(subject_table + "#") and len(q.code) == 3)
        book.quantities[total] = _with_parts(book.quantities[total], classes)
    for key, groups in ECONOMIC_GROUPS.items():
        if key in book.quantities:
            parts = tuple(q.key for q in rows if q.code[:3] in groups and not q.key.startswith(subject_table + "#"))
            book.quantities[key] = _with_parts(book.quantities[key], parts)
    return book


def _with_parts(q: Quantity, parts: tuple[str, ...]) -> Quantity:
    return Quantity(q.key, q.name, q.aliases, q.sections, q.value, q.prior, q.budget, q.share_of, parts, q.is_count, q.code,
                    q.at_least)


def _mentioned(name: str, text: str) -> bool:
    stem = name[:-2] if name.endswith("支出") and len(name) > 3 else name
    return len(stem) >= 2 and stem in text


class Reader:
    """Reads quantities from one project: this year's tables, 上年决算数, 年初预算数 and the 情况说明数据 page."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def read(self, q: Quantity, which: str) -> tuple[Decimal | None, frozenset[Cell]]:
        source: Source | None = getattr(q, which)
        if source is None:
            return None, frozenset()
        data = self.project.narrative
        if source.figure:
            name = source.figure if which != "prior" or source.figure.startswith("上年") else "上年" + source.figure
            return data.figures.get(name), frozenset({figure_cell(name)})
        if source.count:
            value = data.counts.get(source.count)
            return (None if value is None else Decimal(value)), frozenset({count_cell(source.count)})
        total: Decimal | None = Decimal(0) if which == "value" or source.this_year else None
        reads = []
        for table, row, column in source.cells:
            if which == "value" or source.this_year:
                reads.append(Cell(table, row, column))
                cell = self.project.value(table, row, column)
            else:
                store = self.project.prior_year if which == "prior" else self.project.budget
                reads.append(prior_cell(table, row, column) if which == "prior" else budget_cell(table, row, column))
                cell = store.get(table, {}).get(row, {}).get(column)
            if cell is not None:
                total = (total or Decimal(0)) + cell
        return total, frozenset(reads)
