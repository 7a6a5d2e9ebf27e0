"""图1–图7 of the published document: which figures each chart shows (resources/publishing/<layout>/charts.toml)
and their values from the tables and `project.prior_year`; no chart invents a number."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..datafiles import line_of, load_toml
from ..years import year_file
from ..errors import DataFileError
from ..model import Project, subject_children

KINDS = ("change", "structure", "budget")


@dataclass(frozen=True)
class ChartItem:
    label: str
    table: str
    row: str
    col: str = ""
    budget: str = ""
    actual: str = ""


@dataclass(frozen=True)
class ChartSpec:
    number: int
    title: str
    kind: str
    section: int
    items: tuple[ChartItem, ...] = ()
    children: ChartItem | None = None

    @property
    def caption(self) -> str:
        return f"图{self.number}：{self.title}"


@dataclass(frozen=True)
class Series:
    """One legend entry: its name and one value per category (None: no figure, the bar is left out)."""

    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ChartData:
    spec: ChartSpec
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.values)


@lru_cache(maxsize=8)
def chart_specs(layout: str = "2022") -> tuple[ChartSpec, ...]:
    where, text, data = load_toml(year_file(layout, "publishing", "charts.toml"))
    specs = []
    for raw in data.get("charts", []):
        try:
            kind = raw["kind"]
            if kind not in KINDS:
                raise DataFileError(where, f"图表 kind 必须是 {' / '.join(KINDS)} 之一", line_of(text, "kind", kind))
            children = raw.get("children")
            specs.append(ChartSpec(
                number=int(raw["number"]), title=str(raw["title"]), kind=kind, section=int(raw.get("section", 0)),
                items=tuple(_item(i) for i in raw.get("items", [])),
                children=_item({"label": "", **children}) if children else None,
            ))
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(where, f"图表定义不完整（{exc}）", line_of(text, "number")) from None
    return tuple(specs)


def _item(raw: dict[str, Any]) -> ChartItem:
    return ChartItem(label=str(raw["label"]), table=str(raw["table"]), row=str(raw["row"]), col=str(raw.get("col", "")),
                     budget=str(raw.get("budget", "")), actual=str(raw.get("actual", "")))


def chart_data(project: Project) -> tuple[ChartData, ...]:
    """Every chart of the project's layout with its figures and the notes on what is missing."""
    return tuple(_data(project, spec) for spec in chart_specs(project.layout))


def _prior(project: Project, item: ChartItem) -> Decimal | None:
    return project.prior_year.get(item.table, {}).get(item.row, {}).get(item.col)


def _data(project: Project, spec: ChartSpec) -> ChartData:
    year = project.year
    notes: list[str] = []
    if spec.kind == "change":
        labels = tuple(i.label for i in spec.items)
        prior = tuple(_prior(project, i) for i in spec.items)
        current = tuple(project.value(i.table, i.row, i.col) for i in spec.items)
        missing = [i.label for i, v in zip(spec.items, prior) if v is None]
        if missing:
            notes.append(f"注：未填写{year - 1}年度{'、'.join(missing)}决算数，图中不绘制该柱。")
        missing_now = [i.label for i, v in zip(spec.items, current) if v is None]
        if missing_now:
            notes.append(f"注：{year}年度{'、'.join(missing_now)}未填报，图中不绘制该柱。")
        return ChartData(spec, labels, (Series(f"{year - 1}年度", prior), Series(f"{year}年度", current)), tuple(notes))
    if spec.kind == "budget":
        labels = tuple(i.label for i in spec.items)
        budget = tuple(project.value(i.table, i.row, i.budget) for i in spec.items)
        actual = tuple(project.value(i.table, i.row, i.actual) for i in spec.items)
        if not any(v is not None for v in budget + actual):
            notes.append("注：本表无数据，不绘制图形。")
        return ChartData(spec, labels, (Series("预算数", budget), Series("决算数", actual)), tuple(notes))
    items = spec.items
    if spec.children is not None:
        items = _children_items(project, spec.children)
    pairs = [(i.label, project.value(i.table, i.row, i.col)) for i in items]
    shown = [(label, value) for label, value in pairs if value is not None and value > 0]
    negative = [label for label, value in pairs if value is not None and value < 0]
    if negative:
        notes.append(f"注：{'、'.join(negative)}为负数，不能在结构图中表示。")
    if not shown:
        notes.append("注：没有可绘制的数据。")
    return ChartData(spec, tuple(l for l, _ in shown), (Series(f"{year}年度", tuple(v for _, v in shown)),), tuple(notes))


def _children_items(project: Project, parent: ChartItem) -> tuple[ChartItem, ...]:
    data = project.tables.get(parent.table)
    subjects = data.subjects if data else {}
    codes = subject_children(subjects, parent.row, parent.row)
    return tuple(ChartItem(label=subjects.get(code, code), table=parent.table, row=code, col=parent.col) for code in codes)
