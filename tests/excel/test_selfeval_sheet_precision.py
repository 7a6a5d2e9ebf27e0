"""The 自评 sheets of an exported workbook carry four-decimal 自评 amounts (number format #,##0.00##, value
exact when read back), the 决算 tables keep two, and every text on a 自评 sheet is still written as text."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from juesuan.excel.export import export_workbook
from juesuan.excel.importer import import_workbook
from juesuan.excel.selfeval_sheets import SELFEVAL_AMOUNT_FORMAT


def _fund_row(sheet, label: str) -> list:
    for row in sheet.iter_rows():
        if row[0].value == label:
            return list(row)
    raise AssertionError(label)


def test_four_decimal_selfeval_amounts_are_written_and_read_back(tmp_path, sample_project):
    project = sample_project.model_copy(deep=True)
    whole = project.selfeval.whole
    whole.funds.setdefault("合计", {})["全年执行数"] = Decimal("4199.3712")
    whole.funds.setdefault("当年财政拨款", {})["年初预算数"] = Decimal("0.0001")
    whole.name = "=HYPERLINK(\"http://example.invalid\")"
    path = export_workbook(project, tmp_path / "四位.xlsx")

    book = openpyxl.load_workbook(path)
    sheet = book["自评-整体"]
    total = _fund_row(sheet, "年度资金总额（合计）")
    executed = total[4]
    assert Decimal(repr(executed.value)) == Decimal("4199.3712") and executed.number_format == SELFEVAL_AMOUNT_FORMAT
    fiscal = _fund_row(sheet, "其中：当年财政拨款")[2]
    assert Decimal(repr(fiscal.value)) == Decimal("0.0001") and fiscal.number_format == SELFEVAL_AMOUNT_FORMAT
    assert total[6].number_format == '0.00"%"'  # the 执行率 keeps its percent format
    named = [c for row in sheet.iter_rows() for c in row if c.value == whole.name]
    assert named and all(c.data_type == "s" for c in named)  # text, never a live formula
    assert not [c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    table_amounts = {c.number_format for row in book["表1"].iter_rows() for c in row if isinstance(c.value, (int, float))}
    assert table_amounts == {"#,##0.00"}  # the 决算 tables keep two places

    back = import_workbook(path).project
    assert back.selfeval.whole.fund("合计", "全年执行数") == Decimal("4199.3712")
    assert back.selfeval == project.selfeval
