"""Import: our export round-trips exactly; other tools' official-layout workbooks (元, text numbers,
`-`, spacer rows, merged titles, no 栏次 …) import to the same tables, with 舍位平衡 listed."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from juesuan.excel.export import export_workbook
from juesuan.excel.importer import import_workbook
from juesuan.excel.layout import META_SHEET
from juesuan.excel.safety import ExcelFileError
from juesuan.validation import rulebook

sys.path.insert(0, str(Path(__file__).resolve().parent))

from foreign_workbook import EXPECTED_ADJUSTED, OFFSETS, write_foreign  # noqa: E402


def _decision_errors(project):
    return sorted((f.rule, f.cells[0]) for f in rulebook(project.layout).check(project)
                  if f.severity == "error" and not f.rule.startswith("SE-") and f.cells[0].table != "说明")


def test_export_then_import_is_identity(tmp_path, sample_project):
    path = export_workbook(sample_project, tmp_path / "x.xlsx")
    result = import_workbook(path)
    assert result.project == sample_project
    assert result.report.ours and not result.report.skipped and not result.report.adjustments
    assert not result.report.missing


def test_identity_also_for_a_fresh_project_and_edge_values(tmp_path):
    from juesuan.document import ProjectDocument, new_project
    from juesuan.findings import Cell

    project = new_project("测试单位 （二级）")
    document = ProjectDocument(project)
    document.add_subject("表3", "2010301", "行政运行")
    document.set_values([(Cell("表3", "2010301", "2"), Decimal("-12.50")), (Cell("表3", "2010301", "3"), Decimal("0")),
                         (Cell("表3", "合计", "1"), Decimal("999999999.99")), (Cell("表6", "30101", "1"), Decimal("0.01"))])
    document.set_no_data("表8", True, "本单位无国有资本经营预算财政拨款支出。\n第二行说明")
    document.set_no_data("表7", False, "有说明但不是无数据")
    path = export_workbook(project, tmp_path / "edge.xlsx")
    assert import_workbook(path).project == project


def test_without_the_project_info_sheet_the_tables_still_match(tmp_path, sample_project):
    path = export_workbook(sample_project, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    del book[META_SHEET]
    book.save(path)
    result = import_workbook(path)
    assert not result.report.ours
    assert result.project.tables == sample_project.tables
    assert result.project.unit.name == sample_project.unit.name and result.project.year == 2022


def _with_zeros(project):
    project = project.model_copy(deep=True)
    for column in ("2", "4", "8", "10"):
        project.set_value("表9", "1", column, Decimal("0.00"))  # written as "-" by the other tool
    project.set_value("表1", "28", "1", Decimal("0.00"))
    return project


def test_foreign_workbook_imports_to_the_same_tables(tmp_path, sample_project):
    expected = _with_zeros(sample_project)
    result = import_workbook(write_foreign(expected, tmp_path / "其他软件.xlsx"))
    report = result.report
    assert result.project.tables == expected.tables
    assert result.project.unit.name == "武汉市江汉区人民政府办公室" and result.project.year == 2022
    assert not report.ours and not report.missing and not report.adjustments
    units = {r.template.id: r.unit for r in report.tables}
    assert units == {"表1": "万元", "表2": "元", "表3": "元", "表4": "万元", "表5": "元", "表6": "元",
                     "表7": "万元", "表8": "万元", "表9": "万元"}
    by = {r.template.id: r.columns_by for r in report.tables}
    assert by["表2"] == "表头文字" and by["表9"] == "表头文字" and by["表1"] == "栏次"
    assert {r.sheet for r in report.tables if r.template.id in ("表7", "表8", "表9")} == {"其他表"}
    text = "\n".join(report.lines())
    assert "表2 金额单位为元，已换算为万元" in text and "按“本表无数据”导入" in text


def test_foreign_workbook_in_yuan_is_balanced_and_every_adjustment_listed(tmp_path, sample_project):
    """OFFSETS put 元 amounts just beside the published 万元 figures so that half-up rounding alone
    breaks 款/类/合计 sums (and 表6 301); 舍位平衡 restores exactly the published tables."""
    expected = _with_zeros(sample_project)
    result = import_workbook(write_foreign(expected, tmp_path / "元.xlsx", OFFSETS))
    assert result.project.tables == expected.tables
    adjusted = {(a.cell.table, a.cell.row, a.cell.column) for a in result.report.adjustments}
    assert adjusted == EXPECTED_ADJUSTED
    for a in result.report.adjustments:
        assert abs(a.value - a.rounded) == Decimal("0.01") and abs(a.value - a.exact) < Decimal("0.01")
    lines = result.report.lines()
    assert "  表6 30101 1栏：四舍五入为 149.17，调整为 149.16（原数 1,491,650.00 元）" in lines
    assert _decision_errors(result.project) == _decision_errors(sample_project)
    assert not result.report.broken


def test_bad_cells_are_skipped_and_reported(tmp_path, sample_project):
    path = export_workbook(sample_project, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["表3"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2010301")
    sheet.cell(row, 3).value = "七百零五"
    sheet.cell(row, 4).value = "=C7*2"  # a formula saved without a computed value
    sheet.insert_rows(row + 1)
    sheet.cell(row + 1, 1).value = "2010301"
    sheet.cell(row + 1, 3).value = 1
    book["表1"].cell(40, 1).value = 12345  # a stray number below the table, on no row
    book.save(path)
    result = import_workbook(path)
    reasons = {(s.where.split("（")[0], s.reason) for s in result.report.skipped}
    assert (f"工作表“表3”C{row}", "“七百零五”不是金额：只能输入数字、小数点、千分位逗号和负号") in reasons
    assert any(w == f"工作表“表3”D{row}" and "公式" in r for w, r in reasons)
    assert any("重复" in r for _, r in reasons)
    assert result.project.value("表3", "2010301", "2") is None  # skipped, not guessed
    assert result.project.value("表3", "2010302", "2") == sample_project.value("表3", "2010302", "2")


def test_workbook_without_any_table_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "工资表"
    book.active["A2"] = 123
    book.save(tmp_path / "工资.xlsx")
    with pytest.raises(ExcelFileError, match="没有找到任何决算表"):
        import_workbook(tmp_path / "工资.xlsx")


def test_names_only_subject_rows_are_matched_through_the_catalog(tmp_path, sample_project):
    expected = sample_project.model_copy(deep=True)
    path = write_foreign(expected, tmp_path / "f.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["收入表"]
    blanked = 0
    for r in range(1, sheet.max_row + 1):
        if sheet.cell(r, 1).value in (2010301, 2080505):
            sheet.cell(r, 1).value = None  # the other tool left the code out; 科目名称 remains
            blanked += 1
    book.save(path)
    assert blanked == 2
    imported = import_workbook(path).project
    assert imported.tables["表2"] == expected.tables["表2"]


def test_identity_for_a_project_holding_only_some_tables(tmp_path):
    from juesuan.model import Project, TableData

    project = Project(unit={"name": "只有表3的单位"}, tables={"表3": TableData(
        subjects={"2010301": "行政运行"}, values={"2010301": {"1": Decimal("1.00")}, "合计": {"1": Decimal("1.00")}})})
    path = export_workbook(project, tmp_path / "partial.xlsx")
    result = import_workbook(path)
    assert result.project == project and list(result.project.tables) == ["表3"]
    assert not result.report.skipped  # the empty 表9 row and the notes below it are not mistaken for data
