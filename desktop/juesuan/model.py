"""The project: one unit's year of 决算 data, as a validated pydantic model."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Iterator

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator

from .desk.record import MergeRecord
from .money import parse_stored, to_stored
from .publishing.model import Publication
from .review.model import ReviewRecord
from .selfeval.model import SelfEvalBook
from .templates import Layout, TableTemplate


def _amount(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError("金额必须写成十进制字符串（例如 \"4199.36\"），不能是数字或其他类型")
    return parse_stored(value)


#: An amount: stored as a decimal string, held as Decimal, never a float.
Amount = Annotated[Decimal, BeforeValidator(_amount), PlainSerializer(to_stored, return_type=str)]
#: table → row key → 栏次 → amount
CellValues = dict[str, dict[str, dict[str, Amount]]]

CODE_PATTERN = re.compile(r"^\d{3}(\d{2}){0,2}$")
TEXT_LIMIT = 20000
#: A 情况说明 runs to some 20 pages; 400,000 characters leaves room for any real one.
NARRATIVE_TEXT_LIMIT = 400_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


#: 单位类型 as the official client offers them (a free text is kept as typed).
UNIT_KINDS = ("行政单位", "事业单位", "参照公务员法管理事业单位", "经费自理事业单位", "其他")


class Unit(Strict):
    """Who the 决算 is for: printed above every table, in every export, report, document and sign-off."""

    name: str = Field(default="", max_length=200)
    code: str = Field(default="", max_length=50)
    level: str = Field(default="", max_length=50)
    #: 主管部门
    parent: str = Field(default="", max_length=200)
    #: 单位类型 (行政单位、事业单位 …)
    kind: str = Field(default="", max_length=50)
    #: 填报人
    preparer: str = Field(default="", max_length=100)

    def heading(self, year: int) -> str:
        """The line above each table: 单位 (编码) · 年度 · 主管部门 · 单位类型 · 填报人, unfilled parts named."""
        name = self.name or "（未填写单位名称）"
        parts = [f"单位：{name}" + (f"（{self.code}）" if self.code else ""), f"年度：{year}"]
        parts += [f"{label}：{value}" for label, value in (("主管部门", self.parent), ("单位类型", self.kind),
                                                           ("填报人", self.preparer)) if value]
        return "　".join(parts)


class TotalsState(Strict):
    """How totals behave: computed from their parts, except those typed by hand (manual)."""

    #: True: the totals are the printed ones (a published table or workbook) and do not follow their parts
    #: until 全部采用计算值; files written before totals computed themselves load this way, unchanged.
    printed: bool = True
    #: table → row → 栏次 of the totals the user typed (kept, checked against their parts)
    manual: dict[str, dict[str, list[str]]] = Field(default_factory=dict)


class SubjectDict(dict):
    """code → 科目名称 that remembers its sorted codes and subject tree until a code is added or removed, so
    that asking for a row's children costs a lookup, not a scan of every code (rename keeps the cache)."""

    __slots__ = ("_sorted", "_tree", "_total", "revision")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sorted: list[str] | None = None
        self._tree: dict[str, list[str]] | None = None
        self._total = ""
        #: goes up with every change of codes or names, so a reader can tell "unchanged" without comparing them all
        self.revision = 0

    def _touch(self) -> None:
        self._sorted = self._tree = None
        self.revision += 1

    def __setitem__(self, key: str, value: str) -> None:
        if key not in self:
            self._touch()
        else:
            self.revision += 1  # a rename keeps the codes (and the cached tree) but is a change
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._touch()
        super().__delitem__(key)

    def pop(self, *args: Any) -> Any:
        self._touch()
        return super().pop(*args)

    def popitem(self) -> tuple[str, str]:
        self._touch()
        return super().popitem()

    def clear(self) -> None:
        self._touch()
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._touch()
        super().update(*args, **kwargs)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self._touch()
        return super().setdefault(key, default)

    def __ior__(self, other: Any) -> "SubjectDict":
        self._touch()
        return super().__ior__(other)

    def __deepcopy__(self, memo: dict) -> "SubjectDict":
        return SubjectDict(self)  # keys and values are str: a shallow copy is a deep one

    def __reduce__(self) -> Any:
        return (SubjectDict, (dict(self),))

    def sorted_codes(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self)
        return self._sorted

    def tree(self, total_row: str) -> dict[str, list[str]]:
        """parent → direct children in code order; the 类 hang under `total_row` (built once per change of codes)."""
        if self._tree is None or self._total != total_row:
            self._tree, self._total = build_tree(self.sorted_codes(), total_row), total_row
        return self._tree


