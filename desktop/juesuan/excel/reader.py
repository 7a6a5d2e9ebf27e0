"""Find the official tables on a sheet and read them: each table by its title, columns by 栏次 or by
header text, rows by 行次 / 科目编码 / 科目名称 — whatever tool made the workbook."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from ..catalog import Catalog
from ..templates import Column, Layout, Row, TableTemplate
from .grid import Grid
from .layout import NO_DATA, normalise, without_ordinal
from .variants import read_transposed

UNITS = {"万元": Decimal(1), "千元": Decimal(10), "元": Decimal(10000)}
_UNIT = re.compile(r"(?:金额)?单位[:：]?\(?(万元|千元|元)\)?")
_DEPARTMENT = re.compile(r"(?:部门|单位名称|编制单位|填报单位|预算单位)\s*(?:名称)?\s*[:：]\s*(.+?)\s*(?:(?:金额)?单位\s*[:：].*)?$")
_ORDINAL_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)])")
_NOTE = re.compile(r"^注\s*[:：\d]")
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)(.*)$")
_YEAR = re.compile(r"(20\d\d)年")
SERIAL_WORDS = {"栏次", "类", "款", "项", "行次", "编码"}
TOTAL_WORDS = {"合计", "总计"}


@dataclass
class Skip:
    where: str
    text: str
    reason: str


@dataclass
class TableRead:
    """What one table region held: exact amounts (in its own unit), rows, notes, problems."""

    template: TableTemplate
    sheet: str
    title_row: int
    unit: str = "万元"
    unit_stated: bool = False
    department: str | None = None
    year: int | None = None
    columns_by: str = ""
    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    #: cells read as blank (their place exists in the sheet)
    blanks: set[tuple[str, str]] = field(default_factory=set)
    subjects: dict[str, str] = field(default_factory=dict)
    no_data: bool = False
    note_lines: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    rows: int = 0


# -- finding tables ------------------------------------------------------------------------------


def match_title(text: str, layout: Layout) -> TableTemplate | None:
    """The template whose title the text carries (longest title wins: 财政拨款收入支出决算总表 ⊃ 收入支出决算总表)."""
    value = normalise(text)
    if len(value) > 80:
        return None
    best: TableTemplate | None = None
    for title, template in _titles(layout):
        if title in value and (best is None or len(template.title) > len(best.title)):
            best = template
    if best is None:
        return None
    marker = re.search(r"表(\d+)\)", value)
    if marker and marker.group(1) != str(best.number):
        by_number = next((t for t in layout.tables if str(t.number) == marker.group(1) and normalise(t.title) in value), None)
        return by_number
    return best


_TITLES: dict[int, tuple[Layout, list[tuple[str, TableTemplate]]]] = {}


def _titles(layout: Layout) -> list[tuple[str, TableTemplate]]:
    """The layout's normalised table titles, worked out once per layout (match_title runs for every text cell)."""
    known = _TITLES.get(id(layout))
    if known is None or known[0] is not layout:
        known = _TITLES[id(layout)] = (layout, [(normalise(t.title), t) for t in layout.tables])
    return known[1]


def find_tables(grid: Grid, layout: Layout) -> list[tuple[TableTemplate, int, int, str]]:
    """(template, title row, last row of its region, title text) for each table title on the sheet."""
    titles: list[tuple[int, TableTemplate, str]] = []
    for row in grid.rows:
        for col, value in grid.row_cells(row):
            if isinstance(value, str):
                template = match_title(value, layout)
                if template is not None:
                    titles.append((row, template, value))
                    break
    regions = []
    for i, (row, template, text) in enumerate(titles):
        end = titles[i + 1][0] - 1 if i + 1 < len(titles) else grid.max_row
        regions.append((template, row, end, text))
    return regions


# -- reading one table ---------------------------------------------------------------------------


