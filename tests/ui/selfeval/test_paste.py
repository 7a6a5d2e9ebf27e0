"""Acceptance: a block copied from Excel/Word pastes into the indicator grid as one undo step."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from juesuan.findings import Cell

from .helpers import form_view, goto, value

HIRED = "自评-项目-聘用人员工作经费2022"


def paste(qtbot, view, cell: Cell, text: str) -> None:  # noqa: ANN001
    goto(view, cell)
    QGuiApplication.clipboard().setText(text)
    QTest.keyClick(view, Qt.Key_V, Qt.ControlModifier)


def indicators(window, table: str) -> list:  # noqa: ANN001
    return [ind.model_copy() for _, _, ind in window.document.core.selfeval_form(table).indicators]


def test_paste_block_into_indicators_adds_rows_and_undoes_in_one_step(jianghan, qtbot):
    view = form_view(jianghan, HIRED)
    model = view.model()
    before = indicators(jianghan, HIRED)
    assert len(before) == 6
    steps = jianghan.undo_stack.count()
    block = ("指标1：工作保障程度\t保障\t基本保障\t10\t8\r\n"
             "指标1：对聘用人员满意度\t≥85%\t90%\t10\t10\r\n"
             "指标2：培训人次\t≥20人次\t24人次\t5\t5\r\n")
    paste(qtbot, view, Cell(HIRED, "指标1：工作保障程度", "三级指标"), block)

    assert jianghan.undo_stack.count() == steps + 1  # one step, rows added included
    after = jianghan.document.core.selfeval_form(HIRED).goals[0].indicators
    assert len(after) == 7
    assert (after[4].actual, after[4].points, after[4].score) == ("基本保障", Decimal(10), Decimal(8))
    assert (after[6].level1, after[6].level2) == ("满意度指标", "满意度指标")  # a new row takes the row above's levels
    assert (after[6].level3, after[6].target, after[6].actual, after[6].points) == ("指标2：培训人次", "≥20人次", "24人次", Decimal(5))
    assert value(view, Cell(HIRED, "指标2：培训人次", "得分")) == Decimal(5)
    assert value(view, Cell(HIRED, "指标2：培训人次", "建议得分")) == Decimal(5)  # 正向 5 × 24 / 20, capped
    # the pasted block is selected, and the 得分 now below its 分值 asks for a reason (the form has one: no warning)
    assert view.selectionModel().isSelected(model.index_of(Cell(HIRED, "指标2：培训人次", "得分")))

    jianghan.undo_stack.undo()
    assert indicators(jianghan, HIRED) == before
    assert model.index_of(Cell(HIRED, "指标2：培训人次", "得分")).isValid() is False
    jianghan.undo_stack.redo()
    assert len(jianghan.document.core.selfeval_form(HIRED).goals[0].indicators) == 7


def test_paste_reports_what_is_not_a_number_and_keeps_the_rest(hetang, answers, qtbot):
    table = "自评-整体"
    view = form_view(hetang, table)
    steps = hetang.undo_stack.count()
    paste(qtbot, view, Cell(table, "合计", "年初预算数"), "600.00\t\"4,199.36\"\t七百\r\n")
    assert value(view, Cell(table, "合计", "年初预算数")) == Decimal("600.00")
    assert value(view, Cell(table, "合计", "全年预算数")) == Decimal("4199.36")
    assert value(view, Cell(table, "合计", "全年执行数")) == Decimal("737.26")  # “七百” refused, value kept
    assert hetang.undo_stack.count() == steps + 1
    assert answers.kinds()[-1] == "notice" and "全年执行数" in answers.asked[-1][1]
    hetang.undo_stack.undo()
    assert value(view, Cell(table, "合计", "年初预算数")) == Decimal("582.71")
    assert value(view, Cell(table, "合计", "全年预算数")) == Decimal("737.26")


def test_copy_then_paste_round_trips_indicator_rows(hetang, qtbot):
    table = "自评-项目-政府招商督查会议专项经费"
    view = form_view(hetang, table)
    model = view.model()
    first = model.index_of(Cell(table, "缩减经费", "一级指标"))
    last = model.index_of(Cell(table, "优质接待", "偏差原因分析及改进措施"))
    view.setCurrentIndex(first)
    view.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)
    QTest.keyClick(view, Qt.Key_C, Qt.ControlModifier)
    text = QGuiApplication.clipboard().text()
    rows = [line.split("\t") for line in text.split("\r\n") if line]
    assert rows[0][:5] == ["产出指标", "数量", "缩减经费", "10%", "10%"]
    assert rows[1][:3] == ["产出指标", "质量指标", "优质接待"]  # merged cells copy their value on every row
    assert rows[0][8].startswith("年中追加")
    # 三级 to 偏差原因 of two rows, pasted two rows further down: they land on 优质会务 and 落实上级
    first = model.index_of(Cell(table, "缩减经费", "三级指标"))
    view.setCurrentIndex(first)
    view.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)
    QTest.keyClick(view, Qt.Key_C, Qt.ControlModifier)
    steps = hetang.undo_stack.count()
    goto(view, Cell(table, "优质会务", "三级指标"))
    QTest.keyClick(view, Qt.Key_V, Qt.ControlModifier)
    assert hetang.undo_stack.count() == steps + 1
    form = hetang.document.core.selfeval_form(table)
    moved = form.goals[0].indicators[2:4]
    assert [m.level3 for m in moved] == ["缩减经费", "优质接待"]
    assert moved[0].deviation.startswith("年中追加") and moved[0].points == Decimal(10)


def test_one_value_fills_every_selected_cell_and_the_edit_menu_pastes_too(hetang, qtbot):
    table = "自评-项目-政府招商督查会议专项经费"
    view = form_view(hetang, table)
    model = view.model()
    first = model.index_of(Cell(table, "缩减经费", "分值"))
    last = model.index_of(Cell(table, "落实上级", "分值"))
    view.setCurrentIndex(first)
    view.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)
    QGuiApplication.clipboard().setText("8")
    steps = hetang.undo_stack.count()
    edit_menu = next(a.menu() for a in hetang.menuBar().actions() if a.text().startswith("编辑"))
    paste_action = next(a for a in edit_menu.actions() if a.text().startswith("粘贴"))
    paste_action.trigger()
    points = [i.points for i in hetang.document.core.selfeval_form(table).goals[0].indicators[:4]]
    assert points == [Decimal(8)] * 4
    assert hetang.undo_stack.count() == steps + 1
    hetang.undo_stack.undo()
    assert [i.points for i in hetang.document.core.selfeval_form(table).goals[0].indicators[:4]] == \
        [Decimal(10), Decimal(10), None, Decimal(10)]
