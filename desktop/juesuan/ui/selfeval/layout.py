"""How one 自评 form maps onto a single grid as it is printed: header, 资金 block, 年度目标, 绩效指标 with merged
一级/二级 cells, 总分/等级 and the footer. Plain Python (no Qt) so the mapping can be checked without widgets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ...errors import JuesuanError
from ...findings import Cell
from ...selfeval.checkbase import wan
from ...selfeval.editing import FORM_COLUMNS, FORM_FIELDS
from ...selfeval.model import (AMOUNT_PLACES, BUDGET_SOURCE_KINDS, FIELD_LABELS, FUND_COLUMNS, FUND_SOURCES, FUND_TOTAL, LONG, NAME,
                              PROJECT_TYPES, SHORT, SelfEvalForm, goal_row, indicator_rows)
from ...selfeval.schemes import Scheme
from ...selfeval.scoring import Scorecard
from .values import parse_percent, parse_points, percent_text, plain, short_reason

COLUMN_COUNT = 10
SIDE, LEVEL1, LEVEL2, LEVEL3, TARGET, ACTUAL, POINTS, SCORE, SUGGEST, DEVIATION = range(COLUMN_COUNT)
INDICATOR_HEADINGS = ("", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "建议得分",
                      "偏差原因分析及改进措施")
INDICATOR_COLUMNS = {LEVEL1: "level1", LEVEL2: "level2", LEVEL3: "level3", TARGET: "target", ACTUAL: "actual",
                     POINTS: "points", SCORE: "score", DEVIATION: "deviation"}

# slot kinds: what sits in a grid position
LABEL, HEADING, BLANK, COVERED, COMPUTED, CHECK = "label", "heading", "blank", "covered", "computed", "check"
AMOUNT, SCORE_KIND, PERCENT, TEXT, LONG_TEXT, CHOICE = "amount", "points", "percent", "text", "long", "choice"
EDITABLE = frozenset({AMOUNT, SCORE_KIND, PERCENT, TEXT, LONG_TEXT, CHOICE})
NUMERIC = frozenset({AMOUNT, SCORE_KIND, PERCENT})
NO_CHOICE = "（未选）"
UNIT_CHOICES = ("", "元", "万元")


@dataclass(frozen=True)
class Target:
    """What a grid cell reads and writes: form (field,), fund (row, column), goal (g, field), indicator (g, i, field),
    source (kind, part), name (), computed (what,)."""

    kind: str
    key: tuple = ()


@dataclass(frozen=True)
class Slot:
    kind: str
    text: str = ""
    target: Target | None = None
    #: the cell this position stands for (index_of, jump-to)
    cell: Cell | None = None
    #: cells whose findings are shown here
    marks: tuple[Cell, ...] = ()
    #: a merged 一级/二级 cell: every indicator the typed value goes to
    group: tuple[Target, ...] = ()
    choices: tuple[str, ...] = ()
    limit: int = 0
    #: shown after the value (a 一级 cell prints its section's weight)
    suffix: str = ""

    @property
    def editable(self) -> bool:
        return self.kind in EDITABLE

    def targets(self) -> tuple[Target, ...]:
        return self.group or ((self.target,) if self.target is not None else ())


@dataclass(frozen=True)
class RowInfo:
    kind: str
    goal: int | None = None
    index: int | None = None


@dataclass
class FormLayout:
    table: str
    rows: list[RowInfo] = field(default_factory=list)
    slots: dict[tuple[int, int], Slot] = field(default_factory=dict)
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: covered position → the anchor of the span covering it
    covered: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    by_cell: dict[Cell, tuple[int, int]] = field(default_factory=dict)
    by_mark: dict[Cell, list[tuple[int, int]]] = field(default_factory=dict)
    _span_at: dict[tuple[int, int], tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def signature(self) -> tuple:
        """Rows and merges: when equal, an edit changed only values."""
        return tuple(self.rows), tuple(self.spans), tuple(s.kind for _, s in sorted(self.slots.items()))

    def slot(self, row: int, column: int) -> Slot:
        return self.slots.get((row, column), Slot(BLANK))

    def anchor(self, row: int, column: int) -> tuple[int, int]:
        return self.covered.get((row, column), (row, column))

    def span(self, row: int, column: int) -> tuple[int, int]:
        """(rows, columns) of the span anchored here, (1, 1) if none."""
        if self._span_at is None:
            self._span_at = {(r, c): (rows, columns) for r, c, rows, columns in self.spans}
        return self._span_at.get((row, column), (1, 1))

    def position(self, cell: Cell) -> tuple[int, int] | None:
        """Where a cell is shown: its own slot, else a slot that shows its findings, else its row."""
        if cell in self.by_cell:
            return self.anchor(*self.by_cell[cell])
        if cell in self.by_mark:
            return self.anchor(*self.by_mark[cell][0])
        for other, (r, c) in self.by_cell.items():
            if other.row == cell.row:
                return self.anchor(r, c)
        return None

    def mark_positions(self, cell: Cell) -> list[tuple[int, int]]:
        return self.by_mark.get(cell, [])

    def indicator_row(self, goal: int, index: int) -> int | None:
        for r, info in enumerate(self.rows):
            if info.kind == "ind" and info.goal == goal and info.index == index:
                return r
        return None

    def goal_at(self, row: int) -> tuple[int, int | None] | None:
        """(goal, indicator index or None) a grid row belongs to."""
        if 0 <= row < len(self.rows):
            info = self.rows[row]
            if info.goal is not None:
                return info.goal, info.index
        return None


# -- building ------------------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, table: str) -> None:
        self.out = FormLayout(table)

    def add(self, info: RowInfo, cells: list[tuple[int, Slot | None]]) -> int:
        """One grid row: (columns, slot) left to right; a None slot is covered by a span from the rows above."""
        r = len(self.out.rows)
        self.out.rows.append(info)
        c = 0
        for width, slot in cells:
            if slot is None:
                for k in range(width):
                    self.out.slots[(r, c + k)] = Slot(COVERED)
            else:
                self._place(r, c, slot)
                if width > 1:
                    self.out.spans.append((r, c, 1, width))
                    for k in range(1, width):
                        self.out.slots[(r, c + k)] = Slot(COVERED)
                        self.out.covered[(r, c + k)] = (r, c)
            c += width
        assert c == COLUMN_COUNT, (info, c)
        return r

    def _place(self, r: int, c: int, slot: Slot) -> None:
        self.out.slots[(r, c)] = slot
        if slot.cell is not None:
            self.out.by_cell.setdefault(slot.cell, (r, c))
        for mark in dict.fromkeys((*((slot.cell,) if slot.cell else ()), *slot.marks)):
            self.out.by_mark.setdefault(mark, []).append((r, c))

    def add_marks(self, r: int, c: int, marks: tuple[Cell, ...]) -> None:
        slot = self.out.slots[(r, c)]
        fresh = tuple(m for m in marks if m not in slot.marks)
        self.out.slots[(r, c)] = replace(slot, marks=slot.marks + fresh)
        for mark in fresh:
            self.out.by_mark.setdefault(mark, []).append((r, c))

    def vspan(self, top: int, column: int, rows: int, keep: bool = False) -> None:
        """Merge `rows` rows from `top` under the cell anchored there (as wide as it is); keep: the covered slots
        stay editable for paste (merged 一级/二级)."""
        if rows <= 1:
            return
        width = 1
        for n, (r, c, _, w) in enumerate(self.out.spans):
            if (r, c) == (top, column):
                width = w
                del self.out.spans[n]
                break
        self.out.spans.append((top, column, rows, width))
        for r in range(top, top + rows):
            for c in range(column, column + width):
                if (r, c) == (top, column):
                    continue
                if not keep:
                    self.out.slots[(r, c)] = Slot(COVERED)
                self.out.covered[(r, c)] = (top, column)


def _label(text: str) -> Slot:
    return Slot(LABEL, text)


def _heading(text: str) -> Slot:
    return Slot(HEADING, text)


def _form_slot(table: str, name: str, kind: str, limit: int = 0, choices: tuple[str, ...] = ()) -> Slot:
    cell = Cell(table, FORM_FIELDS[name], FORM_COLUMNS.get(name, FIELD_LABELS[name]))
    return Slot(kind, target=Target("form", (name,)), cell=cell, limit=limit, choices=choices)


def build_layout(form: SelfEvalForm, table: str, scheme: Scheme | None, card: Scorecard | None) -> FormLayout:
    """The grid of one form as its scheme prints it (section names and weights come from the scheme)."""
    b = _Builder(table)
    _header(b, form, table)
    _funds(b, form, table, scheme)
    keys = {(g, i): key for g, i, key in indicator_rows(form)}
    ind_sides: dict[int, int] = {}
    goal_sides: dict[int, int] = {}
    for g in range(len(form.goals)):
        goal_sides[g] = _goal(b, form, table, g, scheme)
        ind_sides[g] = _indicators(b, form, table, g, scheme, keys)
    _sections(b, table, card, ind_sides, goal_sides)
    _totals(b, table)
    _footer(b, table)
    return b.out


def _header(b: _Builder, form: SelfEvalForm, table: str) -> None:
    info = RowInfo("header")
    if form.kind == "project":
        name = Slot(TEXT, target=Target("name"), cell=Cell(table, "表头", "名称"), limit=SHORT)
        b.add(info, [(2, _label("项目名称")), (8, name)])
    else:
        b.add(info, [(2, _label("单位名称")), (8, _form_slot(table, "name", TEXT, SHORT))])
    b.add(info, [(2, _label("主管部门")), (3, _form_slot(table, "department", TEXT, SHORT)), (1, _label("实施单位")),
                 (4, _form_slot(table, "implementer", TEXT, SHORT))])
    if form.kind == "whole":
        b.add(info, [(2, _label("基本支出总额（万元）")), (3, _form_slot(table, "basic_total", AMOUNT)),
                     (1, _label("项目支出总额（万元）")), (4, _form_slot(table, "project_total", AMOUNT))])
        return
    b.add(info, [(2, _label("项目类型")), (8, _form_slot(table, "project_type", CHOICE, 50, ("", *PROJECT_TYPES)))])
    top = None
    cell = Cell(table, "表头", FIELD_LABELS["budget_sources"])
    for n, kind in enumerate(BUDGET_SOURCE_KINDS):
        side = _label("预算来源及资金规模") if n == 0 else None
        check = Slot(CHECK, f"{n + 1}、{kind}", Target("source", (kind, "checked")), marks=(cell,))
        amount = Slot(AMOUNT, target=Target("source", (kind, "amount")), marks=(cell,))
        unit = Slot(CHOICE, target=Target("source", (kind, "unit")), marks=(cell,), choices=UNIT_CHOICES)
        r = b.add(RowInfo("source"), [(2, side), (3, check), (1, _label("资金量")), (2, amount), (1, unit), (1, Slot(BLANK))])
        top = r if top is None else top
    b.vspan(top or 0, SIDE, len(BUDGET_SOURCE_KINDS))
    b.add(info, [(2, _label("子项目名称")), (3, _form_slot(table, "subproject", TEXT, SHORT)), (1, _label("项目实施期")),
                 (4, _form_slot(table, "period", TEXT, SHORT))])
    b.add(info, [(2, _label("项目总投资（万元）")), (3, _form_slot(table, "total_investment", AMOUNT)),
                 (1, _label("其中：财政拨款")), (4, _form_slot(table, "total_investment_fiscal", AMOUNT))])


def _section(scheme: Scheme | None, kind: str, form_kind: str) -> Any:
    if scheme is None:
        return None
    return next((s for s in scheme.form(form_kind).sections if s.kind == kind), None)


def _weight(section: Any, newline: bool = False) -> str:
    if section is None or section.weight is None:
        return ""
    return ("\n" if newline else "") + f"（{plain(section.weight)}分）"


def _funds(b: _Builder, form: SelfEvalForm, table: str, scheme: Scheme | None) -> None:
    money = _section(scheme, "money", form.kind)
    side = f"{money.name if money else '资金情况'}（万元）{_weight(money)}"
    head = [(1, _label(side)), (2, _heading("年度资金总额")), *((1, _heading(c)) for c in FUND_COLUMNS),
            (1, _heading("分值")), (1, _heading("执行率")), (1, _heading("得分")), (1, _heading("按评分方案计算"))]
    top = b.add(RowInfo("fund-head"), head)
    for row in (FUND_TOTAL, *FUND_SOURCES):
        label = "合计" if row == FUND_TOTAL else ("其中：" + row if row == FUND_SOURCES[0] else row)
        amounts = [(1, Slot(AMOUNT, target=Target("fund", (row, c)), cell=Cell(table, row, c))) for c in FUND_COLUMNS]
        if row == FUND_TOTAL:
            tail = [(1, _form_slot(table, "fund_points", SCORE_KIND)), (1, _form_slot(table, "fund_rate", PERCENT)),
                    (1, _form_slot(table, "fund_score", SCORE_KIND)), (1, Slot(BLANK))]
        else:
            tail = [(1, Slot(BLANK))] * 4
        b.add(RowInfo("fund"), [(1, None), (2, _label(label)), *amounts, *tail])
    computed = [(1, Slot(COMPUTED, target=Target("computed", (f"sum:{c}",)), cell=Cell(table, "计算", c))) for c in FUND_COLUMNS]
    b.add(RowInfo("fund-calc"), [(1, None), (2, _label("计算值（来源之和、按执行数计算）")), *computed,
                                 (1, Slot(COMPUTED, target=Target("computed", ("weight",)), cell=Cell(table, "计算", "分值"))),
                                 (1, Slot(COMPUTED, target=Target("computed", ("rate",)), cell=Cell(table, "计算", "执行率"))),
                                 (1, Slot(COMPUTED, target=Target("computed", ("money",)), cell=Cell(table, "计算", "得分"))),
                                 (1, Slot(COMPUTED, target=Target("computed", ("money-note",))))])
    b.vspan(top, SIDE, len(b.out.rows) - top)


def _goal(b: _Builder, form: SelfEvalForm, table: str, g: int, scheme: Scheme | None) -> int:
    goal = form.goals[g]
    row_name = goal_row(form, g)
    scored = _section(scheme, "goal", form.kind)
    name = row_name if len(form.goals) > 1 or scored is None else scored.name
    side_text = name + (f"（{plain(goal.points)}分）" if goal.points is not None else _weight(scored))
    side = Slot(LABEL, side_text, cell=Cell(table, row_name, ""), marks=(Cell(table, row_name, "分值"), Cell(table, row_name, "得分")))
    info = RowInfo("goal-head", g)
    top = b.add(info, [(1, side), (4, _heading("预期目标")), (5, _heading("实际完成情况"))])

    def goal_slot(name: str, kind: str, column: str, extra: tuple[Cell, ...] = ()) -> Slot:
        return Slot(kind, target=Target("goal", (g, name)), cell=Cell(table, row_name, column), marks=extra,
                    limit=LONG if kind == LONG_TEXT else 0)

    b.add(RowInfo("goal-text", g), [(1, None), (4, goal_slot("expected", LONG_TEXT, "预期目标")),
                                    (5, goal_slot("actual", LONG_TEXT, "实际完成情况", (Cell(table, row_name, "实际完成值"),)))])
    scored_goal = _section(scheme, "goal", form.kind) is not None or _section(scheme, "goals", form.kind) is not None
    if scored_goal or goal.points is not None or goal.score is not None:
        b.add(RowInfo("goal-points", g), [(1, None), (5, _label(f"{name} 分值 / 得分")),
                                          (1, goal_slot("points", SCORE_KIND, "分值")), (1, goal_slot("score", SCORE_KIND, "得分")),
                                          (2, Slot(BLANK))])
    b.vspan(top, SIDE, len(b.out.rows) - top)
    return top


def _indicators(b: _Builder, form: SelfEvalForm, table: str, g: int, scheme: Scheme | None, keys: dict) -> int:
    goal = form.goals[g]
    section = _section(scheme, "indicators", form.kind)
    if section is not None and len(section.levels) > 1:
        side_text = section.name + _weight(section)
    else:
        side_text = "年度绩效指标" if len(form.goals) > 1 else "绩效指标"
    head = [(1, _label(side_text)), *((1, _heading(h)) for h in INDICATOR_HEADINGS[1:])]
    top = b.add(RowInfo("ind-head", g), head)
    if not goal.indicators:
        b.add(RowInfo("ind-empty", g), [(1, None), (9, _label("（本目标还没有绩效指标：按 Ctrl+Insert 或点“添加指标”）"))])
    for i, ind in enumerate(goal.indicators):
        key = keys[(g, i)]
        cells: list[tuple[int, Slot | None]] = [(1, None)]
        for column in range(LEVEL1, COLUMN_COUNT):
            if column == SUGGEST:
                cells.append((1, Slot(COMPUTED, target=Target("computed", ("suggest", g, i)), cell=Cell(table, key, "建议得分"))))
                continue
            name = INDICATOR_COLUMNS[column]
            kind = SCORE_KIND if name in ("points", "score") else (LONG_TEXT if name == "deviation" else TEXT)
            limit = {"level1": 50, "level2": 50, "deviation": LONG}.get(name, NAME)
            cells.append((1, Slot(kind, target=Target("indicator", (g, i, name)), cell=Cell(table, key, FIELD_LABELS[name]),
                                  limit=limit)))
        b.add(RowInfo("ind", g, i), cells)
    _merge_levels(b, g, top + 1, goal)
    b.vspan(top, SIDE, len(b.out.rows) - top)
    return top


def _merge_levels(b: _Builder, g: int, first: int, goal: Any) -> None:
    """Consecutive equal 一级 cells merge, and equal 二级 cells within one 一级, as printed."""
    items = goal.indicators
    n = 0
    while n < len(items):
        end = n + 1
        while end < len(items) and _same(items[end].level1, items[n].level1):
            end += 1
        _merge(b, g, first, n, end, LEVEL1)
        m = n
        while m < end:
            stop = m + 1
            while stop < end and _same(items[stop].level2, items[m].level2):
                stop += 1
            _merge(b, g, first, m, stop, LEVEL2)
            m = stop
        n = end


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _merge(b: _Builder, g: int, first: int, start: int, end: int, column: int) -> None:
    r0 = first + start
    slot = b.out.slots[(r0, column)]
    field_name = INDICATOR_COLUMNS[column]
    members = [b.out.slots[(first + k, column)] for k in range(start, end)]
    marks = tuple(m.cell for m in members if m.cell is not None)
    group = tuple(Target("indicator", (g, k, field_name)) for k in range(start, end)) if end - start > 1 else ()
    b.out.slots[(r0, column)] = replace(slot, marks=marks[1:], group=group)
    for mark in marks[1:]:
        b.out.by_mark.setdefault(mark, []).append((r0, column))
    b.vspan(r0, column, end - start, keep=True)


def _sections(b: _Builder, table: str, card: Scorecard | None, ind_sides: dict[int, int], goal_sides: dict[int, int]) -> None:
    """A section's 分值/得分 findings show on its 一级 cells (one 一级 per section) or on the block's side label."""
    if card is None:
        return
    for result in card.sections:
        section = result.section
        marks = (Cell(table, section.name, "分值"), Cell(table, section.name, "得分"))
        places: list[tuple[int, int]] = []
        if section.kind == "indicators" and len(section.levels) == 1:
            for g, i in result.members:
                r = b.out.indicator_row(g, i)
                if r is not None:
                    places.append(b.out.anchor(r, LEVEL1))
            suffix = _weight(section, newline=True)
            for r, c in dict.fromkeys(places):
                slot = b.out.slots[(r, c)]
                b.out.slots[(r, c)] = replace(slot, suffix=suffix)
        elif section.kind == "indicators":
            goals = {g for g, _ in result.members} or set(ind_sides)
            places = [(ind_sides[g], SIDE) for g in sorted(goals)]
        elif section.kind == "goals":
            places = [(goal_sides[g], SIDE) for g in sorted(goal_sides)]
        for r, c in dict.fromkeys(places):
            b.add_marks(r, c, marks)


def _totals(b: _Builder, table: str) -> None:
    b.add(RowInfo("total"), [(6, _label("总分")), (1, _form_slot(table, "total_points", SCORE_KIND)),
                             (1, _form_slot(table, "total_score", SCORE_KIND)), (1, _label("等级")),
                             (1, _form_slot(table, "grade", TEXT, 20))])
    computed = [(1, Slot(COMPUTED, target=Target("computed", (what,)), cell=Cell(table, "计算", name)))
                for what, name in (("points-total", "分值合计"), ("total", "总分"))]
    b.add(RowInfo("total-calc"), [(6, _label("按评分方案计算")), *computed, (1, _label("等级")),
                                  (1, Slot(COMPUTED, target=Target("computed", ("grade",)), cell=Cell(table, "计算", "等级")))])


def _footer(b: _Builder, table: str) -> None:
    info = RowInfo("footer")
    b.add(info, [(2, _label("偏差大或目标未完成原因分析")), (8, _form_slot(table, "deviation_analysis", LONG_TEXT, LONG))])
    b.add(info, [(2, _label("改进措施及结果应用方案")), (8, _form_slot(table, "improvement", LONG_TEXT, LONG))])
    b.add(info, [(2, _label("填表人")), (2, _form_slot(table, "preparer", TEXT, 100)), (1, _label("填报日期")),
                 (1, _form_slot(table, "date", TEXT, 50)), (2, _label("联系电话")), (2, _form_slot(table, "phone", TEXT, 50))])
    b.add(info, [(2, _label("单位负责人")), (2, _form_slot(table, "leader", TEXT, 100)), (1, _label("备注")),
                 (5, _form_slot(table, "notes", LONG_TEXT, LONG))])


# -- reading values ----------------------------------------------------------------------------------------------------


def current(form: SelfEvalForm, target: Target) -> Any:
    """The stored value a target stands for (Decimal, text, bool or None)."""
    kind, key = target.kind, target.key
    if kind == "form":
        return getattr(form, key[0])
    if kind == "name":
        return form.name
    if kind == "fund":
        return form.fund(*key)
    if kind == "goal":
        return getattr(form.goals[key[0]], key[1])
    if kind == "indicator":
        g, i, name = key
        return getattr(form.goals[g].indicators[i], name)
    if kind == "source":
        source = next((s for s in form.budget_sources if s.kind == key[0]), None)
        if source is None:
            return False if key[1] == "checked" else (None if key[1] == "amount" else "")
        return getattr(source, key[1])
    return None


def display(slot: Slot, value: Any) -> str:
    """How a stored value is shown in its slot: amounts #,##0.00 (up to 4 decimals), points plainly, rates with %."""
    if value is None or value == "":
        return ""
    if slot.kind == AMOUNT:
        return wan(value)
    if slot.kind == SCORE_KIND:
        return plain(value)
    if slot.kind == PERCENT:
        return percent_text(value)
    if slot.target is not None and slot.target.key == ("project_type",):
        return "　".join(("☑ " if t == value else "☐ ") + t for t in PROJECT_TYPES) + \
            ("" if value in PROJECT_TYPES else f"　（{value}）")
    return str(value)


