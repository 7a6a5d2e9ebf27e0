"""The 调整表: reading the workbook that lists transfers between units of one 部门, and the elimination kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..datafiles import load_toml
from ..years import year_file
from ..errors import AmountError, DataFileError, JuesuanError
from ..money import parse_amount

SHEET = "调整表"
#: Header texts of the 调整表 (row with 调整类型), each mapped to the field it fills.
HEADERS = {
    "序号": "serial", "调整类型": "kind", "收入方单位": "income_unit", "支出方单位": "expense_unit",
    "功能分类科目编码": "subject", "金额": "amount", "表": "table", "行": "row", "栏": "column", "说明": "note",
}
OTHER_KIND = "其他"
MAX_LINES = 5000
HEADER_SEARCH = 20


class AdjustError(JuesuanError):
    """A 调整表 that cannot be read or applied; the message names the line."""


@dataclass(frozen=True)
class AdjustLine:
    """One line of the 调整表 as typed (line is the worksheet row number)."""

    line: int
    kind: str
    amount: Decimal
    income_unit: str = ""
    expense_unit: str = ""
    subject: str = ""
    table: str = ""
    row: str = ""
    column: str = ""
    note: str = ""


@dataclass(frozen=True)
class CellSpec:
    side: str
    table: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class EliminationKind:
    """A transfer type: the income item on one side, the expense item on the other, the cells each reduces."""

    name: str
    aliases: tuple[str, ...]
    income: str
    expense: str
    cells: tuple[CellSpec, ...]


def elimination_kinds(layout_id: str) -> dict[str, EliminationKind]:
    """The elimination kinds of a layout by every name a 调整表 may use (resources/desk/<layout>/eliminations.toml)."""
    source = year_file(layout_id, "desk", "eliminations.toml")
    if not source.is_file():
        return {}
    label, _text, data = load_toml(source)
    kinds: dict[str, EliminationKind] = {}
    for raw in data.get("kinds", []):
        try:
            cells = tuple(CellSpec(c["side"], c["table"], tuple(c["rows"]), tuple(c["columns"])) for c in raw["cells"])
            kind = EliminationKind(raw["name"], tuple(raw.get("aliases", ())), raw["income"], raw["expense"], cells)
        except (KeyError, TypeError) as exc:
            raise DataFileError(label, f"调整类型定义不完整（{exc}）") from None
        for name in (kind.name, *kind.aliases):
            kinds[name] = kind
    return kinds


def read_adjustments(path: Path) -> list[AdjustLine]:
    """Every non-empty line of a 调整表 workbook; a bad line is refused naming its row."""
    from ..excel.safety import open_workbook, read_workbook_bytes

    name = path.name
    workbook = open_workbook(read_workbook_bytes(path), name)
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_LINES + HEADER_SEARCH, max_col=20))
    header_at, columns = _header(rows)
    if header_at is None:
        raise AdjustError(f"{name} 不是调整表：前 {HEADER_SEARCH} 行中找不到“调整类型”“金额”等表头")
    lines: list[AdjustLine] = []
    for index in range(header_at + 1, len(rows)):
        fields = {field: _text(rows[index][col]) for field, col in columns.items() if col < len(rows[index])}
        if not any(v for k, v in fields.items() if k != "serial"):
            continue
        if fields.get("kind", "").startswith("合计"):
            continue
        lines.append(_line(fields, index + 1, name))
    if len(lines) > MAX_LINES:
        raise AdjustError(f"{name} 超过 {MAX_LINES} 行调整，不像是调整表")
    return lines


def _header(rows: list[tuple[Any, ...]]) -> tuple[int | None, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        texts = [re.sub(r"[\s（(].*$", "", _text(v)) for v in row]
        if "调整类型" in texts and "金额" in texts:
            return index, {HEADERS[t]: col for col, t in enumerate(texts) if t in HEADERS}
    return None, {}


def _line(fields: dict[str, str], number: int, name: str) -> AdjustLine:
    where = f"{name} 第{number}行"
    kind = fields.get("kind", "")
    if not kind:
        raise AdjustError(f"{where}：缺少调整类型")
    try:
        amount = parse_amount(fields.get("amount", ""))
    except AmountError as exc:
        raise AdjustError(f"{where}：金额无效（{exc}）") from None
    if amount is None:
        raise AdjustError(f"{where}：缺少金额")
    subject = fields.get("subject", "")
    if subject and not re.fullmatch(r"\d{3}(\d{2}){0,2}", subject):
        raise AdjustError(f"{where}：功能分类科目编码“{subject[:20]}”应为 3、5 或 7 位数字")
    return AdjustLine(number, kind, amount, fields.get("income_unit", ""), fields.get("expense_unit", ""), subject,
                      fields.get("table", ""), fields.get("row", ""), fields.get("column", ""), fields.get("note", ""))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())[:500]


#: Column order of a 调整表 as written by `write_adjustments` (the documented layout).
LAYOUT_COLUMNS = ("序号", "调整类型", "收入方单位", "支出方单位", "功能分类科目编码", "金额（万元）", "表", "行", "栏", "说明")


def write_adjustments(path: Path, lines: list[AdjustLine], department: str = "", year: int | None = None) -> Path:
    """A 调整表 in the documented layout (a blank template when `lines` is empty), written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..review.report import save_workbook

    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.cell(row=1, column=1, value="部门决算汇总调整表").font = Font(bold=True, size=14)
    meta = f"部门：{department}    年度：{year or ''}    金额单位：万元"
    _put(ws, 2, 1, meta)
    for col, name in enumerate(LAYOUT_COLUMNS, start=1):
        _put(ws, 3, col, name)
        ws.cell(row=3, column=col).font = Font(bold=True)
        ws.column_dimensions[ws.cell(row=3, column=col).column_letter].width = 26 if "单位" in name or name == "说明" else 14
    for row, line in enumerate(lines, start=4):
        values = (row - 3, line.kind, line.income_unit, line.expense_unit, line.subject, line.amount, line.table,
                  line.row, line.column, line.note)
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
    return save_workbook(book, Path(path), "调整表")


def _put(ws: Any, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = "#,##0.00"
    elif isinstance(value, int):
        cell.value = value
    elif value:
        cell.value = str(value)
        cell.data_type = "s"