def build_tree(codes: Any, total_row: str) -> dict[str, list[str]]:
    """parent → direct children (in sorted order) among `codes`: one pass, no scan per parent."""
    tree: dict[str, list[str]] = {}
    for code in sorted(codes):
        if len(code) == 3:
            tree.setdefault(total_row, []).append(code)
        elif len(code) > 3:
            tree.setdefault(code[:-2], []).append(code)
    return tree


class TableData(Strict):
    """One table's content: user-added subject rows (code → 科目名称) and the amounts."""

    subjects: dict[str, Annotated[str, Field(max_length=200)]] = Field(default_factory=SubjectDict)
    values: dict[str, dict[str, Amount]] = Field(default_factory=dict)
    no_data: bool = False
    no_data_note: str = Field(default="", max_length=TEXT_LIMIT)

    @field_validator("subjects")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if not re.fullmatch(r"\d{1,9}", code):
                raise ValueError(f"科目编码“{code[:20]}”只能由数字组成")
        return SubjectDict(value)


class NotDataMark(Strict):
    """A number of the unit's text the user marked as "not a data figure" (a date, a count of meetings): anchored by
    its own text and a few characters either side, so edits elsewhere keep it and changing the number drops it."""

    number: str = Field(min_length=1, max_length=60)
    before: str = Field(default="", max_length=60)
    after: str = Field(default="", max_length=60)


class NarrativeData(Strict):
    """The 情况说明数据 page: what 表1–表9 do not hold (names in resources/narrative/<year>/data.toml)."""

    #: The unit's own 情况说明 as written or pasted (checked against the tables, never overwritten).
    text: str = Field(default="", max_length=NARRATIVE_TEXT_LIMIT)
    #: Named amounts in 万元: 机关运行经费, 上年机关运行经费, 政府采购…, 上年三公… when 表9 has no prior year.
    figures: dict[Annotated[str, Field(max_length=60)], Amount] = Field(default_factory=dict)
    #: Named counts: 车辆 by kind, 单价50万元以上设备, 绩效自评项目个数.
    counts: dict[Annotated[str, Field(max_length=60)], Annotated[int, Field(ge=0, le=10**9)]] = Field(default_factory=dict)
    #: 主要原因 text per section key (e.g. "total", "sangong"): kept verbatim, shown in the generated text.
    reasons: dict[Annotated[str, Field(max_length=60)], Annotated[str, Field(max_length=TEXT_LIMIT)]] = Field(default_factory=dict)
    #: Numbers of `text` marked "不是数据" (no N-UNTIED for them); see juesuan.narrative.not_data.
    not_data: list[NotDataMark] = Field(default_factory=list, max_length=5000)


class Rollover(Strict):
    """Where a year's project was started from (last year's file) and which cells were carried from it."""

    #: last year's file name and year, as they were when the project was made
    source: str = Field(default="", max_length=500)
    source_year: int | None = Field(default=None, ge=2000, le=2100)
    #: the cells set from last year's 年末 (table → row → 栏次 → value carried), so rules and views know them
    carried: CellValues = Field(default_factory=dict)

    def is_carried(self, table: str, row: str, column: str) -> bool:
        return column in self.carried.get(table, {}).get(row, {})


