"""The 基础数据表 of a 整体 自评 (湖南, seed 002 附件1-1): its layout from resources/schemes/basic-data/, its
internal sums and its links to the 决算 tables, as engine built-ins."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..catalog import Catalog
from ..datafiles import load_toml, resource
from ..errors import DataFileError
from ..findings import Cell
from ..money import round_cent
from ..templates import Layout
from .checkbase import Produced, finding, say, tail, wan
from .model import BASIC_TABLE as TABLE
from .model import BasicData
from .scoring import ZERO, _plain, agrees

FOLDER = ("schemes", "basic-data")


@dataclass(frozen=True)
class BasicRow:
    key: str
    label: str
    sums: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (column key, "表 行 栏")
    lines: bool = False


@dataclass(frozen=True)
class BasicLayout:
    id: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, label template with {last}/{year})
    rows: tuple[BasicRow, ...]
    staff: tuple[tuple[str, str], ...]
    texts: tuple[tuple[str, str], ...]

    def row(self, key: str) -> BasicRow:
        return next(r for r in self.rows if r.key == key)

    def column_label(self, key: str, year: int | None) -> str:
        template = dict(self.columns)[key]
        if year is None:
            return template.replace("{last}", "上").replace("{year}", "本")
        return template.format(last=year - 1, year=year)


def _layout(where: str, data: dict[str, Any]) -> BasicLayout:
    try:
        columns = tuple((str(c["key"]), str(c["label"])) for c in data["columns"])
        rows = tuple(BasicRow(str(r["key"]), str(r["label"]), tuple(r.get("sum", ())),
                              tuple((str(k), str(v)) for k, v in r.get("link", {}).items()), bool(r.get("lines", False)))
                     for r in data["rows"])
        layout = BasicLayout(str(data["id"]), str(data["title"]), columns, rows,
                             tuple((str(k), str(v)) for k, v in data.get("staff", {}).items()),
                             tuple((str(t["key"]), str(t["label"])) for t in data.get("texts", ())))
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(where, f"基础数据表布局缺少或写错了键（{exc}）") from None
    keys = {r.key for r in layout.rows}
    for row in layout.rows:
        for part in row.sums:
            if part not in keys:
                raise DataFileError(where, f"行“{row.key}”的 sum 引用了不存在的行“{part}”")
        for column, target in row.links:
            if column not in dict(columns) or len(target.split()) != 3:
                raise DataFileError(where, f"行“{row.key}”的 link 应写成 栏 = \"表 行 栏\"")
    return layout


@lru_cache(maxsize=None)
def basic_layouts() -> dict[str, BasicLayout]:
    """The shipped 基础数据表 layouts by id."""
    found = {}
    for file in sorted(resource(*FOLDER).iterdir(), key=lambda f: f.name):
        if file.name.endswith(".toml"):
            where, _, data = load_toml(file)
            layout = _layout(where, data)
            found[layout.id] = layout
    return found


def check_keys(data: BasicData) -> None:
    """Rows and columns must be the layout's (a ValueError becomes the model's Chinese message)."""
    layout = basic_layouts().get(data.layout)
    if layout is None:
        raise ValueError(f"基础数据表布局“{data.layout}”不存在（可用：{'、'.join(basic_layouts())}）")
    rows = {r.key for r in layout.rows if not r.lines}
    columns = dict(layout.columns)
    for row, values in data.values.items():
        if row not in rows:
            raise ValueError(f"基础数据表没有行“{row[:20]}”")
        for column in values:
            if column not in columns:
                raise ValueError(f"基础数据表没有栏“{column[:20]}”（可用：{'、'.join(columns)}）")
    for line in data.lines:
        for column in line.values:
            if column not in columns:
                raise ValueError(f"基础数据表专项“{line.name[:20]}”没有栏“{column[:20]}”")
    texts = dict(layout.texts)
    for key in data.texts:
        if key not in texts:
            raise ValueError(f"基础数据表没有说明项“{key[:20]}”")


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
