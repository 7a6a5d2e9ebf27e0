"""The 支出功能分类科目 catalog: bundled per layout, extensible by a user-supplied CSV."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from .datafiles import read_text
from .errors import DataFileError
from .years import year_file

LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Catalog:
    names: dict[str, str] = field(default_factory=dict)

    def name_of(self, code: str) -> str | None:
        return self.names.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self.names

    def ancestors(self, code: str) -> list[str]:
        """类 and 款 codes above a code (shortest first)."""
        return [code[:n] for n in (3, 5) if n < len(code)]

    def search(self, text: str, limit: int = 50) -> list[tuple[str, str]]:
        """Codes whose code starts with, or whose name contains, the text."""
        text = text.strip()
        hits = [(c, n) for c, n in self.names.items() if c.startswith(text) or (text and text in n)]
        return sorted(hits)[:limit]

    def extended(self, other: "Catalog") -> "Catalog":
        return Catalog({**self.names, **other.names})


def parse_catalog(text: str, where: str) -> Catalog:
    names: dict[str, str] = {}
    reader = csv.reader(io.StringIO(text))
    for number, record in enumerate(reader, start=1):
        if not record or not "".join(record).strip():
            continue
        if number == 1 and record[0].strip().lower() in ("code", "科目编码", "编码"):
            continue
        if len(record) < 2:
            raise DataFileError(where, "每行应为“科目编码,科目名称”", number)
        code, name = record[0].strip(), record[1].strip()
        if not re.fullmatch(r"\d{3}(\d{2}){0,2}", code):
            raise DataFileError(where, f"科目编码“{code[:20]}”应为3位（类）、5位（款）或7位（项）数字", number)
        if not name:
            raise DataFileError(where, f"科目 {code} 缺少名称", number)
        names[code] = name
    return Catalog(names)


def load_catalog(layout_id: str = "2022", extra: list[Path] | None = None) -> Catalog:
    """The bundled catalog of a layout, extended by user CSV files (later files win)."""
    source: Traversable | Path = year_file(layout_id, "catalog", "function_subjects.csv")
    where, text = read_text(source)
    catalog = parse_catalog(text, where)
    for path in extra or ():
        where, text = read_text(Path(path))
        catalog = catalog.extended(parse_catalog(text, where))
    return catalog
