"""Structural checks that are not formulas: plain functions over the project, named by rule files."""

from __future__ import annotations

from typing import Iterable

from ..catalog import LEVELS, Catalog
from ..findings import Cell, Finding
from ..model import Project, subject_children
from ..templates import Layout
from .ruleset import Rule

Produced = Iterable[tuple[str, Finding]]


def _subject_tables(project: Project, layout: Layout, rule: Rule) -> list[tuple[str, dict[str, str]]]:
    tables = rule.tables or tuple(t.id for t in layout.tables if t.is_subject)
    return [(t, project.tables[t].subjects) for t in tables if t in project.tables]


def _name_cell(table: str, code: str) -> Cell:
    return Cell(table, code, "科目名称")


def code_format(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """Codes are 3 (类), 5 (款) or 7 (项) digits."""
    for table, subjects in _subject_tables(project, layout, rule):
        for code in sorted(subjects):
            if len(code) not in LEVELS or not code.isdigit():
                yield f"{table}:{code}", Finding(
                    rule.id, rule.severity, (_name_cell(table, code),),
                    f"{table} 科目编码“{code}”应为3位（类）、5位（款）或7位（项）数字", None, code)


def parent_present(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """A 款 needs its 类 row, a 项 its 款 row, in the same table."""
    for table, subjects in _subject_tables(project, layout, rule):
        for code in sorted(subjects):
            if len(code) not in (5, 7):
                continue
            parent = code[: len(code) - 2]
            if parent not in subjects:
                level = LEVELS.get(len(parent), "上级")
                name = catalog.name_of(parent) or ""
                yield f"{table}:{code}", Finding(
                    rule.id, rule.severity, (_name_cell(table, code),),
                    f"{table} 科目 {code} {subjects[code]} 缺少上级{level}科目 {parent} {name}".rstrip(), parent, None)


def children_present(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """A 类 or 款 row with amounts needs the rows below it: amounts are reported down to 项."""
    for table, subjects in _subject_tables(project, layout, rule):
        values = project.tables[table].values
        with_children = {c[:-2] for c in subjects if len(c) in (5, 7)}
        for code in sorted(c for c in subjects if len(c) in (3, 5) and c not in with_children):
            finding = _childless(rule, table, code, subjects, values)
            if finding is not None:
                yield f"{table}:{code}", finding


def _childless(rule: Rule, table: str, code: str, subjects: dict[str, str], values: dict) -> Finding | None:
    if not any(values.get(code, {}).values()):
        return None
    below = "款" if len(code) == 3 else "项"
    return Finding(rule.id, rule.severity, (_name_cell(table, code),),
                   f"{table} {LEVELS[len(code)]}级科目 {code} {subjects[code]} 填有金额，但没有下级{below}科目：金额应填到项级", None, None)


def _children_present_recheck(project: Project, layout: Layout, catalog: Catalog, rule: Rule, cells: Iterable[Cell]) -> Produced:
    """After a value edit: only the edited rows' own findings can change (rows added or removed re-run the rule)."""
    wanted = dict(_subject_tables(project, layout, rule))
    for table, code in sorted({(c.table, c.row) for c in cells if c.table in wanted}):
        subjects = wanted[table]
        finding = None
        if code in subjects and len(code) in (3, 5) and not subject_children(subjects, code, layout[table].total_row or "合计"):
            finding = _childless(rule, table, code, subjects, project.tables[table].values)
        yield f"{table}:{code}", finding


def _table_code(suffix: str) -> tuple[str, str]:
    table, _, code = suffix.partition(":")
    return table, code


children_present.recheck = _children_present_recheck  # type: ignore[attr-defined]
children_present.sort_key = _table_code  # type: ignore[attr-defined]


def name_consistency(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """One code, one 科目名称: across tables (error) and against the catalog (warning)."""
    by_code: dict[str, dict[str, str]] = {}
    # tables in layout order, so that each code's names are already in that order (no sort per code)
    for table, subjects in sorted(_subject_tables(project, layout, rule), key=lambda item: _table_order(layout)(item[0])):
        for code, name in subjects.items():
            found = by_code.get(code)
            if found is None:
                by_code[code] = {table: name}
            else:
                found[table] = name
    warn = rule.param("catalog_severity", "warning")
    for code in sorted(by_code):
        names = by_code[code]
        official = catalog.name_of(code)
        distinct = set(names.values())
        if len(distinct) == 1 and official is not None and official in distinct:
            continue  # the common case: one name, the catalog's
        cells = tuple(_name_cell(t, code) for t in names)
        if len(distinct) > 1:
            listed = "、".join(f"{t} {names[t]}" for t in names)
            majority = official if official in distinct else max(distinct, key=lambda n: list(names.values()).count(n))
            odd = [t for t in names if names[t] != majority]
            cells = tuple(_name_cell(t, code) for t in odd) + tuple(c for c in cells if c.table not in odd)
            suffix = f"（科目表：{official}）" if official else ""
            yield f"{code}", Finding(
                rule.id, rule.severity, cells,
                f"科目 {code} 在各表名称不一致：{listed}{suffix}", majority, names[odd[0]])
        elif official is None:
            yield f"{code}:unknown", Finding(
                rule.id, warn, cells,
                f"科目编码 {code} {next(iter(distinct))} 不在{layout.year}年支出功能分类科目表中，请核对编码", None, code)
        elif official not in distinct:
            name = next(iter(distinct))
            yield f"{code}:catalog", Finding(
                rule.id, warn, cells,
                f"科目 {code} 名称“{name}”与科目表“{official}”不一致", official, name)


def no_data(project: Project, layout: Layout, catalog: Catalog, rule: Rule) -> Produced:
    """本表无数据 must match the table's content, and carry a note."""
    for table in rule.tables:
        data = project.tables.get(table)
        flagged = bool(data and data.no_data)
        has = project.has_values(table)
        anchor = Cell(table, "", "")
        if flagged and has:
            yield f"{table}:has", Finding(rule.id, "error", (anchor,),
                                          f"{table} 已标记“本表无数据”，但表中填有金额", None, None)
        elif flagged and not (data and data.no_data_note.strip()):
            yield f"{table}:note", Finding(rule.id, "warning", (anchor,),
                                           f"{table} 标记了“本表无数据”，请填写说明（如“本单位{layout.year}年无…”）", None, None)
        elif not flagged and not has:
            yield f"{table}:empty", Finding(rule.id, "warning", (anchor,),
                                            f"{table} 没有数据：如确无数据，请勾选“本表无数据”并填写说明", None, None)


def _table_order(layout: Layout):  # noqa: ANN202 - small key helper
    order = {t.id: i for i, t in enumerate(layout.tables)}
    return lambda t: order.get(t, 99)


BUILTINS = {
    "code-format": code_format,
    "parent-present": parent_present,
    "children-present": children_present,
    "name-consistency": name_consistency,
    "no-data": no_data,
}

# 绩效自评 checks live with the 自评 core; rule files name them like any other built-in.
from ..selfeval.checks import BUILTINS as _SELFEVAL_BUILTINS  # noqa: E402

BUILTINS.update(_SELFEVAL_BUILTINS)

# 情况说明 checks run in juesuan.narrative (incrementally, by the cells each claim reads); the rule entry only
# switches them on for a rulebook.
from ..narrative.checker import BUILTINS as _NARRATIVE_BUILTINS  # noqa: E402

BUILTINS.update(_NARRATIVE_BUILTINS)

# 与上年核对 (年初 = 上年年末, large swings, subjects that appear or disappear) compare with the project's 上年数.
from .yoy import BUILTINS as _YOY_BUILTINS  # noqa: E402

BUILTINS.update(_YOY_BUILTINS)
