"""What the templates mean on a sheet, shared by export and import (no layout facts of its own)."""

from __future__ import annotations

import functools
import re
import unicodedata

from typing import Callable

from ..templates import Block, Column, Row, TableTemplate

#: Label columns of each kind of table, left to right: the row's name or its key (行次 / 编码).
LABEL_ROLES = {"fixed": ("name", "key"), "economic": ("key", "name"), "subject": ("key", "name"), "single": ()}
NO_DATA = "本表无数据"
META_SHEET = "_juesuan"
META_MARK = "juesuan-export"
FINDINGS_SHEET = "审核结果"


def label_roles(template: TableTemplate, block: Block) -> tuple[str, ...]:
    roles = LABEL_ROLES.get(template.kind, ())
    return tuple(roles[i] if i < len(roles) else "" for i in range(len(block.label_columns)))


def grid_length(template: TableTemplate) -> int:
    return max((len(block.rows or ()) for block in template.blocks), default=0)


def padded_lines(template: TableTemplate, block: Block) -> list[Row | None]:
    """A fixed block's rows by printed line, as long as the table; `align_last` rows (表6 人员经费合计,
    公用经费合计) sit on the table's last line, level with each other."""
    rows = list(block.rows or ())
    regular = [r for r in rows if not r.align_last]
    last = [r for r in rows if r.align_last]
    length = grid_length(template)
    return regular + [None] * (length - len(regular) - len(last)) + last


def place_column(column: Column, row: int, bottom: int, start: int,
                 cell: Callable[[int, int, int, int, str], None]) -> int:
    """Lay out one printed header column from `start`: a parent spans its leaves on its row, a leaf reaches down to
    `bottom`; `cell(top, left, bottom, right, label)` receives each. Returns the columns it took (the sheet and
    the printed page draw the same headers)."""
    if column.children:
        width = sum(1 for _ in column.leaves())
        cell(row, start, row, start + width - 1, column.label)
        col = start
        for child in column.children:
            col += place_column(child, row + 1, bottom, col, cell)
        return width
    cell(row, start, bottom, start, column.label)
    return 1


def block_width(block: Block) -> int:
    return len(block.label_columns) + len(block.value_columns)


_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")


def normalise(text: object) -> str:
    """Text as compared when reading other tools' sheets: NFKC, no spaces, no leading ordinal."""
    if isinstance(text, str) and len(text) <= 200:  # a sheet repeats its texts (names, headers): each once
        return _normalised_text(text)
    return _normalise(text)


@functools.lru_cache(maxsize=1 << 16)
def _normalised_text(text: str) -> str:
    return _normalise(text)


def _normalise(text: object) -> str:
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = re.sub(r"\s+", "", value)
    value = value.replace("（", "(").replace("）", ")").replace("：", ":")
    return value


def without_ordinal(text: str) -> str:
    value = normalise(text)
    value = _ORDINAL.sub("", value)
    return value.removeprefix("其中:")


#: Excel character units of a narrow (digit, Latin) and a wide (CJK) character
NARROW, WIDE = 1.1, 2.1


def display_width(text: str) -> float:
    """Width in Excel character units: CJK characters are about two digits wide."""
    width = 0.0
    for char in text:
        width += WIDE if unicodedata.east_asian_width(char) in ("W", "F") else NARROW
    return width
