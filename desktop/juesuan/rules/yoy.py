"""与上年核对: 年初结转和结余 against last year's 年末, large year-on-year swings, subjects that appear or disappear.

The checks compare a project with the 上年数 it holds (`Project.prior_year`, filled by juesuan.rollover) and run
only in a project started from last year's file (`Project.rollover.source_year`). Pairs, thresholds, reasons and
messages are the rule's data (resources/years/<year>/rules/60-yoy.toml).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Iterable, Iterator

from ..catalog import Catalog
from ..findings import Cell, Finding
from ..model import CellValues, Project, row_keys
from ..money import format_amount
from ..templates import Layout
from .ruleset import Rule

Produced = Iterable[tuple[str, Finding]]
ZERO = Decimal("0")


def carry_pairs(rule: Rule) -> list[tuple[str, str, str, str, str]]:
    """(table, row, 栏次 this year, last year's row, last year's 栏次) from `pairs = "表1 29 1 = 表1 60 2; …"`;
    a row `*` means every row of a subject table."""
    pairs = []
    for item in str(rule.param("pairs", "")).split(";"):
        if not item.strip():
            continue
        left, _, right = item.partition("=")
        now, before = left.split(), right.split()
        if len(now) != 3 or len(before) != 3 or now[0] != before[0]:
            raise ValueError(f"pairs 中的“{item.strip()}”应写成“表 行 栏 = 表 行 栏”（同一张表）")
        pairs.append((now[0], now[1], now[2], before[1], before[2]))
    return pairs


def reasons(rule: Rule) -> list[str]:
    """The standard reasons a 说明 may give (offered by the explanation dialog and named in the message)."""
    return [r.strip() for r in str(rule.param("reasons", "")).split("、") if r.strip()]


def expand_pairs(rule: Rule, project: Project, source: Project | None = None) -> Iterator[tuple[Cell, Cell]]:
    """Each (this year's cell, last year's cell) pair; `*` rows are the rows of `source` (default: this project)."""
    rows_of = source or project
    for table, row, col, prior_row, prior_col in carry_pairs(rule):
        if row == "*":
            data = rows_of.tables.get(table)
            codes = sorted(data.subjects) if data else []
            for code in ["合计", *codes]:
                yield Cell(table, code, col), Cell(table, code, prior_col)
        else:
            yield Cell(table, row, col), Cell(table, prior_row, prior_col)


def _get(values: CellValues, cell: Cell) -> Decimal | None:
    return values.get(cell.table, {}).get(cell.row, {}).get(cell.column)


def _active(project: Project) -> bool:
    return project.rollover.source_year is not None


def yoy_carry(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """年初结转和结余 must equal last year's 年末结转和结余 unless a 说明 gives the reason."""
    if not _active(project):
        return
    for cell, prior_cell in expand_pairs(rule, project):
        finding = _carry_finding(project, layout, rule, cell, prior_cell)
        if finding is not None:
            yield _suffix(cell), finding


def _carry_recheck(project: Project, layout: Layout, catalog: Catalog, rule: Rule, cells: Iterable[Cell]) -> Produced:
    """After a value edit: only the pairs whose opening cell was edited can change."""
    if not _active(project):
        return
    pairs = dict(expand_pairs(rule, project))
    for cell in cells:
        if cell in pairs:
            yield _suffix(cell), _carry_finding(project, layout, rule, cell, pairs[cell])


def _carry_finding(project: Project, layout: Layout, rule: Rule, cell: Cell, prior_cell: Cell) -> Finding | None:
    if cell.table not in layout or not project.prior_year.get(cell.table):
        return None
    now = project.value(cell.table, cell.row, cell.column)
    before = _get(project.prior_year, prior_cell)
    if (now or ZERO) == (before or ZERO):
        return None
    message = (rule.message or "{table} {row} 年初数 {now} 与上年年末数 {prior} 不一致").format(
        table=cell.table, row=cell.row, column=cell.column, now=format_amount(now, blank="空"),
        prior=format_amount(before, blank="空"), diff=format_amount((now or ZERO) - (before or ZERO)),
        reasons="、".join(reasons(rule)))
    return Finding(rule.id, rule.severity, (cell,), message, before or ZERO, now)