def computed(card: Scorecard | None, scheme: Scheme | None, what: tuple) -> tuple[Any, str, str]:
    """(raw value, text, tooltip) of a computed cell."""
    if card is None:
        return None, "", "评分方案不存在，无法计算"
    name = what[0]
    if name.startswith("sum:"):
        value = card.fund_sums.get(name[4:])
        return value, wan(value) if value is not None else "", "当年财政拨款 + 上年结转资金 + 其他资金"
    if name == "weight":
        return card.money_weight, plain(card.money_weight), "评分方案规定的资金（预算执行）分值"
    if name == "rate":
        money = card.scheme.money
        return card.rate_percent, percent_text(card.rate_percent), f"执行率 = {money.spent} ÷ 合计{money.budget}"
    if name == "money":
        return card.money_score, plain(card.money_score), "得分 = 分值 × 执行率，不超过分值"
    if name == "money-note":
        money = card.scheme.money
        text = f"执行率 = {money.spent} ÷ {money.budget}；得分 = 分值 × 执行率（不超过分值）"
        return text, text, text
    if name == "points-total":
        if any(r.points is None for r in card.sections):
            return None, "", "有部分未填分值，不计算分值合计"
        return card.points_total, plain(card.points_total), "各部分分值之和（应为 100）"
    if name == "total":
        parts = " + ".join(f"{r.section.name} {plain(r.score)}" for r in card.sections)
        notes = []
        if card.not_applicable_points:
            notes.append(f"扣除不适用指标 {plain(card.not_applicable_points)} 分后折算为百分制")
        if card.cap is not None:
            notes.append(f"执行率 {percent_text(card.rate_percent)} 时总分不超过 {plain(card.cap)}")
        tip = parts + ("；" + "；".join(notes) if notes else "")
        if card.total is None:
            return None, "", "尚无得分" if scheme is None or scheme.scored else "本方案不计分"
        return card.total, plain(card.total), tip
    if name == "grade":
        bands = "，".join(f"{g.name} ≥ {plain(g.min)}" for g in sorted(card.scheme.grades, key=lambda g: g.min, reverse=True))
        return card.grade, card.grade or "", bands
    if name == "suggest":
        tip = card.suggestions.get((what[1], what[2]))
        if tip is None:
            return None, "", ""
        if tip.available:
            raw = tip.score if tip.score is not None else tip.text()
            return raw, tip.text(), tip.basis
        return None, short_reason(tip.reason), f"无建议得分：{tip.reason}"
    return None, "", ""


