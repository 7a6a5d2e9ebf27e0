"""The official table layouts, read from the year package resources/years/<layout>/templates/ (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Iterator

from .datafiles import line_of, load_toml
from .years import year_folder
from .errors import DataFileError

KINDS = ("fixed", "subject", "economic", "single")


@dataclass(frozen=True)
class Column:
    """A value column (栏次 `key`) or a header group (`children`)."""

    label: str
    key: str | None = None
    total: bool = False
    children: tuple["Column", ...] = ()

    def leaves(self) -> Iterator["Column"]:
        if self.children:
            for child in self.children:
                yield from child.leaves()
        else:
            yield self

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    total: bool = False
    blank: bool = False
    subject: str | None = None
    align_last: bool = False


@dataclass(frozen=True)
class Block:
    """One printed block; 表1/表4/表6 print several side by side."""

    heading: str | None
    label_columns: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] | None  # None: rows come from the project (subject tables)

    @cached_property
    def value_columns(self) -> tuple[Column, ...]:
        return tuple(leaf for c in self.columns for leaf in c.leaves())

    @property
    def header_depth(self) -> int:
        return max((c.depth for c in self.columns), default=1)


@dataclass(frozen=True)
class TableTemplate:
    id: str
    number: int
    title: str
    kind: str
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()
    formulas: str = ""
    total_row: str | None = None
    source: str = ""
    #: the tab label's words (表1 收支总表): the full title does not fit a laptop's tab bar
    short_title: str = ""

    @property
    def tab_label(self) -> str:
        return f"{self.id} {self.short_title or self.title}"

    @property
    def is_subject(self) -> bool:
        return self.kind == "subject"

    def printed_title(self, year: int) -> str:
        return f"{year}年度{self.title}（{self.id}）"

    @cached_property
    def fixed_rows(self) -> dict[str, Row]:
        """Fixed rows by key (empty for subject tables)."""
        rows: dict[str, Row] = {}
        for block in self.blocks:
            for row in block.rows or ():
                rows[row.key] = row
        return rows

    @cached_property
    def row_block(self) -> dict[str, int]:
        return {row.key: i for i, block in enumerate(self.blocks) for row in block.rows or ()}

    @cached_property
    def columns(self) -> dict[str, Column]:
        """Every value column by 栏次 key."""
        return {c.key: c for block in self.blocks for c in block.value_columns if c.key}

    def columns_of_row(self, row_key: str) -> tuple[Column, ...]:
        """Value columns a row has (a fixed row has those of its own block)."""
        if self.is_subject:
            return self.blocks[0].value_columns
        block = self.row_block.get(row_key)
        return self.blocks[block].value_columns if block is not None else ()

    def is_input_row(self, row_key: str) -> bool:
        row = self.fixed_rows.get(row_key)
        return row is not None and not row.blank

    def row_name(self, row_key: str) -> str:
        row = self.fixed_rows.get(row_key)
        return row.name if row else ""


@dataclass(frozen=True)
class Layout:
    """All tables of one year's layout, in printed order."""

    id: str
    year: int
    name: str
    money_unit: str
    tables: tuple[TableTemplate, ...] = field(default_factory=tuple)

    @cached_property
    def by_id(self) -> dict[str, TableTemplate]:
        return {t.id: t for t in self.tables}

    def __getitem__(self, table_id: str) -> TableTemplate:
        return self.by_id[table_id]

    def __contains__(self, table_id: object) -> bool:
        return table_id in self.by_id


def _column(raw: Any, where: str, text: str) -> Column:
    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str):
        raise DataFileError(where, "栏目必须写成 { key = …, label = … } 或 { label = …, children = [...] }", line_of(text, "label"))
    children = raw.get("children")
    if children is not None:
        if not isinstance(children, list) or not children:
            raise DataFileError(where, f"栏目“{raw['label']}”的 children 必须是非空列表", line_of(text, raw["label"]))
        return Column(label=raw["label"], children=tuple(_column(c, where, text) for c in children))
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise DataFileError(where, f"栏目“{raw['label']}”缺少栏次 key", line_of(text, raw["label"]))
    return Column(label=raw["label"], key=key, total=bool(raw.get("total", False)))