class Project(Strict):
    """Everything one `.juesuan` file holds (its `content`)."""

    unit: Unit = Field(default_factory=Unit)
    year: int = Field(default=2022, ge=2000, le=2100)
    layout: str = Field(default="2022", pattern=r"^[0-9A-Za-z_-]{1,40}$")
    money_unit: str = Field(default="万元", pattern=r"^万元$")
    tables: dict[str, TableData] = Field(default_factory=dict)
    #: Prior-year 决算 figures the narrative compares against (上年决算数), same shape as the tables.
    prior_year: CellValues = Field(default_factory=dict)
    #: 年初预算 figures (完成年初预算%), same shape as the tables.
    budget: CellValues = Field(default_factory=dict)
    #: 情况说明: the unit's own text and the figures only the narrative needs (juesuan.narrative).
    narrative: NarrativeData = Field(default_factory=NarrativeData)
    notes: str = Field(default="", max_length=TEXT_LIMIT)
    #: Explanations, comments, status history and sign-offs (not part of the signed data).
    review: ReviewRecord = Field(default_factory=ReviewRecord)
    #: 绩效自评: the 整体 form, the 项目 forms and user-edited scoring schemes (juesuan.selfeval).
    selfeval: SelfEvalBook = Field(default_factory=SelfEvalBook)
    #: Only in a 部门 汇总: the units merged, the 调整表 eliminations and per-cell provenance (juesuan.desk).
    merge: MergeRecord | None = None
    #: 决算公开: 第一部分/第四部分 texts, cover date and the remembered print setup (juesuan.publishing).
    publication: Publication = Field(default_factory=Publication)
    #: Only in a project made from last year's file: where from and which cells were carried (juesuan.rollover).
    rollover: Rollover = Field(default_factory=Rollover)
    #: Totals that compute themselves (juesuan.totals): the project's mode and the totals typed by hand.
    totals: TotalsState = Field(default_factory=TotalsState)

    # -- access -----------------------------------------------------------------
    def table(self, table_id: str) -> TableData:
        data = self.tables.get(table_id)
        if data is None:
            data = self.tables[table_id] = TableData()
        return data

    def value(self, table_id: str, row: str, column: str) -> Decimal | None:
        data = self.tables.get(table_id)
        if data is None:
            return None
        return data.values.get(row, {}).get(column)

    def set_value(self, table_id: str, row: str, column: str, value: Decimal | None) -> Decimal | None:
        """Set one cell (None clears it); return the previous value."""
        values = self.table(table_id).values
        row_values = values.get(row)
        old = row_values.get(column) if row_values else None
        if value is None:
            if row_values is not None:
                row_values.pop(column, None)
                if not row_values:
                    del values[row]
        else:
            values.setdefault(row, {})[column] = value
        return old

    def has_values(self, table_id: str) -> bool:
        data = self.tables.get(table_id)
        return bool(data and any(data.values.values()))


def subject_children(codes: Any, parent: str, total_row: str) -> list[str]:
    """Direct children of `parent` among the present codes (合计's children are the 类)."""
    if isinstance(codes, SubjectDict):
        return list(codes.tree(total_row).get(parent, ()))
    if parent == total_row:
        return sorted(c for c in codes if len(c) == 3)
    return sorted(c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent))


def subject_tree(project: Project, template: TableTemplate) -> dict[str, list[str]]:
    """Every row's direct children in a subject table, built once per table (read-only: do not mutate)."""
    total = template.total_row or "合计"
    data = project.tables.get(template.id)
    if data is None:
        return {}
    if isinstance(data.subjects, SubjectDict):
        return data.subjects.tree(total)
    return build_tree(data.subjects, total)


def sorted_codes(data: "TableData | None") -> list[str]:
    """A subject table's codes in display order (cached until a code is added or removed; do not mutate)."""
    if data is None:
        return []
    if isinstance(data.subjects, SubjectDict):
        return data.subjects.sorted_codes()
    return sorted(data.subjects)


def row_keys(project: Project, template: TableTemplate) -> list[str]:
    """Rows of a table in display order: fixed rows as printed, or 合计 then codes sorted."""
    if template.is_subject:
        return [template.total_row or "合计", *sorted_codes(project.tables.get(template.id))]
    return [key for block in template.blocks for key in (r.key for r in block.rows or ())]


def children_of(project: Project, template: TableTemplate, row: str) -> list[str]:
    """Rows that sum into `row`: subject hierarchy, or 表6's 3-digit groups → 5-digit items."""
    if template.is_subject:
        data = project.tables.get(template.id)
        return subject_children(data.subjects if data else (), row, template.total_row or "合计")
    if template.kind == "economic" and row.isdigit() and len(row) == 3:
        return [k for k in template.fixed_rows if len(k) == 5 and k.startswith(row)]
    return []


def iter_cells(project: Project, layout: Layout) -> Iterator[tuple[str, str, str, Decimal]]:
    for template in layout.tables:
        data = project.tables.get(template.id)
        if not data:
            continue
        for row, cols in data.values.items():
            for col, value in cols.items():
                yield template.id, row, col, value
