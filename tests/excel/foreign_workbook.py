"""A workbook in the official layout as ANOTHER tool would write it — written here with openpyxl
directly, not with our exporter: other widths, merged titles with spaces, 编制单位/金额单位 lines,
numbers stored as text with thousands separators, `-` for zero, amounts in 元 for some tables,
spacer rows, codes as numbers or split over 类|款|项 columns, no 栏次 line in some tables (columns
then found by header text), no 行次 column in 表4, three tables stacked on one sheet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from juesuan.model import Project, row_keys
from juesuan.templates import load_layout

YUAN = Decimal(10000)
LAYOUT = load_layout("2022")
#: 元 offsets (in 万元) that make half-up rounding break a printed sum; each group sums to zero so
#: every total keeps its value, and the part pushed up by rounding has the largest remainder, so
#: 舍位平衡 must bring exactly that part (and its row total) back to the published figure.
OFFSETS = {
    ("表6", "30101", "1"): Decimal("0.005"), ("表6", "30102", "1"): Decimal("-0.002"), ("表6", "30103", "1"): Decimal("-0.003"),
    **{(t, row, col): off for t in ("表2", "表3", "表5") for col in ("1", "2")
       for row, off in (("2080501", Decimal("0.005")), ("2080505", Decimal("-0.002")), ("2080599", Decimal("-0.003")))},
}
#: the cells 舍位平衡 has to adjust, derived by hand from OFFSETS (see test_foreign_workbook_…)
EXPECTED_ADJUSTED = {("表6", "30101", "1"), *{(t, "2080501", c) for t in ("表2", "表3", "表5") for c in ("1", "2")}}


class Writer:
    def __init__(self, project: Project, offsets: dict | None = None) -> None:
        self.p = project
        self.offsets = offsets or {}
        self.book = Workbook()
        self.book.remove(self.book.active)

    def value(self, table: str, row: str, col: str, unit: str) -> object:
        v = self.p.value(table, row, col)
        if v is None:
            return None
        if v == 0:
            return "-"
        exact = v + self.offsets.get((table, row, col), Decimal(0))
        if unit == "元":
            amount = exact * YUAN
            return int(amount) if amount == amount.to_integral_value() else float(amount)
        return f"{exact:,.2f}"  # 万元 as text with thousands separators

    def title(self, ws, row: int, table: str, width: int) -> None:
        t = LAYOUT[table]
        ws.cell(row, 1, f"  {self.p.year} 年度{t.title} （{t.id}）")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)

    def save(self, path: Path) -> Path:
        self.book.save(path)
        return path

    # 表1: 万元 as text, 栏次 line, names without 一、二、, a spacer row ------------------------------
    def table1(self) -> None:
        ws = self.book.create_sheet("收支总表")
        self.title(ws, 1, "表1", 6)
        ws.cell(2, 1, f"部门：{self.p.unit.name}")
        ws.cell(2, 6, "单位：万元")
        ws.cell(3, 1, "收入")
        ws.merge_cells("A3:C3")
        ws.cell(3, 4, "支出")
        ws.merge_cells("D3:F3")
        for col, text in enumerate(["项目", "行次", "决算数", "项目", "行次", "决算数"], start=1):
            ws.cell(4, col, text)
        ws.cell(5, 1, "栏次")
        ws.merge_cells("A5:B5")
        ws.cell(5, 3, "1")
        ws.cell(5, 4, "栏次")
        ws.merge_cells("D5:E5")
        ws.cell(5, 6, "2")
        left, right = LAYOUT["表1"].blocks
        for i, (a, b) in enumerate(zip(left.rows, right.rows)):
            line = 7 + i  # row 6 stays blank: a spacer
            for offset, row, col in ((0, a, "1"), (3, b, "2")):
                ws.cell(line, 1 + offset, row.name.split("、", 1)[-1] or None)
                ws.cell(line, 2 + offset, int(row.key))
                ws.cell(line, 3 + offset, self.value("表1", row.key, col, "万元"))
        ws.cell(7 + len(left.rows), 1, "注：1.本表反映部门本年度的总收支和年末结转结余情况。")
        self.widths(ws, [30, 6, 16, 30, 6, 16])

    # 表2: 元 as numbers, codes as integers, header text only (no 栏次), spacer rows before each 类 --------
    def table2(self) -> None:
        ws = self.book.create_sheet("收入表")
        self.title(ws, 1, "表2", 9)
        ws.cell(2, 1, f"编制单位：{self.p.unit.name}")
        ws.cell(3, 1, "金额单位：元")
        columns = LAYOUT["表2"].blocks[0].value_columns
        for col, text in enumerate(["科目编码", "科目名称", *[c.label for c in columns]], start=1):
            ws.cell(4, col, text)
        line = 5
        for key in row_keys(self.p, LAYOUT["表2"]):
            if len(key) == 3:
                line += 1  # blank spacer row before each 类
            ws.cell(line, 1, int(key) if key.isdigit() else "合计")
            ws.cell(line, 2, self.p.tables["表2"].subjects.get(key))
            for i, column in enumerate(columns):
                ws.cell(line, 3 + i, self.value("表2", key, column.key, "元"))
            line += 1
        self.widths(ws, [12, 40] + [14] * 7)

    # 表3 / 表5: printed style — 类|款|项|栏次 line; 表5 splits codes over the 类|款|项 columns ----------
    def subject_printed(self, table: str, sheet: str, split: bool) -> None:
        ws = self.book.create_sheet(sheet)
        columns = LAYOUT[table].blocks[0].value_columns
        width = 4 + len(columns)
        self.title(ws, 1, table, width)
        ws.cell(2, 1, "单位：元")
        ws.cell(3, 1, f"部门：{self.p.unit.name}")
        ws.cell(4, 1, "项目")
        ws.merge_cells("A4:D4")
        for i, column in enumerate(columns):
            ws.cell(4, 5 + i, column.label)
            ws.merge_cells(start_row=4, start_column=5 + i, end_row=5, end_column=5 + i)
        ws.cell(5, 1, "功能分类科目编码")
        ws.merge_cells("A5:C5")
        ws.cell(5, 4, "科目名称")
        for col, text in enumerate(["类", "款", "项", "栏次", *[c.key for c in columns]], start=1):
            ws.cell(6, col, text)
        line = 7
        for key in row_keys(self.p, LAYOUT[table]):
            if key == "合计":
                ws.cell(line, 1, "合    计")
                ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=4)
            else:
                if split:
                    for i, part in enumerate((key[:3], key[3:5], key[5:7])):
                        ws.cell(line, 1 + i, part or None)
                else:
                    ws.cell(line, 1, key)
                ws.cell(line, 4, self.p.tables[table].subjects.get(key))
            for i, column in enumerate(columns):
                ws.cell(line, 5 + i, self.value(table, key, column.key, "元"))
            line += 1
        ws.cell(line, 1, "注：本表反映部门本年度各项支出情况。")
        self.widths(ws, [10, 5, 5, 36] + [15] * len(columns))

    # 表4: no 行次 column, names with 一、, header text only, two blocks -----------------------------------
    def table4(self) -> None:
        ws = self.book.create_sheet("财政拨款总表")
        self.title(ws, 1, "表4", 7)
        ws.cell(2, 1, f"部门：{self.p.unit.name}    单位：万元")
        ws.cell(3, 1, "收  入")
        ws.merge_cells("A3:B3")
        ws.cell(3, 3, "支  出")
        ws.merge_cells("C3:G3")
        for col in (1, 2, 3):
            ws.cell(4, col, ["项目", "决算数", "项目"][col - 1])
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
        ws.cell(4, 4, "决 算 数")
        ws.merge_cells("D4:G4")
        left, right = LAYOUT["表4"].blocks
        for i, column in enumerate(right.value_columns):
            ws.cell(5, 4 + i, column.label)
        for i, (a, b) in enumerate(zip(left.rows, right.rows)):
            line = 6 + i
            ws.cell(line, 1, a.name or None)
            ws.cell(line, 2, self.value("表4", a.key, "1", "万元") if a.name else None)
            ws.cell(line, 3, b.name or None)
            for j, column in enumerate(right.value_columns):
                ws.cell(line, 4 + j, self.value("表4", b.key, column.key, "万元") if b.name else None)
        self.widths(ws, [28, 14, 30, 12, 14, 14, 14])

    # 表6: 元, three blocks, headings merged over the two 公用经费 blocks, no 栏次 --------------------------
    def table6(self) -> None:
        ws = self.book.create_sheet("基本支出明细")
        self.title(ws, 1, "表6", 9)
        ws.cell(2, 1, f"部门：{self.p.unit.name}")
        ws.cell(2, 9, "单位：元")
        ws.cell(3, 1, "人员经费")
        ws.merge_cells("A3:C3")
        ws.cell(3, 4, "公用经费")
        ws.merge_cells("D3:I3")
        for block in range(3):
            for j, text in enumerate(["经济分类科目", "科目名称", "决算数"]):
                ws.cell(4, 1 + 3 * block + j, text)
        blocks = LAYOUT["表6"].blocks
        length = max(len(b.rows) for b in blocks)
        for b, block in enumerate(blocks):
            rows = [r for r in block.rows if not r.align_last]
            last = [r for r in block.rows if r.align_last]
            for i, row in enumerate(rows + [None] * (length - len(rows) - len(last)) + last):
                if row is None:
                    continue
                ws.cell(5 + i, 1 + 3 * b, row.key if row.key.isdigit() else None)
                ws.cell(5 + i, 2 + 3 * b, row.name)
                ws.cell(5 + i, 3 + 3 * b, self.value("表6", row.key, "1", "元"))
        self.widths(ws, [9, 26, 14] * 3)

    # 表7, 表8, 表9 stacked on one sheet ---------------------------------------------------------------
    def others(self) -> None:
        ws = self.book.create_sheet("其他表")
        line = 1
        for table in ("表7", "表8"):
            t = LAYOUT[table]
            columns = t.blocks[0].value_columns
            self.title(ws, line, table, 2 + len(columns))
            ws.cell(line + 1, 1, f"部门：{self.p.unit.name}")
            ws.cell(line + 1, 2 + len(columns), "单位：万元")
            ws.cell(line + 2, 1, "功能分类科目编码")
            ws.cell(line + 2, 2, "科目名称")
            for i, column in enumerate(columns):
                ws.cell(line + 2, 3 + i, column.label)
            ws.cell(line + 3, 1, "类")
            ws.cell(line + 3, 2, "栏次")
            for i, column in enumerate(columns):
                ws.cell(line + 3, 3 + i, int(column.key))
            ws.cell(line + 4, 1, "合 计")
            ws.cell(line + 5, 1, "注：" + t.notes[0])
            ws.cell(line + 6, 1, t.formulas)
            ws.cell(line + 7, 1, self.p.tables[table].no_data_note)
            line += 10  # two blank rows between tables
        t = LAYOUT["表9"]
        self.title(ws, line, "表9", 12)
        ws.cell(line + 1, 1, f"部门：{self.p.unit.name}")
        ws.cell(line + 1, 12, "单位：万元")
        col = 1
        top = line + 2
        for group in t.blocks[0].columns:
            ws.cell(top, col, group.label)
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 5)
            for child in group.children:
                ws.cell(top + 1, col, child.label)
                if child.children:
                    span = len(child.children)
                    ws.merge_cells(start_row=top + 1, start_column=col, end_row=top + 1, end_column=col + span - 1)
                    for k, leaf in enumerate(child.children):
                        ws.cell(top + 2, col + k, leaf.label)
                    col += span
                else:
                    ws.merge_cells(start_row=top + 1, start_column=col, end_row=top + 2, end_column=col)
                    col += 1
        for i in range(12):
            ws.cell(top + 4, 1 + i, self.value("表9", "1", str(i + 1), "万元"))  # row top+3 is a spacer
        self.widths(ws, [13] * 12)

    def widths(self, ws, widths: list[float]) -> None:
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width


def write_foreign(project: Project, path: Path, offsets: dict | None = None) -> Path:
    writer = Writer(project, offsets)
    steps: list[Callable[[], None]] = [
        writer.table1, writer.table2, lambda: writer.subject_printed("表3", "支出表", split=False),
        writer.table4, lambda: writer.subject_printed("表5", "一般公共预算支出", split=True),
        writer.table6, writer.others,
    ]
    for step in steps:
        step()
    return writer.save(path)
