"""The 情况说明数据 page's fields (derived from quantities.toml, so each is named once) and the one edit path for
them: a cell of a pseudo table (上年决算数/表1, 年初预算数/表5, 情况说明数据) set to an amount or a count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..errors import JuesuanError
from ..findings import Cell
from ..model import Project
from .quantities import AMOUNT_COLUMN, BUDGET, COUNT_COLUMN, DATA, PRIOR, budget_cell, count_cell, figure_cell, prior_cell, vocabulary

MAX_COUNT = 10**9
#: the column of the pseudo cell (情况说明数据, reason key, 原因) a 主要原因 edit reports
REASON_COLUMN = "原因"
_REASON = re.compile(r"\{原因:([^{}]+)\}")


@dataclass(frozen=True)
class DataField:
    """One input of the page: its cell, a label, and whether it holds a count (integer) or an amount (万元)."""

    cell: Cell
    label: str
    group: str
    is_count: bool = False


def data_fields(project: Project) -> list[DataField]:
    """Every input the narrative reads beyond 表1–表9, in the order of the sections that use it."""
    vocab = vocabulary(project.layout)
    fields: dict[Cell, DataField] = {}
    for q in vocab.quantities:
        for which, group in (("prior", "上年决算数"), ("budget", "年初预算数"), ("value", "本年数")):
            source = getattr(q, which)
            if source is None or source.this_year:
                continue
            if source.figure:
                name = source.figure
                fields.setdefault(figure_cell(name), DataField(figure_cell(name), name, group))
            elif source.count:
                fields.setdefault(count_cell(source.count), DataField(count_cell(source.count), source.count, "数量", True))
            elif which != "value":
                for table, row, column in source.cells:
                    cell = prior_cell(table, row, column) if which == "prior" else budget_cell(table, row, column)
                    fields.setdefault(cell, DataField(cell, f"{q.name}（{table} {row} {column}栏）", group))
    spec = vocab.subject_rows
    data = project.tables.get(spec.get("table", "表5"))
    for code, name in sorted((data.subjects if data else {}).items()):
        cell = budget_cell(spec["table"], code, spec["column"])
        fields.setdefault(cell, DataField(cell, f"{code} {name}", "年初预算数"))
    return list(fields.values())


@dataclass(frozen=True)
class ReasonField:
    """One 主要原因 the generated text asks for: its key in project.narrative.reasons and a label."""

    key: str
    label: str


def reason_fields(project: Project) -> list[ReasonField]:
    """Every {原因:key} of the year's wording, by section, then one per 表5 row whose 决算数 differs from its 年初预算数."""
    from .wording import wording

    found: dict[str, ReasonField] = {}
    for section in wording(project.layout)["section"]:
        for paragraph in section.get("paragraphs", ()):
            for text in (paragraph.get("text", ""), paragraph.get("item", "")):
                for key in _REASON.findall(text):
                    found.setdefault(key, ReasonField(key, f"{section['number']}. {section['title']}"))
    spec = vocabulary(project.layout).subject_rows
    table = spec.get("table", "表5")
    data = project.tables.get(table)
    for code, name in sorted((data.subjects if data else {}).items()):
        budget = project.budget.get(table, {}).get(code, {}).get(spec.get("column", ""))
        if budget is None:
            continue
        value = data.values.get(code, {}).get(spec.get("column", "")) if data else None
        if value != budget:
            key = f"budget:{code}"
            found.setdefault(key, ReasonField(key, f"{code} {name}（决算数与年初预算数不同）"))
    return list(found.values())


def data_value(project: Project, cell: Cell) -> Decimal | None:
    store, table = _store(project, cell)
    if store is None:
        if cell.column == COUNT_COLUMN:
            count = project.narrative.counts.get(cell.row)
            return None if count is None else Decimal(count)
        return project.narrative.figures.get(cell.row)
    return store.get(table, {}).get(cell.row, {}).get(cell.column)


def set_data_value(project: Project, cell: Cell, value: Decimal | None) -> Decimal | None:
    """Set one input of the page (None clears it); returns the previous value. Counts must be whole numbers."""
    old = data_value(project, cell)
    store, table = _store(project, cell)
    if store is None:
        if cell.column == COUNT_COLUMN:
            if value is not None and (value != value.to_integral_value() or not 0 <= value <= MAX_COUNT):
                raise JuesuanError(f"{cell.row} 应为 0 到 {MAX_COUNT:,} 之间的整数")
            _put(project.narrative.counts, cell.row, None if value is None else int(value))
        else:
            _put(project.narrative.figures, cell.row, value)
        return old
    rows = store.setdefault(table, {})
    cols = rows.setdefault(cell.row, {})
    _put(cols, cell.column, value)
    if not cols:
        del rows[cell.row]
    if not rows:
        del store[table]
    return old


def set_reason(project: Project, key: str, text: str) -> str:
    """The user's 主要原因 for a section key; returns the previous text."""
    old = project.narrative.reasons.get(key, "")
    _put(project.narrative.reasons, key, text.strip() or None)
    return old


def _store(project: Project, cell: Cell) -> tuple[dict | None, str]:
    if cell.table == DATA and cell.column in (AMOUNT_COLUMN, COUNT_COLUMN):
        return None, ""
    part, _, table = cell.table.partition("/")
    if part == PRIOR and table:
        return project.prior_year, table
    if part == BUDGET and table:
        return project.budget, table
    raise JuesuanError(f"“{cell.table}”不是情况说明数据的单元格")


def _put(mapping: dict, key: str, value: object) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value
