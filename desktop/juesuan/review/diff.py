"""Compare two versions of a project: changed values, added/removed rows, 科目名称, 本表无数据, comments.

Works on canonical content (see `canonical.py`), so it reads any part of the model: the 决算 tables are compared
row by row; every other part (unit, prior-year and budget figures, 自评 forms, whatever a later version adds) is
compared leaf by leaf along its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from ..errors import JuesuanError
from ..findings import Cell
from ..money import format_amount
from ..templates import Layout
from . import canonical
from .model import STATUS_NAMES, VERDICT_NAMES, Comment, Explanation, ReviewRecord

#: Parts shaped like the tables' values: table → row → 栏次 → amount.
CELL_PARTS = ("prior_year", "budget")
PART_NAMES = {
    "tables": "",
    "unit": "单位信息",
    "year": "年度",
    "layout": "报表格式",
    "money_unit": "金额单位",
    "prior_year": "上年决算数",
    "budget": "年初预算数",
    "figures": "其他数据",
    "notes": "情况说明",
    "selfeval": "绩效自评",
}
FIELD_NAMES = {"name": "名称", "code": "编码", "level": "级次"}
SELFEVAL_NAMES = {"whole": "整体自评表", "projects": "项目自评表", "schemes": "评分方案"}
#: Keys that identify an item of a list of records, tried in this order.
IDENTITY_KEYS = ("id", "key", "code", "name", "title", "level3", "kind")
AMOUNT = re.compile(r"-?\d+\.\d\d")
KIND_NAMES = {
    "value": "数值",
    "row_added": "新增行",
    "row_removed": "删除行",
    "name": "科目名称",
    "no_data": "本表无数据",
    "no_data_note": "无数据说明",
    "field": "内容",
}


@dataclass(frozen=True)
class DataChange:
    """One difference in the data. `old`/`new` are canonical strings (None: empty or absent)."""

    kind: str
    part: str = "tables"
    table: str = ""
    row: str = ""
    column: str = ""
    old: str | None = None
    new: str | None = None
    path: tuple[str, ...] = ()
    #: For an added or removed row: its values (栏次, amount).
    values: tuple[tuple[str, str], ...] = ()
    label: str = ""

    def cells(self) -> tuple[Cell, ...]:
        """The 决算 cells this change touches (what a table view marks)."""
        if self.part != "tables" or not self.table:
            return ()
        if self.kind == "value":
            return (Cell(self.table, self.row, self.column),)
        if self.kind in ("row_added", "row_removed"):
            return (Cell(self.table, self.row, "科目名称"), *(Cell(self.table, self.row, c) for c, _ in self.values))
        if self.kind == "name":
            return (Cell(self.table, self.row, "科目名称"),)
        return ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "kind_name": KIND_NAMES[self.kind], "part": self.part, "table": self.table, "row": self.row,
                               "column": self.column, "old": self.old, "new": self.new, "label": self.label}
        if self.path:
            out["path"] = list(self.path)
        if self.values:
            out["values"] = dict(self.values)
        return out

    def describe(self) -> str:
        """One Chinese line: where, then old → new."""
        if self.kind == "row_added":
            return f"{self.label}：新增行（{_amounts(self.values)}）" if self.values else f"{self.label}：新增行"
        if self.kind == "row_removed":
            return f"{self.label}：删除行（{_amounts(self.values)}）" if self.values else f"{self.label}：删除行"
        if self.kind == "value":
            return f"{self.label}：{_money(self.old)} → {_money(self.new)}"
        return f"{self.label}：{_show(self.old)} → {_show(self.new)}"


@dataclass(frozen=True)
class ReviewChange:
    """A comment or explanation that was added, removed or changed between two versions."""

    what: str  # "comment" | "explanation"
    kind: str  # "added" | "removed" | "changed"
    id: str
    label: str
    text: str
    details: tuple[str, ...] = ()
    #: Where it points (for jump-to): the comment's anchor or the explanation's first cell.
    table: str = ""
    row: str = ""
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label, "text": self.text, "details": list(self.details),
                "table": self.table, "row": self.row, "column": self.column}

    def describe(self) -> str:
        head = {"added": "新增", "removed": "删除", "changed": "修改"}[self.kind]
        what = "批注" if self.what == "comment" else "说明"
        tail = "；".join(self.details)
        return f"{head}{what} {self.label}：{self.text}" + (f"（{tail}）" if tail else "")


@dataclass(frozen=True)
class ProjectDiff:
    data: tuple[DataChange, ...] = ()
    comments: tuple[ReviewChange, ...] = ()
    explanations: tuple[ReviewChange, ...] = ()
    status: tuple[str, str] | None = None

    @property
    def identical(self) -> bool:
        return not (self.data or self.comments or self.explanations or self.status)

    def of_kind(self, *kinds: str) -> list[DataChange]:
        return [c for c in self.data if c.kind in kinds]

    def as_dict(self) -> dict[str, Any]:
        def rows(*kinds: str) -> list[dict[str, Any]]:
            return [c.as_dict() for c in self.of_kind(*kinds)]

        return {
            "identical": self.identical,
            "values": [c.as_dict() for c in self.data if c.kind == "value" and c.part == "tables"],
            "rows_added": rows("row_added"),
            "rows_removed": rows("row_removed"),
            "names": rows("name"),
            "no_data": rows("no_data", "no_data_note"),
            "other": [c.as_dict() for c in self.data if c.part != "tables"],
            "comments": [c.as_dict() for c in self.comments],
            "explanations": [c.as_dict() for c in self.explanations],
            "status": None if self.status is None else {"old": self.status[0], "new": self.status[1]},
        }

    def lines(self) -> list[str]:
        out = [c.describe() for c in self.data]
        out += [c.describe() for c in self.comments]
        out += [c.describe() for c in self.explanations]
        if self.status:
            out.append(f"状态：{self.status[0]} → {self.status[1]}")
        return out


# -- data ---------------------------------------------------------------------------------------


def diff_projects(a: Any, b: Any) -> ProjectDiff:
    """Everything that differs between two projects (data and review record)."""
    ca, cb = canonical.content(a), canonical.content(b)
    data = diff_content(ca, cb)
    ra: ReviewRecord = getattr(a, "review", None) or ReviewRecord()
    rb: ReviewRecord = getattr(b, "review", None) or ReviewRecord()
    namer = Namer(_layout_of(cb) or _layout_of(ca), [ca, cb])
    comments = tuple(_diff_comments(ra.comments, rb.comments, namer))
    explanations = tuple(_diff_explanations(ra.explanations, rb.explanations, namer))
    status = None if ra.status == rb.status else (STATUS_NAMES[ra.status], STATUS_NAMES[rb.status])
    return ProjectDiff(data, comments, explanations, status)


def diff_content(a: dict[str, Any], b: dict[str, Any]) -> tuple[DataChange, ...]:
    """Differences between two canonical contents, in display order."""
    layout = _layout_of(b) or _layout_of(a)
    namer = Namer(layout, [a, b])
    changes: list[DataChange] = list(_diff_tables(a.get("tables", {}), b.get("tables", {}), layout, namer))
    for part in _ordered_keys(a, b):
        if part == "tables":
            continue
        changes += _diff_part(part, a.get(part), b.get(part), namer)
    return tuple(changes)


def _diff_tables(a: dict[str, Any], b: dict[str, Any], layout: Layout | None, namer: Namer) -> Iterable[DataChange]:
    order = [t.id for t in layout.tables] if layout else []
    for table in sorted(set(a) | set(b), key=lambda t: (order.index(t) if t in order else len(order), t)):
        ta, tb = a.get(table, {}), b.get(table, {})
        sa, sb = ta.get("subjects", {}), tb.get("subjects", {})
        va, vb = ta.get("values", {}), tb.get("values", {})
        rows = sorted(set(sa) | set(sb) | set(va) | set(vb), key=lambda r: namer.row_order(table, r))
        for row in rows:
            if row in sb and row not in sa:
                cols = tuple(sorted(vb.get(row, {}).items(), key=_column_order))
                yield DataChange("row_added", table=table, row=row, new=sb[row] or None, values=cols,
                                 label=namer.row(table, row))
                continue
            if row in sa and row not in sb:
                cols = tuple(sorted(va.get(row, {}).items(), key=_column_order))
                yield DataChange("row_removed", table=table, row=row, old=sa[row] or None, values=cols,
                                 label=namer.row(table, row))
                continue
            if row in sa and sa[row] != sb[row]:
                yield DataChange("name", table=table, row=row, column="科目名称", old=sa[row] or None, new=sb[row] or None,
                                 label=f"{namer.row(table, row)} 科目名称")
            ca, cb = va.get(row, {}), vb.get(row, {})
            for column in sorted(set(ca) | set(cb), key=lambda c: _column_order((c, ""))):
                if ca.get(column) != cb.get(column):
                    yield DataChange("value", table=table, row=row, column=column, old=ca.get(column), new=cb.get(column),
                                     label=namer.cell(table, row, column))
        if bool(ta.get("no_data")) != bool(tb.get("no_data")):
            yield DataChange("no_data", table=table, column="本表无数据", old="是" if ta.get("no_data") else "否",
                             new="是" if tb.get("no_data") else "否", label=f"{table} 本表无数据")
        if ta.get("no_data_note") != tb.get("no_data_note"):
            yield DataChange("no_data_note", table=table, column="无数据说明", old=ta.get("no_data_note"),
                             new=tb.get("no_data_note"), label=f"{table} 无数据说明")


def _diff_part(part: str, a: Any, b: Any, namer: Namer) -> list[DataChange]:
    fa, fb = _flatten(a, ()), _flatten(b, ())
    out = []
    for path in list(dict.fromkeys([*fa, *fb])):
        old, new = fa.get(path), fb.get(path)
        if old == new:
            continue
        if part in CELL_PARTS and len(path) == 3:
            table, row, column = path
            out.append(DataChange("value", part=part, table=table, row=row, column=column, old=old, new=new,
                                  label=f"{PART_NAMES[part]} {namer.cell(table, row, column)}"))
        else:
            out.append(DataChange("field", part=part, old=old, new=new, path=path, label=_path_label(part, path)))
    return out


def _flatten(value: Any, path: tuple[str, ...]) -> dict[tuple[str, ...], str | None]:
    """Leaves by path; list items are keyed by an identity field when they have one, else by position."""
    if isinstance(value, dict):
        out: dict[tuple[str, ...], str | None] = {}
        for key, item in value.items():
            out.update(_flatten(item, (*path, str(key))))
        return out
    if isinstance(value, list):
        out = {}
        keys = _identities(value)
        for i, item in enumerate(value):
            out.update(_flatten(item, (*path, keys[i] if keys else f"第{i + 1}项")))
        return out
    if value is None:
        return {}
    text = "是" if value is True else "否" if value is False else str(value)
    return {path: text}


def _identities(items: list[Any]) -> list[str] | None:
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in IDENTITY_KEYS:
        values = [i.get(key) for i in items]
        if all(isinstance(v, (str, int)) and str(v) for v in values) and len(set(map(str, values))) == len(values):
            return [str(v) for v in values]
    return None


def _path_label(part: str, path: tuple[str, ...]) -> str:
    head = PART_NAMES.get(part, part)
    names = _field_names(part)
    return " ".join(p for p in [head, *(names.get(p, p) for p in path)] if p)


def _field_names(part: str) -> dict[str, str]:
    """How a part's field names print: the 自评 forms bring their own labels."""
    if part == "unit":
        return FIELD_NAMES
    if part == "selfeval":
        try:
            from ..selfeval.model import FIELD_LABELS
        except ImportError:
            return SELFEVAL_NAMES
        return {**FIELD_LABELS, **SELFEVAL_NAMES}
    return {}