def yoy_swing(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """A line that moved by more than the rule's `ratio` (and at least `min_amount`) against last year."""
    if not _active(project):
        return
    limits = _limits(rule)
    for table in rule.tables or ():
        if table not in layout or not project.prior_year.get(table):
            continue
        template = layout[table]
        for row in row_keys(project, template):
            for column in [c.key for c in template.columns_of_row(row) if c.key]:
                finding = _swing_finding(project, rule, Cell(table, row, column), limits)
                if finding is not None:
                    yield _suffix(finding.cells[0]), finding


def _swing_recheck(project: Project, layout: Layout, catalog: Catalog, rule: Rule, cells: Iterable[Cell]) -> Produced:
    if not _active(project):
        return
    limits = _limits(rule)
    for cell in cells:
        if cell.table in (rule.tables or ()) and cell.table in layout:
            yield _suffix(cell), _swing_finding(project, rule, cell, limits)


def _limits(rule: Rule) -> tuple[Decimal, Decimal]:
    try:
        return Decimal(str(rule.param("ratio", "0.5"))), Decimal(str(rule.param("min_amount", "0")))
    except InvalidOperation:
        raise ValueError("ratio 和 min_amount 应为十进制数") from None


def _swing_finding(project: Project, rule: Rule, cell: Cell, limits: tuple[Decimal, Decimal]) -> Finding | None:
    ratio, least = limits
    table, row, column = cell.table, cell.row, cell.column
    if project.rollover.is_carried(table, row, column):
        return None
    before = project.prior_year.get(table, {}).get(row, {}).get(column)
    now = project.value(table, row, column)
    if before is None or now is None or before == ZERO:
        return None
    change = now - before
    if abs(change) < least or abs(change) <= abs(before) * ratio:
        return None
    rate = (change / abs(before) * 100).quantize(Decimal("0.01"))
    message = (rule.message or "{table} {row} 较上年变动 {rate}%").format(
        table=table, row=row, column=column, now=format_amount(now), prior=format_amount(before),
        diff=format_amount(change), rate=rate, limit=(ratio * 100).normalize())
    return Finding(rule.id, rule.severity, (cell,), message, before, now)


def yoy_subjects(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """A subject with amounts last year whose row is gone this year, or a row new this year with amounts."""
    if not _active(project):
        return
    for table in rule.tables or ():
        if table not in layout or not layout[table].is_subject:
            continue
        prior = {code for code, cols in project.prior_year.get(table, {}).items() if code != "合计" and any(cols.values())}
        data = project.tables.get(table)
        rows = set(data.subjects) if data else set()
        for code in sorted(prior | rows):
            for suffix, finding in _subject_findings(project, catalog, rule, table, code):
                if finding is not None:
                    yield suffix, finding


def _subjects_recheck(project: Project, layout: Layout, catalog: Catalog, rule: Rule, cells: Iterable[Cell]) -> Produced:
    """After a value edit: only the edited subject rows can appear (rows added or removed re-run the rule)."""
    if not _active(project):
        return
    for table, code in sorted({(c.table, c.row) for c in cells}):
        if table in (rule.tables or ()) and table in layout and layout[table].is_subject and code != "合计":
            yield from _subject_findings(project, catalog, rule, table, code)


def _subject_findings(project: Project, catalog: Catalog, rule: Rule, table: str, code: str) -> Produced:
    data = project.tables.get(table)
    names = data.subjects if data else {}
    had = any(project.prior_year.get(table, {}).get(code, {}).values())
    has_row = code in names
    has = has_row and data is not None and any(data.values.get(code, {}).values())
    name = names.get(code) or catalog.name_of(code) or ""
    cell = (Cell(table, code, "科目名称"),)
    gone = new = None
    if had and not has_row:
        text = str(rule.param("gone", "{table} 科目 {code} {name} 上年有金额，本年没有")).format(table=table, code=code, name=name)
        gone = Finding(rule.id, rule.severity, cell, text.rstrip(), None, None)
    if has and not had:
        text = str(rule.param("new", "{table} 科目 {code} {name} 本年新增")).format(table=table, code=code, name=name)
        new = Finding(rule.id, rule.severity, cell, text.rstrip(), None, None)
    yield f"{table}:{code}:gone", gone
    yield f"{table}:{code}:new", new


def _suffix(cell: Cell) -> str:
    return f"{cell.table}:{cell.row}:{cell.column}"


def sort_key(suffix: str) -> tuple:
    """Findings in table order, then row (行次 by number, 合计 before codes), then 栏次: the same in full and partial runs."""
    table, row, rest = (suffix.split(":", 2) + ["", ""])[:3]
    number = int(table[1:]) if table[1:].isdigit() else 99
    fixed = row.isdigit() and len(row) <= 2
    return (number, 0 if row == "合计" else 1, int(row) if fixed else 0, row, rest)


for _check, _recheck in ((yoy_carry, _carry_recheck), (yoy_swing, _swing_recheck), (yoy_subjects, _subjects_recheck)):
    _check.recheck = _recheck  # type: ignore[attr-defined]
    _check.sort_key = sort_key  # type: ignore[attr-defined]

BUILTINS = {"yoy-carry": yoy_carry, "yoy-swing": yoy_swing, "yoy-subjects": yoy_subjects}
