"""Write the 情况说明 from the project's data with the year's wording (resources/narrative/<year>/wording.toml):
every number computed, every 主要原因 taken from the user's text or left as a visible placeholder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..catalog import Catalog, load_catalog
from ..datafiles import load_toml
from ..years import year_file
from ..money import format_amount
from ..model import Project
from ..templates import Layout, load_layout
from .numbers import percent, round_to
from .quantities import Book, Quantity, Reader, build_book, vocabulary

_FIELD = re.compile(r"\{([^{}]+)\}")
CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Narrative:
    sections: tuple[Section, ...]

    def text(self) -> str:
        blocks = []
        for section in self.sections:
            blocks.append(f"{numeral(section.number)}、{section.title}")
            blocks.extend(section.paragraphs)
        return "\n\n".join(blocks) + "\n"


def numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    return "十" + CHINESE_NUMBERS[n - 11] if n < 20 else str(n)


@lru_cache(maxsize=4)
def wording(year: str = "2022") -> dict[str, Any]:
    """The wording file of a layout year, read once."""
    return load_toml(year_file(year, "narrative", "wording.toml"))[2]


def headings(year: str = "2022") -> dict[int, tuple[str, ...]]:
    return {int(s["number"]): tuple(s["heading_words"]) for s in wording(year)["section"]}


class Writer:
    """Fills one wording file's templates from one project."""

    def __init__(self, project: Project, layout: Layout, book: Book) -> None:
        self.project = project
        self.layout = layout
        self.book = book
        self.reader = Reader(project)
        self.spec = wording(layout.id)
        self.words = self.spec["words"]

    # values ------------------------------------------------------------------------------
    def get(self, q: Quantity, which: str = "value") -> Decimal | None:
        return self.reader.read(q, which)[0]

    def amount(self, q: Quantity, which: str = "value") -> str:
        value = self.get(q, which)
        if value is None:
            return self.spec["placeholder_budget" if which == "budget" else "placeholder_prior" if which == "prior" else "placeholder_data"]
        return format_amount(value)

    def change(self, q: Quantity, base: str) -> str:
        value, old = self.get(q), self.get(q, base)
        if value is None or old is None:
            return self.spec["placeholder_prior" if base == "prior" else "placeholder_budget"]
        diff = value - old
        words = self.words
        if not diff:
            return f"{words['same']}"
        up = diff > 0
        text = f"{words['up'] if up else words['down']}{format_amount(abs(diff))}万元"
        if old:
            fall = words["fall_budget"] if base == "budget" else words["fall"]
            text += f"，{words['rise'] if up else fall}{round_to(abs(percent(diff, old))):f}%"
        return text

    def share(self, q: Quantity, den_key: str | None) -> str:
        den = self.book.get(den_key or q.share_of)
        value = self.get(q)
        whole = self.get(den) if den is not None else None
        if value is None or whole is None:
            return self.spec["placeholder_data"]
        return f"{round_to(percent(value, whole)):f}" if whole else "0.00"

    def completion(self, q: Quantity) -> str:
        value, budget = self.get(q), self.get(q, "budget")
        if value is None or budget is None:
            return self.spec["placeholder_budget"]
        return f"{round_to(percent(value, budget)):f}" if budget else "0.00"

    def completion_reason(self, q: Quantity) -> str:
        value, budget = self.get(q), self.get(q, "budget")
        if value is None or budget is None or value == budget:
            return ""
        lead = self.words["more"] if value > budget else self.words["less"]
        return f"{lead}{self.reason('budget:' + (q.code or q.key))}。"

    def reason(self, key: str) -> str:
        text = self.project.narrative.reasons.get(key, "").strip().rstrip("。")
        return text or self.spec["placeholder_reason"]

    def children(self, q: Quantity) -> str:
        rows = [self.book.get(f"{q.key.split('#')[0]}#{c}") for c in self._codes() if len(c) == 7 and c.startswith(q.code)]
        listed = [f"{r.name}{format_amount(self.get(r))}万元" for r in rows if r is not None and self.get(r)]
        return "、".join(listed) or q.name

    def _codes(self) -> list[str]:
        data = self.project.tables.get(self.book_table)
        return sorted(data.subjects) if data else []

    @property
    def book_table(self) -> str:
        return vocabulary(self.layout.id).subject_rows.get("table", "表5")

    # templates ------------------------------------------------------------------------------
    def fill(self, template: str, item: Quantity | None = None, index: int = 0) -> str:
        return _FIELD.sub(lambda m: self.field(m.group(1), item, index), template)

    def field(self, name: str, item: Quantity | None, index: int) -> str:
        if name == "年":
            return str(self.project.year)
        if name == "上年":
            return str(self.project.year - 1)
        if name == "单位":
            return self.project.unit.name
        if name == "序号":
            return str(index)
        head, _, spec = name.partition(":")
        if head == "原因":
            return self.reason(spec)
        key, _, attribute = head.partition(".")
        q = item if key == "@" else self.book.get(key)
        if q is None:
            return self.spec["placeholder_data"]
        if attribute == "名称":
            return q.name
        if attribute == "简称":
            return q.name[:-2] if q.name.endswith("支出") else q.name
        kind, _, arg = spec.partition(":")
        if not kind:
            return self.amount(q)
        if kind == "数量":
            value = self.get(q)
            return self.spec["placeholder_data"] if value is None else str(int(value))
        return {
            "上年": lambda: self.amount(q, "prior"),
            "预算": lambda: self.amount(q, "budget"),
            "变动": lambda: self.change(q, "prior"),
            "预算变动": lambda: self.change(q, "budget"),
            "占比": lambda: self.share(q, arg or None),
            "完成": lambda: self.completion(q),
            "完成原因": lambda: self.completion_reason(q),
            "下级": lambda: self.children(q),
        }.get(kind, lambda: self.spec["placeholder_data"])()

    def holds(self, condition: str) -> bool:
        kind, _, rest = condition.partition(":")
        if kind in ("有数据", "无数据"):
            data = self.project.tables.get(rest)
            has = bool(data and not data.no_data and self.project.has_values(rest))
            return has if kind == "有数据" else not has
        key, _, which = rest.partition(":")
        q = self.book.get(key)
        which = {"预算": "budget", "上年": "prior"}.get(which, "value")
        value = self.get(q, which) if q is not None else None
        if kind == "非零":
            return bool(value) or bool(q and self.get(q, "budget"))
        if kind == "为零":
            return not (value or (q and self.get(q, "budget")))
        if kind == "有":
            return value is not None
        if kind == "无":
            return value is None
        return True

    def items(self, each: Any) -> list[Quantity]:
        if isinstance(each, list):
            found = [self.book.get(k) for k in each]
            return [q for q in found if q is not None and self.get(q)]
        table = self.book_table
        if each == "表5类":
            return [q for c in self._codes() if len(c) == 3 and (q := self.book.get(f"{table}#{c}")) and self.get(q)]
        if each == "表5预算":
            return [q for c in self._codes() if (q := self.book.get(f"{table}#{c}")) and self.get(q, "budget") is not None]
        if each.startswith("表6:"):
            groups = tuple(each[3:].split(","))
            rows = [q for q in self.book.quantities.values() if q.key.startswith("表6#") and q.code[:3] in groups]
            return [q for q in rows if self.get(q)]
        return []

    def paragraphs(self, spec: dict[str, Any]) -> list[str]:
        out = []
        for para in spec.get("paragraphs", []):
            if "when" in para and not self.holds(para["when"]):
                continue
            if "each" in para:
                items = self.items(para["each"])
                filled = [self.fill(para["item"], q, n) for n, q in enumerate(items, start=1)]
                if "text" in para:
                    out.append(self.fill(para["text"].replace("{items}", "\x00")).replace("\x00", para.get("join", "；").join(filled)))
                else:
                    out.extend(filled)
            else:
                out.append(self.fill(para["text"]))
        return out


@lru_cache(maxsize=8)
def layout_and_catalog(layout_id: str) -> tuple[Layout, Catalog]:
    """The layout and the shipped catalog of a year (read once; the narrative needs no rules)."""
    return load_layout(layout_id), load_catalog(layout_id)


def generate(project: Project) -> Narrative:
    """All 13 sections in the year's published wording, every number computed from the project."""
    layout, catalog = layout_and_catalog(project.layout)
    book = build_book(vocabulary(project.layout), project, layout, catalog)
    writer = Writer(project, layout, book)
    sections = tuple(
        Section(int(s["number"]), str(s["key"]), str(s["title"]), tuple(writer.paragraphs(s)))
        for s in wording(project.layout)["section"])
    return Narrative(sections)