def parse_value(slot: Slot, text: str) -> Any:
    """A typed or pasted text as the slot's value; JuesuanError (Chinese) when it is not one."""
    from ...errors import AmountError
    from ...money import parse_amount

    if slot.kind == AMOUNT:
        try:
            return parse_amount(text, places=AMOUNT_PLACES)
        except AmountError as exc:
            message = str(exc)
            if "位小数" in message:  # money.py speaks of the 决算 tables' two places
                message = f"“{text.strip()[:30]}”超过{AMOUNT_PLACES}位小数（自评表金额以万元为单位，最多 4 位小数）"
            raise JuesuanError(message) from None
    if slot.kind == SCORE_KIND:
        return parse_points(text, "分值或得分")
    if slot.kind == PERCENT:
        return parse_percent(text)
    clean = text.strip() if slot.kind != LONG_TEXT else text.rstrip()
    if slot.kind == CHOICE:
        clean = "" if clean == NO_CHOICE else clean
        if slot.choices and clean not in slot.choices and slot.target is not None and slot.target.kind == "source":
            raise JuesuanError(f"“{clean[:20]}”不是可选的单位（{'、'.join(c for c in slot.choices if c)}）")
    if slot.limit and len(clean) > slot.limit:
        raise JuesuanError(f"内容过长（{len(clean)} 字），最多 {slot.limit} 字")
    return clean

