"""The 基础数据表 of a 整体 自评 (湖南, seed 002 附件1-1): its layout from resources/schemes/basic-data/, its
internal sums and its links to the 决算 tables, as engine built-ins."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..catalog import Catalog
from ..findings import Cell
from ..money import round_cent
from ..templates import Layout
from .basiclayout import BasicLayout, basic_layouts
from .checkbase import Produced, finding, say, tail, wan
from .model import BASIC_TABLE as TABLE
from .model import BasicData
from .scoring import ZERO, _plain, agrees

def _data(project: Any) -> tuple[BasicData, BasicLayout] | None:
    book = getattr(project, "selfeval", None)
    data = getattr(book, "basic", None) if book is not None else None
    if data is None:
        return None
    layout = basic_layouts().get(data.layout)
    return (data, layout) if layout is not None else None


def basic_sums(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """A 合计 row of the 基础数据表 = Σ its parts, per column (when a part is filled); 控制率 = 在职 / 编制."""
    found = _data(project)
    if found is None:
        return
    data, basic = found
    year = getattr(project, "year", None)
    for row in basic.rows:
        if not row.sums:
            continue
        for column, _ in basic.columns:
            parts = [(basic.row(key), data.value(key, column)) for key in row.sums]
            present = [(part, value) for part, value in parts if value is not None]
            if not present:
                continue
            expected = sum((v for _, v in present), ZERO)
            actual = data.value(row.key, column)
            if actual == expected:
                continue
            diff = (actual or ZERO) - expected
            label = basic.column_label(column, year)
            terms = " + ".join(f"{part.label} {wan(v)}" for part, v in present)
            cells = [Cell(TABLE, row.label, label), *(Cell(TABLE, part.label, label) for part, _ in present)]
            yield f"{row.key}|{column}", finding(rule, cells, say(
                rule, "基础数据表 {row} {column} 应为 {expected}（= {terms}），实为 {actual}，差 {diff}",
                row=row.label, column=label, expected=wan(expected), terms=terms, actual=wan(actual), diff=wan(diff)),
                expected, actual, tail(rule, diff, len(present)) if actual is not None else None)
    if data.control_rate is not None and data.authorized and data.staff is not None:
        computed = Decimal(data.staff) * 100 / Decimal(data.authorized)
        if not agrees(data.control_rate, computed):
            labels = dict(basic.staff)
            yield "control_rate", finding(rule, [Cell(TABLE, "财政供养人员情况", labels.get("control_rate", "控制率"))], say(
                rule, "基础数据表 {row} {column} 应为 {expected}（= {terms}），实为 {actual}，差 {diff}",
                row="财政供养人员情况", column="控制率", expected=f"{_plain(round(computed, 2))}%",
                terms=f"实际在职 {data.staff} 人 ÷ 编制 {data.authorized} 人", actual=f"{_plain(data.control_rate)}%",
                diff=_plain(round(data.control_rate - computed, 2))), round(computed, 2), data.control_rate)


def basic_links(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Rows of the 基础数据表 that are figures of the 决算 tables (三公 决算 = 表9, 项目支出 = 表3 合计 3栏)."""
    found = _data(project)
    if found is None:
        return
    data, basic = found
    year = getattr(project, "year", None)
    for row in basic.rows:
        for column, target in row.links:
            value = data.value(row.key, column)
            t, r, c = target.split()
            other = project.value(t, r, c)
            if value is None or other is None or round_cent(value) == other:
                continue
            label = basic.column_label(column, year)
            diff = value - other
            yield f"{row.key}|{column}", finding(rule, [Cell(TABLE, row.label, label), Cell(t, r, c)], say(
                rule, "基础数据表 {row} {column} {actual} 与 {source} {expected} 不一致，差 {diff}",
                row=row.label, column=label, actual=wan(value), source=f"{t} {r} {c}栏", expected=wan(other),
                diff=wan(diff)), other, value, tail(rule, diff))