# -- review record ------------------------------------------------------------------------------


def _diff_comments(a: list[Comment], b: list[Comment], namer: Namer) -> Iterable[ReviewChange]:
    old = {c.id: c for c in a}
    new = {c.id: c for c in b}
    for cid in dict.fromkeys([*old, *new]):
        ca, cb = old.get(cid), new.get(cid)
        subject = cb or ca
        assert subject is not None
        where = {"label": namer.anchor(subject.anchor), "table": subject.anchor.table, "row": subject.anchor.row,
                 "column": subject.anchor.column}
        if ca is None:
            yield ReviewChange("comment", "added", cid, text=subject.text, details=_thread_details(subject), **where)
        elif cb is None:
            yield ReviewChange("comment", "removed", cid, text=subject.text, **where)
        else:
            details: list[str] = []
            if ca.text != cb.text:
                details.append(f"原文：{ca.text}")
            known = {r.id for r in ca.replies}
            details += [f"{r.by.who.name} 回复：{r.text}" for r in cb.replies if r.id not in known]
            gone = {r.id for r in cb.replies}
            details += [f"回复被删除：{r.text}" for r in ca.replies if r.id not in gone]
            if ca.resolved != cb.resolved:
                details.append("已解决" if cb.resolved else "重新打开")
            if details:
                yield ReviewChange("comment", "changed", cid, text=cb.text, details=tuple(details), **where)


