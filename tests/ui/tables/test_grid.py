"""The printed layouts as grids: merged header cells, blocks side by side, rows aligned as printed."""

from __future__ import annotations

from juesuan.findings import Cell
from juesuan.templates import load_layout
from juesuan.ui.tables.grid import Grid, HeaderNode

LAYOUT = load_layout("2022")


def nodes(table: str) -> list[tuple[str, int, int, int, int]]:
    return [(n.text, n.first, n.last, n.top, n.bottom) for n in Grid(LAYOUT[table]).header_nodes()]


def test_table4_spending_header_as_printed():
    found = nodes("表4")
    # 收入 over 项目|行次|决算数, 支出 over the rest; 决算数 over its four columns; the 栏次 line
    assert ("收入", 0, 2, 0, 0) in found and ("支出", 3, 8, 0, 0) in found
    assert ("决算数", 5, 8, 1, 1) in found
    assert [t for t, f, l, top, b in found if top == 2 and not t.isdigit() and t != "栏次"] == [
        "小计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    assert ("项目", 0, 0, 1, 2) in found and ("行次", 1, 1, 1, 2) in found  # spanning down
    assert [t for t, f, l, top, b in found if top == 3] == ["栏次", "1", "栏次", "2", "3", "4", "5"]


def test_table9_two_level_groups():
    found = nodes("表9")
    assert ("预算数", 0, 5, 0, 0) in found and ("决算数", 6, 11, 0, 0) in found
    assert ("公务用车购置及运行维护费", 2, 4, 1, 1) in found and ("公务用车购置及运行维护费", 8, 10, 1, 1) in found
    assert ("合计", 0, 0, 1, 2) in found and ("公务接待费", 5, 5, 1, 2) in found
    assert ("小计", 2, 2, 2, 2) in found and ("公务用车运行维护费", 10, 10, 2, 2) in found
    assert [t for t, f, l, top, b in found if top == 3] == [str(n) for n in range(1, 13)]


def test_table6_three_blocks_merged_heading_and_totals_on_the_last_line():
    grid = Grid(LAYOUT["表6"])
    found = nodes("表6")
    assert ("人员经费", 0, 2, 0, 0) in found and ("公用经费", 3, 8, 0, 0) in found
    assert not any(top == 2 for _, _, _, top, _ in found)  # 表6 prints no 栏次 line
    last = grid.row_count - 1
    assert grid.slot(last, 0).row_key == "人员经费合计" and grid.slot(last, 3).row_key == "公用经费合计"
    assert grid.slot(0, 6).row_key == "310" and grid.slot(9, 6).kind == "none"
    assert grid.position(Cell("表6", "31013", "1")) == (4, 8)


def test_table1_blocks_side_by_side_and_subject_tables_track_rows():
    grid = Grid(LAYOUT["表1"])
    assert [c.label for c in grid.columns] == ["项目", "行次", "决算数", "项目", "行次", "决算数"]
    assert grid.slot(26, 2).cell("表1") == Cell("表1", "27", "1")
    assert grid.slot(26, 5).cell("表1") == Cell("表1", "58", "2")
    assert grid.slot(8, 2).cell("表1") is None  # a blank printed row takes no amount
    assert grid.frozen == 2
    subject = Grid(LAYOUT["表5"])
    subject.set_rows(["201", "20103", "2010301"])
    assert subject.rows == ["合计", "201", "20103", "2010301"]
    assert subject.position(Cell("表5", "20103", "3")) == (2, 4)
    assert subject.position(Cell("表5", "20103", "科目名称")) == (2, 1)
    assert ("本年支出", 2, 4, 0, 0) in [(n.text, n.first, n.last, n.top, n.bottom) for n in subject.header_nodes()]
    assert HeaderNode("项目", 0, 1, 0, 0) in subject.header_nodes()
