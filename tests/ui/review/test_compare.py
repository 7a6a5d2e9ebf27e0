"""比较文件: two versions differing in 5 known cells, one added row and one comment are listed exactly, with jump-to and
an .xlsx export read back."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from juesuan import projectfile
from juesuan.findings import Cell
from juesuan.money import format_amount

from .helpers import PREPARER, REVIEWER, action_named, cell_actions, type_into

#: five cells in four tables, each typed with a new value
CHANGES = [(Cell("表1", "4", "1"), "12.34"), (Cell("表3", "2010301", "2"), "706.74"), (Cell("表5", "2010302", "3"), "1.00"),
           (Cell("表6", "30217", "1"), "0.20"), (Cell("表9", "1", "12"), "0.40")]
ADDED = ("表3", "2080506", "机关事业单位职业年金缴费支出")
ADDED_VALUE = Cell("表3", "2080506", "2")
COMMENT = "职业年金缴费支出为什么新增？"


def shown(value: Decimal | None) -> str:
    return "空" if value is None else format_amount(value)


def second_version(make_window, seed_file, qtbot, tmp_path):  # noqa: ANN001, ANN201
    """Version 2 made through the window: 5 typed values, one added subject row with a value, one comment."""
    window, answers = make_window(PREPARER, "prep")
    assert window.open_path(seed_file)
    for cell, text in CHANGES:
        page = window.page(cell.table)
        window.tabs.setCurrentWidget(page)
        type_into(qtbot, page.view, cell, text)
    table, code, name = ADDED
    answers.subject = (code, name)
    page = window.page(table)
    window.tabs.setCurrentWidget(page)
    assert page.add_subject() == [code]  # its 类 and 款 exist: exactly one new row
    type_into(qtbot, page.view, ADDED_VALUE, "3.21")
    answers.texts = [COMMENT]
    action_named(cell_actions(window, ADDED_VALUE), "review-add-comment").trigger()
    target = tmp_path / "江汉区-2022-第二版.juesuan"
    answers.save_path_answer = str(target)
    window.findChild(QAction, "action-save-as").trigger()
    assert target.exists()
    window.close()
    return target


def test_compare_lists_every_change_exactly_jumps_and_exports(make_window, seed_file, qtbot, tmp_path, artifacts):
    v2 = second_version(make_window, seed_file, qtbot, tmp_path)
    old = projectfile.load(seed_file)
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(v2)
    answers.project_path_answer = str(seed_file)
    window.review.actions["compare"].trigger()
    dock = window.review.compare_dock
    assert dock.isVisible()
    listed = dock.listed()
    expected = [("数值", label, shown(old.value(c.table, c.row, c.column)), format_amount(Decimal(text)))
                for (c, text), label in zip(CHANGES, ("表1 第4行（四、上级补助收入）", "表3 2010301 行政运行 2栏",
                                                      "表5 2010302 一般行政管理事务 3栏", "表6 30217 公务接待费",
                                                      "表9 12栏"))]
    expected.append(("新增行", "表3 2080506 机关事业单位职业年金缴费支出", "（无此行）", "机关事业单位职业年金缴费支出（2栏 3.21）"))
    expected.append(("新增批注", "表3 2080506 机关事业单位职业年金缴费支出 2栏", "（无）", COMMENT))
    assert sorted(listed) == sorted(expected)
    assert len(listed) == 7
    assert dock.heading.text() == f"当前文件与 {seed_file.name} 比较：共 7 处不同（双击定位）"
    qtbot.wait(100)
    assert window.grab().save(str(artifacts / "review-compare.png"))

    # double-click a difference: its table and cell are shown
    row = next(r for r, item in enumerate(listed) if item[1] == "表5 2010302 一般行政管理事务 3栏")
    dock.table.scrollToItem(dock.table.item(row, 1))
    rect = dock.table.visualItemRect(dock.table.item(row, 1))
    QTest.mouseClick(dock.table.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(dock.table.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    page5 = window.page("表5")
    assert window.tabs.currentWidget() is page5
    assert page5.model.cell_at(page5.view.currentIndex()) == Cell("表5", "2010302", "3")
    # the comment's row jumps to the commented cell
    row = next(r for r, item in enumerate(listed) if item[0] == "新增批注")
    dock.table.setCurrentCell(row, 0)
    QTest.mouseClick(dock.jump, Qt.LeftButton)
    page3 = window.page("表3")
    assert window.tabs.currentWidget() is page3 and page3.model.cell_at(page3.view.currentIndex()) == ADDED_VALUE

    # export: the same rows, read back from the workbook
    out = tmp_path / "比较结果.xlsx"
    answers.export_path_answer = str(out)
    QTest.mouseClick(dock.export, Qt.LeftButton)
    sheet = openpyxl.load_workbook(out, read_only=True)["比较结果"]
    rows = [tuple("" if v is None else str(v) for v in r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("序号", "类别", "位置", f"比较文件中（{seed_file.name}）", f"当前文件中（{v2.name}）")
    assert [r[1:] for r in rows[1:]] == listed and [r[0] for r in rows[1:]] == [str(n) for n in range(1, 8)]

    # the list follows the current project: the reviewer's own new comment is one more difference
    answers.texts = ["请说明新增原因"]
    action_named(cell_actions(window, Cell("表1", "4", "1")), "review-add-comment").trigger()
    assert len(dock.listed()) == 8 and dock.listed()[-1][:2] == ("新增批注", "表1 第4行（四、上级补助收入）")


def test_identical_files_compare_as_identical(make_window, seed_file, tmp_path):
    copy = tmp_path / "副本.juesuan"
    copy.write_bytes(seed_file.read_bytes())
    window, _answers = make_window(REVIEWER, "rev")
    assert window.open_path(seed_file)
    assert window.review.compare_with(copy)
    assert window.review.compare_dock.listed() == []
    assert window.review.compare_dock.heading.text() == f"当前文件与 {copy.name} 比较：完全相同"


def test_an_unreadable_file_is_refused_in_chinese(make_window, seed_file, tmp_path):
    bad = tmp_path / "坏文件.juesuan"
    bad.write_bytes(b"\x00not a project")
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_path(seed_file)
    assert window.review.compare_with(bad) is False
    assert answers.kinds()[-1] == "error" and answers.errors()[-1]
    assert window.review.compare_dock is None or not window.review.compare_dock.isVisible()