def _thread_details(comment: Comment) -> tuple[str, ...]:
    details = [f"{r.by.who.name} 回复：{r.text}" for r in comment.replies]
    if comment.resolved:
        details.append("已解决")
    return tuple(details)


def _diff_explanations(a: list[Explanation], b: list[Explanation], namer: Namer) -> Iterable[ReviewChange]:
    old = {e.id: e for e in a}
    new = {e.id: e for e in b}
    for eid in dict.fromkeys([*old, *new]):
        ea, eb = old.get(eid), new.get(eid)
        subject = eb or ea
        assert subject is not None
        first = subject.cells[0] if subject.cells else None
        where = {"label": subject.rule + (" " + namer.cell(first.table, first.row, first.column) if first else ""),
                 "table": first.table if first else "", "row": first.row if first else "",
                 "column": first.column if first else ""}
        if ea is None:
            yield ReviewChange("explanation", "added", eid, text=subject.text, details=_verdict(subject), **where)
        elif eb is None:
            yield ReviewChange("explanation", "removed", eid, text=subject.text, **where)
        else:
            details: list[str] = []
            if ea.text != eb.text:
                details.append(f"原说明：{ea.text}")
            if ea.decision != eb.decision:
                details += _verdict(eb) or ("待审核",)
            if details:
                yield ReviewChange("explanation", "changed", eid, text=eb.text, details=tuple(details), **where)


