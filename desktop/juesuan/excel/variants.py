"""Provincial variants of the official tables that the column-by-column reader cannot map: the
two-column 三公 table (items as rows, 预算数 | 决算数 as columns) is read onto 表9's twelve columns."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..templates import Column, TableTemplate
from .layout import normalise

#: the reader's TableReader, TableRead and Skip (passed in: this module must not import the reader, which calls it)
Reader = Any

#: ordinals and 其中 that open an item label: "1.", "（1）", "一、", "其中：", "其中：（1）"
_LEAD = re.compile(r"^(?:其中:?|[一二三四五六七八九十]+[、.．]|\(?\d+\)|\d+[.、．]|[(][一二三四五六七八九十]+[)]|[、:.．])")
#: words a sub-total column carries in the twelve-column layout; in the two-column layout the row is named by its parent
_SUBTOTAL = {"小计"}


def item_label(text: object) -> str:
    """A row label with its ordinals and 其中 removed, for comparing with the template's column labels."""
    value = normalise(text)
    while True:
        stripped = _LEAD.sub("", value, count=1)
        if stripped == value or not stripped:
            return value
        value = stripped


def transposed_map(template: TableTemplate) -> dict[str, dict[str, str]]:
    """For a one-row table whose columns sit under top headings (预算数/决算数): heading → item → column key."""
    out: dict[str, dict[str, str]] = {}
    if template.kind != "single":
        return out
    for block in template.blocks:
        for top in block.columns:
            if not top.children:
                continue
            items: dict[str, str] = {}
            for chain in _chains(top.children):
                leaf = chain[-1]
                if not leaf.key:
                    continue
                name = chain[-2].label if normalise(leaf.label) in _SUBTOTAL and len(chain) > 1 else leaf.label
                items.setdefault(item_label(name), leaf.key)
            out[normalise(top.label)] = items
    return {heading: items for heading, items in out.items() if items}


def read_transposed(reader: Reader, first_row: int, skip: Callable[[str, str, str], Any]) -> bool:
    """Read the table when its items are rows and its top headings are columns; False if it is not laid out so."""
    headings = transposed_map(reader.t)
    if len(headings) < 2:
        return False
    grid = reader.g
    rows = grid.rows_between(first_row, reader.end)
    for index, row in enumerate(rows[:15]):
        columns = {normalise(v): col for col, v in grid.row_cells(row) if isinstance(v, str) and normalise(v) in headings}
        if len(columns) != len(headings):
            continue
        found = _read_items(reader, rows[index + 1:], columns, headings, skip)
        if found:
            reader.out.columns_by = "表头文字（项目按行、" + "/".join(headings) + "按列的两栏格式）"
            return True
    return False


def _read_items(reader: Reader, rows: list[int], columns: dict[str, int], headings: dict[str, dict[str, str]],
                Skip: Callable[[str, str, str], Any]) -> bool:  # noqa: N803 - the reader's Skip class
    grid, out = reader.g, reader.out
    first_value_col = min(columns.values())
    row_key = reader.t.blocks[0].rows[0].key if reader.t.blocks[0].rows else "1"
    seen: set[str] = set()
    matched = 0
    for row in rows:
        labels = [v for col, v in grid.row_cells(row) if col < first_value_col and isinstance(v, str)]
        label = item_label("".join(str(v) for v in labels)) if labels else ""
        if not label:
            continue
        if not any(label in items for items in headings.values()):
            if matched and any(grid.amount(row, c).value not in (None,) for c in columns.values()):
                out.skipped.append(Skip(reader.where(row), label[:40], "有数字，但认不出是“三公”经费的哪一项，未导入"))
                continue
            if matched:
                break  # the notes under the table
            continue
        if label in seen:
            out.skipped.append(Skip(reader.where(row), label[:40], "同一项重复出现，后出现的未导入"))
            continue
        seen.add(label)
        matched += 1
        for heading, col in columns.items():
            key = headings[heading].get(label)
            if key is None:
                continue
            amount = grid.amount(row, col)
            if amount.problem:
                out.skipped.append(Skip(reader.where(row, col), str(grid.raw(row, col, merged=False) or "")[:30], amount.problem))
            elif amount.value is None:
                out.blanks.add((row_key, key))
            else:
                out.values.setdefault(row_key, {})[key] = amount.value
    if matched:
        out.rows = 1
    return matched > 0


def _chains(columns: Iterable[Column], above: tuple[Column, ...] = ()) -> Iterable[tuple[Column, ...]]:
    for column in columns:
        if column.children:
            yield from _chains(column.children, (*above, column))
        else:
            yield (*above, column)


def nothing_read(name: str, reads: dict[str, Any], skipped: list[Any]) -> str | None:
    """The Chinese refusal for a workbook whose tables were found but gave not one amount, else None."""
    if any(read.values or read.subjects or read.no_data for read in reads.values()):
        return None
    tables = "、".join(sorted(reads, key=lambda t: int(t[1:]) if t[1:].isdigit() else 99))
    reasons = "；".join(f"{s.where}：{s.reason}" for s in skipped[:3])
    more = f"等 {len(skipped)} 处" if len(skipped) > 3 else ""
    why = f"（{reasons}{more}）" if reasons else "（表中没有任何金额）"
    return (f"{name} 中找到了 {tables} 的标题，但一个数也没有读到{why}；"
            "这可能是本软件还不认识的表样，请按部门决算公开表的标准格式（或本软件导出的格式）整理后再导入")
