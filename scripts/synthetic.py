"""Large synthetic projects for the benchmarks, built in time linear in their size, with unique codes.

    from synthetic import synthetic_project      # scripts/ on sys.path (as when running a script there)
    project, rows = synthetic_project(2500)

Each of 表2/表3/表5 gets the same `rows` 功能分类 rows: the catalog's 类 first, then synthetic 类 (3-digit codes
not in the catalog, never reused), each with 10 款 of 8 项 (91 rows per 类), cut to `rows` in display order.
Leaf (项) rows get amounts, every 表6 item is filled, and the totals are filled by the app's own
填充空白合计 (`ProjectDocument.empty_total_fills`), so the tables are consistent the way the rules say.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "desktop") not in sys.path:  # running from a checkout without an installed package
    sys.path.insert(0, str(ROOT / "desktop"))

SIZES = {"1k": 1000, "2.5k": 2500, "5k": 5000, "20k": 20000}
ROWS_PER_CLASS = 91
TABLES = ("表2", "表3", "表5")


def synthetic_codes(rows: int, catalog_classes: list[str]) -> list[str]:
    """`rows` unique 功能分类 codes in display order: whole 类 blocks (类, 10 款, 8 项 each), cut at `rows`."""
    if rows < 0:
        raise ValueError("rows must be ≥ 0")
    known = set(catalog_classes)
    classes = list(catalog_classes)
    spare = (f"{n}" for n in range(999, 99, -1) if f"{n}" not in known)
    needed = -(-rows // ROWS_PER_CLASS)
    while len(classes) < needed:
        try:
            classes.append(next(spare))
        except StopIteration:
            raise ValueError(f"at most {900 * ROWS_PER_CLASS} rows") from None
    codes: list[str] = []
    for klass in sorted(classes[:needed]):
        codes.append(klass)
        for k in range(1, 11):
            kuan = f"{klass}{k:02d}"
            codes.append(kuan)
            codes += [f"{kuan}{x:02d}" for x in range(1, 9)]
    return codes[:rows]


def synthetic_project(rows: int, seed: int = 7):  # noqa: ANN201 - juesuan.model.Project
    """A consistent large project and its row count per table (linear in `rows`)."""
    from juesuan.document import ProjectDocument, new_project
    from juesuan.validation import rulebook

    rng = random.Random(seed)
    book = rulebook("2022")
    project = new_project("合成大型项目（基准测试）")
    project.totals.printed = True  # measured as validation of a filled-in file: totals do not follow edits
    classes = sorted(c for c in book.catalog.names if len(c) == 3)
    codes = synthetic_codes(rows, classes)
    names = {code: book.catalog.name_of(code) or f"合成科目{code}" for code in codes}
    for table in TABLES:
        project.table(table).subjects.update(names)
    for code in codes:
        if len(code) != 7:
            continue
        basic = Decimal(rng.randint(100, 99999)) / 100
        item = Decimal(rng.randint(0, 50000)) / 100
        for table in ("表3", "表5"):
            project.set_value(table, code, "2", basic)
            project.set_value(table, code, "3", item)
        project.set_value("表2", code, "2", basic + item)
    for key in book.layout["表6"].fixed_rows:
        if key.isdigit() and len(key) == 5:
            project.set_value("表6", key, "1", Decimal(rng.randint(1, 99999)) / 100)
    document = ProjectDocument(project, book)
    for cell, value in document.empty_total_fills():
        project.set_value(cell.table, cell.row, cell.column, value)
    return project, len(codes)