class TableReader:
    def __init__(self, grid: Grid, template: TableTemplate, title_row: int, end_row: int, title: str,
                 catalog: Catalog) -> None:
        self.g = grid
        self.t = template
        self.top = title_row
        self.end = end_row
        self.catalog = catalog
        self.out = TableRead(template, grid.title, title_row)
        year = _YEAR.search(normalise(title))
        self.out.year = int(year.group(1)) if year else None
        self.value_cols: set[int] = set()
        self.mapping: dict[str, list[int]] = {}
        self._seen: set[str] = set()
        self._names: dict[str, str] = {}
        self._last_codes: list[str] = []

    def where(self, row: int, col: int | None = None) -> str:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(col)}{row}" if col else f"第{row}行"
        return f"工作表“{self.g.title}”{cell}（{self.t.id}）"

    def read(self) -> TableRead:
        data_start = self._info_lines()
        header_top = data_start
        serial_row, first_data = self._serial_and_data(header_top)
        mapping = self._columns(header_top, serial_row, first_data)
        if not mapping and read_transposed(self, self.top + 1, Skip):
            return self.out  # a provincial variant (excel/variants.py)
        if not mapping:
            self.out.skipped.append(Skip(self.where(self.top), self.t.printed_title(self.out.year or 0),
                                         "认不出本表的栏目（既没有栏次行，表头文字也对不上），整张表未导入"))
            return self.out
        self.mapping = mapping
        self.value_cols = {c for cols in mapping.values() for c in cols}
        self._seen.clear()
        self._rows(first_data if first_data else (serial_row or header_top) + 1)
        return self.out

    # the lines between the title and the header ------------------------------------------------
    def _info_lines(self) -> int:
        row = self.top + 1
        limit = min(self.end, self.top + 6)
        last_info = self.top
        while row <= limit:
            raw = [str(v) for _, v in self.g.row_cells(row) if isinstance(v, str)]
            joined = "".join(normalise(t) for t in raw)
            found = False
            unit = _UNIT.search(joined)
            if unit:
                self.out.unit, self.out.unit_stated, found = unit.group(1), True, True
            for text in raw:
                department = _DEPARTMENT.search(text.strip())
                if department and department.group(1).strip():
                    self.out.department, found = department.group(1).strip(), True
            if found:
                last_info = row
            row += 1
        return last_info + 1

    # header and the 栏次 line ----------------------------------------------------------------------
    def _serial_and_data(self, header_top: int) -> tuple[int | None, int | None]:
        """The 栏次 line if there is one (data follow it), else the first line that names a row."""
        keys = {c.key for c in self.t.columns.values() if c.key}
        window = range(header_top, min(self.end, header_top + 15) + 1)
        for row in window:
            cells = list(self.g.row_cells(row))
            numbers = [str(v) if isinstance(v, int) else normalise(v) for _, v in cells
                       if (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, str) and normalise(v).isdigit())]
            words = [v for _, v in cells if isinstance(v, str) and normalise(v) in SERIAL_WORDS]
            if cells and keys <= set(numbers) and len(numbers) + len(words) >= 0.8 * len(cells):
                return row, None
        for row in window:
            if self._row_labels(row, probe=True):
                return None, row
        for row in window:  # no row labels at all (表9): the data start at the first line with an amount
            if any(self.g.amount(row, col).value is not None for col, _ in self.g.row_cells(row)):
                return None, row
        return None, None

    def _paths(self, top: int, bottom: int) -> dict[int, list[str]]:
        paths: dict[int, list[str]] = {}
        for col in range(1, self.g.max_col + 1):
            path: list[str] = []
            for row in range(top, bottom + 1):
                text = self.g.text(row, col)
                if text and (not path or path[-1] != text):
                    path.append(text)
            paths[col] = path
        return paths

    def _columns(self, header_top: int, serial: int | None, first_data: int | None) -> dict[str, list[int]]:
        mapping: dict[str, list[int]] = {}
        keys = {c.key for c in self.t.columns.values() if c.key}
        if serial is not None:
            for col, value in self.g.row_cells(serial):
                text = str(value) if isinstance(value, int) else normalise(value)
                if text in keys:
                    mapping.setdefault(text, []).append(col)
            self.out.columns_by = "栏次"
        bottom = (serial or first_data or header_top + 1) - 1
        if len(mapping) < len(keys) and bottom >= header_top:
            paths = self._paths(header_top, bottom)
            found = self._by_header(paths)
            for key, cols in found.items():
                if key not in mapping:
                    mapping[key] = cols
            if found:
                self.out.columns_by = "表头文字" if not self.out.columns_by else self.out.columns_by + "和表头文字"
        return {key: sorted(cols) for key, cols in mapping.items()}

    def _by_header(self, paths: dict[int, list[str]]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for block in self.t.blocks:
            for chain in _chains(block.columns):
                leaf = chain[-1]
                labels = [normalise(c.label) for c in chain]
                for col, path in paths.items():
                    if path and path[-1] == labels[-1] and all(label in path for label in labels[:-1]):
                        if col not in found.setdefault(leaf.key or "", []):
                            found[leaf.key or ""].append(col)
        found.pop("", None)
        return found

    # rows ----------------------------------------------------------------------------------
    def _row_labels(self, row: int, probe: bool = False) -> list[tuple[int, str]]:
        """(column of the label, row key) for each table row named on this sheet line."""
        cells = [(c, v) for c, v in self.g.row_cells(row) if c not in self.value_cols]
        if self.t.kind == "single":
            return []
        if self.t.is_subject:
            return self._subject_label(row, cells, probe)
        found: list[tuple[int, str, bool]] = []  # (column, key, by number)
        for col, value in cells:
            hit = self._fixed_key(value, {key for _, key, _ in found})
            if hit is not None:
                found.append((col, *hit))
        if probe and not any(by_number or _ORDINAL_START.match(normalise(self.g.raw(row, col))) for col, _, by_number in found):
            return []  # a header cell may read like a row name (表4 一般公共预算财政拨款); data carry 行次 or 一、
        labels: list[tuple[int, str]] = []
        for i, (col, key, by_number) in enumerate(found):
            following = found[i + 1] if i + 1 < len(found) else None
            if not by_number and following is not None and following[2] and following[0] - col <= 2:
                continue  # a name followed by its 行次/编码: the number decides
            if all(k != key for _, k in labels):
                labels.append((col, key))
        return labels

    def _fixed_key(self, value: object, taken: set[str] = frozenset()) -> tuple[str, bool] | None:  # type: ignore[assignment]
        """The row a label cell names, and whether it named it by 行次/编码 (True) or by name."""
        rows = self.t.fixed_rows
        if isinstance(value, int) and not isinstance(value, bool):
            text = str(value)
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = normalise(value)
        if not text:
            return None
        if text in rows and (text.isdigit() or self.t.kind == "economic"):
            return text, text.isdigit()
        if text.isdigit():
            return None
        bare = without_ordinal(text)
        matches = [r for r in rows.values() if r.name and without_ordinal(r.name) == bare]
        unused = [r for r in matches if r.key not in self._seen and r.key not in taken]
        return ((unused or matches)[0].key, False) if matches else None

    def _subject_label(self, row: int, cells: list[tuple[int, object]], probe: bool) -> list[tuple[int, str]]:
        total = self.t.total_row or "合计"
        if probe:
            cells = cells[:1]  # a code or 合计 opens the line; a header's 合计 (表8 1栏) stands further right
        for col, value in cells:
            text = str(value) if isinstance(value, int) and not isinstance(value, bool) else normalise(value)
            if text in TOTAL_WORDS or text == normalise(total):
                return [(col, total)]
            match = _CODE.match(text)
            if match:
                code = match.group(1) + self._split_code(row, col, match.group(1))
                name = match.group(2).strip() or self._name_right_of(row, col)
                if not probe:
                    self._names[code] = name
                return [(col, code)]
        if probe:
            return []
        for col, value in cells:
            if isinstance(value, str) and normalise(value) and not normalise(value)[0].isdigit():
                code = self._code_by_name(normalise(value))
                if code:
                    self._names[code] = str(value).strip()
                    return [(col, code)]
                break
        return []

    def _split_code(self, row: int, col: int, code: str) -> str:
        """Codes printed over 类 | 款 | 项 columns (201 | 03 | 01) are joined."""
        if len(code) != 3:
            return ""
        rest = ""
        for offset in (1, 2):
            value = self.g.raw(row, col + offset, merged=False)
            text = f"{value:02d}" if isinstance(value, int) and 0 <= value < 100 else normalise(value)
            if not (len(text) == 2 and text.isdigit()):
                break
            rest += text
        return rest

    def _name_right_of(self, row: int, col: int) -> str:
        for other, value in self.g.row_cells(row):
            if other > col and other not in self.value_cols and isinstance(value, str):
                text = str(value).strip()
                if text and not normalise(text).isdigit():
                    return text
        return ""

    def _code_by_name(self, name: str) -> str | None:
        """A row given only by 科目名称: the catalog code of that name under the last class/款 seen."""
        candidates = [code for code, known in self.catalog.names.items() if normalise(known) == name]
        if len(candidates) > 1 and self._last_codes:
            parent = self._last_codes[-1]
            narrowed = [c for c in candidates if c.startswith(parent[:5] if len(parent) >= 5 else parent)]
            candidates = narrowed or [c for c in candidates if c.startswith(parent[:3])]
        return candidates[0] if len(candidates) == 1 else None

    def _rows(self, start: int) -> None:
        self._seen.clear()
        single_done = False
        template_notes = [normalise(n) for n in self.t.notes] + [normalise(self.t.formulas)]
        for row in self.g.rows_between(start, self.end):
            cells = list(self.g.row_cells(row))
            if not cells:
                continue
            if self.t.kind == "single":
                if not single_done and any(c in self.value_cols and self.g.amount(row, c).value is not None for c, _ in cells):
                    self._take(row, 0, self.t.blocks[0].rows[0].key if self.t.blocks[0].rows else "1")
                    single_done = True
                    continue
                labels = []
            else:
                labels = self._row_labels(row)
            if labels:
                for col, key in labels:
                    self._take(row, col, key)
                continue
            numbers = [c for c, _ in cells if c in self.value_cols and self.g.amount(row, c).value not in (None, Decimal(0))]
            texts = [normalise(v) for _, v in cells if isinstance(v, str)]
            if numbers:
                shown = " ".join(str(v) for _, v in cells[:3])[:40]
                self.out.skipped.append(Skip(self.where(row), shown, "有数字，但认不出是本表的哪一行，未导入"))
                continue
            text = "".join(texts)
            if not text:
                continue
            if text.startswith(NO_DATA):
                self.out.no_data = True
                rest = text[len(NO_DATA):].lstrip(":。.，,")
                if rest:
                    self.out.note_lines.append(_original(cells))
                continue
            if _NOTE.match(text) or any(n and n in text for n in template_notes) or _is_formula(text):
                continue
            self.out.note_lines.append(_original(cells))

    def _take(self, row: int, label_col: int, key: str) -> None:
        if key in self._seen:
            self.out.skipped.append(Skip(self.where(row), key, "同一行重复出现，后出现的未导入"))
            return
        self._seen.add(key)
        self.out.rows += 1
        if self.t.is_subject and key != self.t.total_row:
            self.out.subjects[key] = self._names.get(key, "")
            self._last_codes.append(key)
        for column in self._columns_of(key):
            cols = [c for c in self.mapping.get(column.key or "", []) if c > label_col]
            if not cols:
                continue
            col = cols[0]
            amount = self.g.amount(row, col)
            if amount.problem:
                shown = str(self.g.raw(row, col, merged=False) or "")[:30]
                self.out.skipped.append(Skip(self.where(row, col), shown, amount.problem))
            elif amount.value is None:
                self.out.blanks.add((key, column.key or ""))
            else:
                self.out.values.setdefault(key, {})[column.key or ""] = amount.value

    def _columns_of(self, key: str) -> tuple[Column, ...]:
        if self.t.is_subject:
            return self.t.blocks[0].value_columns
        row: Row | None = self.t.fixed_rows.get(key)
        if row is None or row.blank:
            return ()
        return self.t.columns_of_row(key)


def _chains(columns: Iterable[Column], above: tuple[Column, ...] = ()) -> Iterable[tuple[Column, ...]]:
    for column in columns:
        if column.children:
            yield from _chains(column.children, (*above, column))
        else:
            yield (*above, column)


def _is_formula(text: str) -> bool:
    return ("栏" in text or "行" in text) and "=" in text


def _original(cells: list[tuple[int, object]]) -> str:
    return "".join(str(v).strip() for _, v in cells if isinstance(v, str)).strip()
