"""Provincial variants on the real path: a workbook written here with openpyxl in the two-column
三公 layout (items as rows, 预算数 | 决算数 as columns) is read onto 表9's 12 columns by `juesuan import`
and `juesuan check`; a workbook whose tables give not one amount is refused (exit 2), never a success."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pytest

from juesuan import projectfile
from juesuan.excel.export import export_workbook
from juesuan.excel.importer import import_workbook
from juesuan.excel.layout import META_SHEET
from juesuan.errors import JuesuanError

#: (label as printed in the two-column tables offices publish, 预算数 column key, 决算数 column key)
ITEMS = [("合计", "1", "7"), ("1.因公出国（境）费", "2", "8"), ("2.公务用车购置及运行维护费", "3", "9"),
         ("其中：（1）公务用车购置费", "4", "10"), ("（2）公务用车运行维护费", "5", "11"), ("3.公务接待费", "6", "12")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


def _sheet_of(book: openpyxl.Workbook, title_part: str):
    for sheet in book.worksheets:
        for row in sheet.iter_rows(max_row=3, values_only=True):
            if any(isinstance(v, str) and title_part in v for v in row):
                return sheet
    raise AssertionError(f"no sheet with {title_part}")


def _two_column_workbook(project, path, *, headings=("预算数", "决算数"), as_text=False):
    """Our export with its project-info sheet removed and 表9 rewritten in the two-column layout."""
    export_workbook(project, path)
    book = openpyxl.load_workbook(path)
    del book[META_SHEET]
    old = _sheet_of(book, "三公")
    index = book.worksheets.index(old)
    book.remove(old)
    sheet = book.create_sheet("三公经费", index)
    sheet["A1"] = "2022年度财政拨款“三公”经费支出决算表"
    sheet["A2"], sheet["C2"] = f"编制单位：{project.unit.name}", "金额单位：万元"
    sheet["A3"], sheet["B3"], sheet["C3"] = "项目", *headings
    values = project.tables["表9"].values.get("1", {})
    for offset, (label, budget, actual) in enumerate(ITEMS):
        sheet.cell(4 + offset, 1, label)
        for col, key in ((2, budget), (3, actual)):
            if key in values:
                sheet.cell(4 + offset, col, f"{values[key]:.2f}" if as_text else float(values[key]))
    sheet.cell(11, 1, "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。")
    book.save(path)
    return path


def test_the_two_column_sangong_layout_is_read_onto_table_9(tmp_path, sample_project):
    assert sample_project.tables["表9"].values["1"]  # the sample has 三公 figures to carry
    path = _two_column_workbook(sample_project, tmp_path / "两栏三公.xlsx")
    result = import_workbook(path)
    assert result.project.tables["表9"].values == sample_project.tables["表9"].values
    read = next(r for r in result.report.tables if r.template.id == "表9")
    assert "两栏" in read.columns_by and not result.report.skipped
    assert result.project.tables == sample_project.tables


def test_juesuan_import_and_check_read_the_two_column_layout(tmp_path, sample_project):
    path = _two_column_workbook(sample_project, tmp_path / "两栏三公.xlsx", as_text=True)
    out = tmp_path / "回读.juesuan"
    imported = run("import", str(path), str(out))
    assert imported.returncode == 0, imported.stderr
    assert any("表9" in line and "两栏" in line for line in imported.stdout.splitlines())
    assert projectfile.load(out).tables["表9"].values == sample_project.tables["表9"].values
    from_xlsx = run("check", str(path), "--json")
    from_project = run("check", str(out), "--json")
    assert from_xlsx.returncode in (0, 1) and from_xlsx.returncode == from_project.returncode
    assert json.loads(from_xlsx.stdout)["issues"] == json.loads(from_project.stdout)["issues"]


def test_a_two_column_sum_that_does_not_add_up_is_checked(tmp_path, sample_project):
    project = sample_project.model_copy(deep=True)
    project.tables["表9"].values["1"]["12"] = project.tables["表9"].values["1"].get("12", Decimal(0)) + Decimal("1.00")
    path = _two_column_workbook(project, tmp_path / "错.xlsx")
    checked = run("check", str(path), "--json")
    assert checked.returncode == 1
    table9 = [f for f in json.loads(checked.stdout)["issues"] if any(c["table"] == "表9" for c in f["cells"])]
    assert table9 and all({"rule", "severity", "cells", "message", "expected", "actual"} <= set(f) for f in table9)


def _unreadable(tmp_path, sample_project):
    """Only the 三公 table, in a two-column layout whose headings are not 预算数/决算数: nothing can be read."""
    path = _two_column_workbook(sample_project, tmp_path / "认不出.xlsx", headings=("年初安排", "实际列支"))
    book = openpyxl.load_workbook(path)
    for sheet in list(book.worksheets):
        if sheet.title != "三公经费":
            book.remove(sheet)
    book.save(path)
    return path


def test_an_import_that_reads_nothing_is_an_error(tmp_path, sample_project):
    path = _unreadable(tmp_path, sample_project)
    with pytest.raises(JuesuanError) as caught:
        import_workbook(path)
    assert "表9" in str(caught.value) and "一个数也没有读到" in str(caught.value)


@pytest.mark.parametrize("command", ["import", "check"])
def test_juesuan_exits_2_with_one_chinese_line_when_nothing_is_read(tmp_path, sample_project, command):
    path = _unreadable(tmp_path, sample_project)
    args = [command, str(path)] + ([str(tmp_path / "p.juesuan")] if command == "import" else [])
    result = run(*args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and "Traceback" not in result.stderr and len(lines) == 1, result.stderr
    assert "一个数也没有读到" in lines[0] and "认不出本表的栏目" in lines[0]
    assert not (tmp_path / "p.juesuan").exists() and not result.stdout.strip()
