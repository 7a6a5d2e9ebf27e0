"""工具 → 汇总… through the real dialog: three units' files and a 调整表 merged into a new unsaved project in the window,
its cells' provenance in the tooltip and in the 导出来源明细 workbook; refusals named; the blank 调整表 template."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import openpyxl
from helpers.windows import HETANG, JIANGHAN, copy_sample
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QApplication, QDialog, QToolTip

from juesuan import projectfile
from juesuan.desk.adjust import LAYOUT_COLUMNS, SHEET, AdjustLine, read_adjustments, write_adjustments
from juesuan.findings import Cell
from juesuan.model import Unit
from juesuan.money import format_amount
from juesuan.validation import rulebook

from .conftest import button, type_text

RECEPTION = Cell("表9", "1", "12")  # 公务接待费: only 江汉 has it (0.37), the 调整表 takes it out again
NAME = "三区政府办公室汇总"


CENTRE = "江汉区政务服务中心"


def unit_files(folder: Path) -> list[Path]:
    """江汉 as shipped, a second unit of the same 部门 with half its amounts (in a subfolder), and 荷塘 (自评 only)."""
    jianghan = copy_sample(folder, JIANGHAN)
    centre = projectfile.load(jianghan)
    centre.unit = Unit(name=CENTRE, level=centre.unit.level)
    for data in centre.tables.values():
        for columns in data.values.values():
            for key, value in columns.items():
                columns[key] = (value / 2).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    (folder / "下属").mkdir(parents=True)
    projectfile.save(centre, folder / "下属" / "政务服务中心.juesuan", backup=False)
    return [jianghan, copy_sample(folder, HETANG), folder / "下属" / "政务服务中心.juesuan"]


def raw_cells(path: Path) -> tuple[str, dict[tuple[str, str, str], Decimal]]:
    """A unit's name and 决算 cells straight from its file's JSON (independent of the model and the merge)."""
    content = json.loads(path.read_text(encoding="utf-8"))["content"]
    cells = {(t, r, c): Decimal(v) for t, data in content["tables"].items()
             for r, cols in data.get("values", {}).items() for c, v in cols.items()}
    return content["unit"]["name"], cells


def open_merge(window, qtbot):  # noqa: ANN001, ANN201
    window.findChild(QAction, "action-merge").trigger()
    dialog = window.findChild(QDialog, "dialog-汇总")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


def hover(qtbot, view, cell: Cell) -> str:  # noqa: ANN001
    """Rest the mouse on a cell: the view shows its tooltip as it would for a user."""
    index = view.model().index_of(cell)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    viewport = view.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, pos, viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def merge_three(window, answers, qtbot, tmp_path):  # noqa: ANN001, ANN201
    """The three units and a one-line 调整表 merged through the dialog; returns (dialog, unit files, 调整表)."""
    files = unit_files(tmp_path / "单位")
    adjust = write_adjustments(tmp_path / "调整表.xlsx", [AdjustLine(4, "其他", Decimal("0.37"), table="表9", row="1",
                                                                     column="12", note="重复计列的公务接待费")])
    dialog = open_merge(window, qtbot)
    answers.files = [str(p) for p in files[:2]]
    qtbot.mouseClick(button(dialog, "desk-add-files"), Qt.LeftButton)
    answers.folder = str(files[2].parent)
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    answers.adjust = str(adjust)
    qtbot.mouseClick(button(dialog, "desk-choose-adjust"), Qt.LeftButton)
    assert dialog.adjust.text() == str(adjust)
    qtbot.mouseClick(dialog.name, Qt.LeftButton)
    type_text(dialog.name, NAME)
    qtbot.mouseClick(button(dialog, "desk-merge"), Qt.LeftButton)
    return dialog, files, adjust


def test_merge_opens_the_summary_with_provenance(window, answers, qtbot, tmp_path):
    dialog, files, _adjust = merge_three(window, answers, qtbot, tmp_path)
    project = window.document.project
    assert project.merge is not None and project.unit.name == NAME
    assert window.document.path is None and window.isWindowModified() and "未命名" in window.windowTitle()

    # every cell of the 汇总 is the sum of the units' cells as their files hold them (the 调整表 cell less 0.37)
    units = [raw_cells(p) for p in files]
    sums: dict[tuple[str, str, str], Decimal] = {}
    for _name, cells in units:
        for key, value in cells.items():
            sums[key] = sums.get(key, Decimal(0)) + value
    sums[("表9", "1", "12")] -= Decimal("0.37")
    assert sums[("表9", "1", "12")] > 0  # both units gave to the cell
    assert {k: project.value(*k) for k in sums} == sums
    # the window checks the 汇总 like any project
    assert [f.rule for f in window.document.findings] == [f.rule for f in rulebook(project.layout).check(project)]

    report = dialog.report.toPlainText()
    assert all(name in report for name, _ in units)
    assert "调整表第4行 其他 0.37 万元" in report and "汇总的审核结果" in report

    # hovering a cell names each unit's amount (and the elimination)
    page = window.page("表9")
    window.tabs.setCurrentWidget(page)
    tip = hover(qtbot, page.view, RECEPTION)
    expected = ["来源："] + [f"{name}：{format_amount(cells[('表9', '1', '12')])}" for name, cells in units
                            if ("表9", "1", "12") in cells] + ["调整表第4行：-0.37"]
    assert tip.splitlines()[-len(expected):] == expected
    page1 = window.page("表1")
    window.tabs.setCurrentWidget(page1)
    key = max((k for k in sums if k[0] == "表1"), key=lambda k: sum(k in cells for _, cells in units))
    givers = [f"{name}：{format_amount(cells[key])}" for name, cells in units if key in cells]
    assert len(givers) >= 2
    tip = hover(qtbot, page1.view, Cell(*key))
    assert tip.splitlines()[-len(givers) - 1:] == ["来源：", *givers]

    # 工具 → 导出来源明细…: the 来源 sheet has one row per cell and source, the amounts as the files hold them
    action = window.findChild(QAction, "action-export-sources")
    assert action.isVisible()
    out = tmp_path / "来源明细.xlsx"
    answers.export = str(out)
    action.trigger()
    assert answers.texts("export_path")[-1].endswith(f"{NAME}-来源明细.xlsx")
    sheet = openpyxl.load_workbook(out)["来源"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_unit = {(r[0], r[1], r[2], r[5]): Decimal(str(r[6])) for r in rows}
    for name, cells in units:
        for (table, row, column), value in cells.items():
            assert by_unit[(table, row, column, name)] == value
    assert by_unit[("表9", "1", "12", "调整表第4行")] == Decimal("-0.37")


def test_normal_project_has_no_provenance(window, answers, qtbot, tmp_path):
    assert window.open_path(copy_sample(tmp_path, JIANGHAN))
    page = window.page("表9")
    window.tabs.setCurrentWidget(page)
    tip = page.model.index_of(RECEPTION).data(Qt.ToolTipRole)  # the sample's 情况说明 quotes this cell, wrongly
    assert tip is None or "来源" not in tip
    assert not window.findChild(QAction, "action-export-sources").isVisible()


def test_units_of_different_years_are_refused_by_name(window, answers, qtbot, tmp_path):
    files = unit_files(tmp_path / "单位")
    older = projectfile.load(files[1])
    older.year = 2021
    projectfile.save(older, files[1], backup=False)
    assert window.open_path(copy_sample(tmp_path / "当前", JIANGHAN))
    dialog = open_merge(window, qtbot)
    answers.folder = str(tmp_path / "单位")
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    qtbot.mouseClick(button(dialog, "desk-merge"), Qt.LeftButton)
    report = dialog.report.toPlainText()
    assert report.startswith("不能汇总：各单位的年度不同")
    names = [raw_cells(p)[0] for p in files]
    assert f"2021：{names[1]}" in report and names[0] in report and names[2] in report
    assert "当前窗口中的项目没有改变" in report
    assert window.document.path == tmp_path / "当前" / JIANGHAN and window.document.project.merge is None

    # the same unit twice is refused too, naming the unit and both files
    twin = copy_sample(tmp_path / "重复", JIANGHAN, as_name="江汉副本.juesuan")
    dialog.sources.list.clear()
    answers.files = [str(files[0]), str(twin)]
    qtbot.mouseClick(button(dialog, "desk-add-files"), Qt.LeftButton)
    qtbot.mouseClick(button(dialog, "desk-merge"), Qt.LeftButton)
    report = dialog.report.toPlainText()
    assert f"单位“{names[0]}”出现了两次" in report and "江汉副本.juesuan" in report


def test_blank_adjustment_template(window, answers, qtbot, tmp_path):
    dialog = open_merge(window, qtbot)
    qtbot.mouseClick(dialog.name, Qt.LeftButton)
    type_text(dialog.name, NAME)
    out = tmp_path / "空白调整表.xlsx"
    answers.export = str(out)
    qtbot.mouseClick(button(dialog, "desk-adjust-template"), Qt.LeftButton)
    assert read_adjustments(out) == []
    sheet = openpyxl.load_workbook(out)[SHEET]
    assert [c.value for c in sheet[3]] == list(LAYOUT_COLUMNS)
    assert NAME in sheet["A2"].value
    assert str(out) in dialog.report.toPlainText()
    # an unreadable 调整表 chosen for a merge is refused with its name, nothing opens
    bad = tmp_path / "坏的调整表.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    answers.files = [str(p) for p in unit_files(tmp_path / "单位")]
    qtbot.mouseClick(button(dialog, "desk-add-files"), Qt.LeftButton)
    dialog.adjust.clear()
    type_text(dialog.adjust, str(bad))
    qtbot.mouseClick(button(dialog, "desk-merge"), Qt.LeftButton)
    assert dialog.report.toPlainText().startswith("不能汇总：") and "坏的调整表.xlsx" in dialog.report.toPlainText()
    assert window.document.project.merge is None