def _row(raw: Any, where: str, text: str) -> Row:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise DataFileError(where, "行必须写成 { key = \"…\", name = \"…\" }", line_of(text, "key"))
    unknown = set(raw) - {"key", "name", "total", "blank", "subject", "align_last"}
    if unknown:
        raise DataFileError(where, f"行 {raw['key']} 有未知字段：{', '.join(sorted(unknown))}", line_of(text, f'"{raw["key"]}"', *sorted(unknown)[:1]))
    return Row(
        key=raw["key"],
        name=str(raw.get("name", "")),
        total=bool(raw.get("total", False)),
        blank=bool(raw.get("blank", False)),
        subject=raw.get("subject"),
        align_last=bool(raw.get("align_last", False)),
    )


def load_table(source: Traversable | Path, label: str | None = None) -> TableTemplate:
    """Load and check one table template file."""
    where, text, data = load_toml(source, label)
    try:
        for key in ("id", "title", "kind", "number"):
            if key not in data:
                raise DataFileError(where, f"缺少必填项 {key}", None)
        if data["kind"] not in KINDS:
            raise DataFileError(where, f"kind 必须是 {' / '.join(KINDS)} 之一", line_of(text, "kind"))
        raw_blocks = data.get("blocks")
        if not isinstance(raw_blocks, list) or not raw_blocks:
            raise DataFileError(where, "至少需要一个 [[blocks]]", None)
        blocks = []
        for raw in raw_blocks:
            rows = raw.get("rows")
            if data["kind"] == "subject":
                if rows is not None:
                    raise DataFileError(where, "科目表（kind = \"subject\"）的行由用户添加，不能写 rows", line_of(text, "rows"))
            elif not isinstance(rows, list):
                raise DataFileError(where, "固定行的表必须列出 rows", line_of(text, "[[blocks]]"))
            blocks.append(
                Block(
                    heading=raw.get("heading"),
                    label_columns=tuple(raw.get("label_columns", ())),
                    columns=tuple(_column(c, where, text) for c in raw.get("columns", ())),
                    rows=None if rows is None else tuple(_row(r, where, text) for r in rows),
                )
            )
        table = TableTemplate(
            id=str(data["id"]),
            number=int(data["number"]),
            title=str(data["title"]),
            kind=data["kind"],
            blocks=tuple(blocks),
            notes=tuple(data.get("notes", ())),
            formulas=str(data.get("formulas", "")),
            total_row=data.get("total_row"),
            source=where,
            short_title=str(data.get("short_title", "")),
        )
    except DataFileError:
        raise
    except (TypeError, ValueError, AttributeError) as exc:
        raise DataFileError(where, f"内容格式不对（{exc}）") from None
    seen: set[str] = set()
    for block in table.blocks:
        if not block.value_columns:
            raise DataFileError(where, "每个 block 至少要有一个数值栏", None)
        for row in block.rows or ():
            if row.key in seen:
                raise DataFileError(where, f"行次/编码 {row.key} 重复", line_of(text, f'key = "{row.key}"', "name", last=True))
            seen.add(row.key)
    if table.is_subject and not table.total_row:
        raise DataFileError(where, "科目表必须指定 total_row（合计行）", None)
    return table


def load_layout(layout_id: str = "2022", folder: Traversable | Path | None = None) -> Layout:
    """Load every table of a layout folder (the year package's templates/ unless `folder` is given)."""
    base = folder if folder is not None else year_folder(layout_id, "templates")
    index = base / "layout.toml"
    where, text, data = load_toml(index)
    try:
        files = list(data["tables"])
        year = int(data["year"])
    except (KeyError, TypeError, ValueError):
        raise DataFileError(where, "layout.toml 需要 year 和 tables = [...]", None) from None
    tables = tuple(load_table(base / name) for name in files)
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise DataFileError(where, "表号重复", line_of(text, "tables"))
    return Layout(
        id=layout_id,
        year=year,
        name=str(data.get("name", "")),
        money_unit=str(data.get("money_unit", "万元")),
        tables=tables,
    )