def _verdict(explanation: Explanation) -> tuple[str, ...]:
    decision = explanation.decision
    if decision is None:
        return ()
    return (f"{VERDICT_NAMES[decision.verdict]}（{decision.by.who.name}）",)


# -- naming -------------------------------------------------------------------------------------


class Namer:
    """Names rows and cells the way messages do, from the layout and the subjects of either version."""

    def __init__(self, layout: Layout | None, contents: list[dict[str, Any]]) -> None:
        self.layout = layout
        self.subjects: dict[str, dict[str, str]] = {}
        for data in contents:
            for table, body in data.get("tables", {}).items():
                for code, name in body.get("subjects", {}).items():
                    self.subjects.setdefault(table, {}).setdefault(code, name)
        for data in contents[::-1]:  # the newer name wins
            for table, body in data.get("tables", {}).items():
                self.subjects.setdefault(table, {}).update(body.get("subjects", {}))

    def template(self, table: str):  # noqa: ANN201 - TableTemplate | None
        return self.layout.by_id.get(table) if self.layout else None

    def row_order(self, table: str, row: str) -> tuple[int, str]:
        template = self.template(table)
        if template is None:
            return (0, row)
        if template.is_subject:
            return (0 if row == template.total_row else 1, row)
        keys = list(template.fixed_rows)
        return (keys.index(row) if row in keys else len(keys), row)

    def row(self, table: str, row: str) -> str:
        template = self.template(table)
        if template is not None and not template.is_subject:
            if template.kind == "single":
                return table
            name = template.row_name(row)
            if template.kind == "economic":
                return f"{table} {row} {name}".strip() if name != row else f"{table} {row}"
            return f"{table} 第{row}行（{name}）" if name else f"{table} 第{row}行"
        name = self.subjects.get(table, {}).get(row, "")
        return f"{table} {row} {name}".strip()

    def cell(self, table: str, row: str, column: str) -> str:
        template = self.template(table)
        if template is not None and not template.is_subject and len(template.columns_of_row(row)) <= 1 and column:
            return self.row(table, row)
        return f"{self.row(table, row)} {column}栏" if column.isdigit() else f"{self.row(table, row)} {column}".strip()

    def anchor(self, anchor: Any) -> str:
        if anchor.kind == "cell":
            return self.cell(anchor.table, anchor.row, anchor.column)
        if anchor.kind == "row":
            return self.row(anchor.table, anchor.row)
        return anchor.table


def namer_for(project: Any) -> Namer:
    data = canonical.content(project)
    return Namer(_layout_of(data), [data])


def _layout_of(data: dict[str, Any]) -> Layout | None:
    from ..validation import rulebook

    try:
        return rulebook(str(data.get("layout", "2022"))).layout
    except JuesuanError:
        return None


def _ordered_keys(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    known = list(PART_NAMES)
    keys = set(a) | set(b)
    return sorted(keys, key=lambda k: (known.index(k) if k in known else len(known), k))


def _column_order(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    return (int(key), key) if key.isdigit() else (10**6, key)


def _show(value: str | None) -> str:
    return "空" if value is None else value


def _money(value: str | None) -> str:
    """A canonical amount as tables print it (#,##0.00); anything else as is."""
    if value is None:
        return "空"
    return format_amount(Decimal(value)) if AMOUNT.fullmatch(value) else value


def _amounts(values: tuple[tuple[str, str], ...]) -> str:
    return "，".join(f"{c}栏 {_money(v)}" for c, v in values)
