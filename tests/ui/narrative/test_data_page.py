"""The 情况说明数据 tab through the real window: Decimal entry typed into the grid, bad entries refused in Chinese,
主要原因 typed into the generated text, every edit undoable; and a 说明 finding explained like any other."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from juesuan.narrative import figure_cell, generate
from juesuan.narrative.data import data_fields, data_value
from juesuan.ui.narrative.data_page import VALUE_COLUMN
from juesuan.ui.review.explanations import ExplanationAnswer
from juesuan.ui.review.user import store_user

from ..review.helpers import PREPARER, ReviewAnswers, type_text


def data_page(window):  # noqa: ANN001, ANN201
    page = window.narrative.data_page
    assert page.objectName() == "page-情况说明数据"
    window.tabs.setCurrentWidget(page)
    return page


def type_cell(qtbot, grid, row: int, column: int, text: str) -> None:  # noqa: ANN001
    """Select the cell, type (the first key opens the editor), commit with Enter."""
    grid.setFocus()
    grid.setCurrentCell(row, column)
    QTest.keyClick(grid, Qt.Key_F2)
    editors = [e for e in grid.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no cell editor is open"
    editor = editors[0]
    QTest.keyClick(editor, Qt.Key_A, Qt.ControlModifier)
    type_text(editor, text)
    QTest.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.EditingState, timeout=2000)  # the commit is queued


def test_fields_come_from_the_data_list_and_amounts_are_decimal(sample_window, qtbot):
    window = sample_window
    page = data_page(window)
    project = window.document.project
    assert [f.cell for f in page.fields] == [f.cell for f in data_fields(project)]
    field = next(f for f in page.fields if not f.is_count and f.group == "上年决算数")
    row = page.field_row(field.cell)
    old = data_value(project, field.cell)
    type_cell(qtbot, page.grid, row, VALUE_COLUMN, "1,234.5")
    assert data_value(project, field.cell) == Decimal("1234.5") and isinstance(data_value(project, field.cell), Decimal)
    assert page.value_text(field.cell) == "1,234.50"
    # a bad entry: refused with a Chinese reason, the value stays
    type_cell(qtbot, page.grid, row, VALUE_COLUMN, "12.345")
    assert data_value(project, field.cell) == Decimal("1234.5") and page.value_text(field.cell) == "1,234.50"
    assert "两位小数" in window.statusBar().currentMessage() and "已保留原值" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert data_value(project, field.cell) == old
    assert page.value_text(field.cell) == ("" if old is None else page._shown(field))  # noqa: SLF001


def test_a_count_must_be_whole_and_a_figure_is_read_by_the_text(sample_window, qtbot):
    window = sample_window
    page = data_page(window)
    project = window.document.project
    count = next(f for f in page.fields if f.is_count)
    row = page.field_row(count.cell)
    type_cell(qtbot, page.grid, row, VALUE_COLUMN, "2.5")
    assert "整数" in window.statusBar().currentMessage()
    type_cell(qtbot, page.grid, row, VALUE_COLUMN, "3")
    assert project.narrative.counts[count.cell.row] == 3 and page.value_text(count.cell) == "3"
    running = figure_cell("机关运行经费")
    type_cell(qtbot, page.grid, page.field_row(running), VALUE_COLUMN, "88.88")
    assert project.narrative.figures["机关运行经费"] == Decimal("88.88")
    assert "机关运行经费支出88.88万元" in generate(project).text()


def test_a_reason_is_typed_into_the_generated_text_and_undone(sample_window, qtbot):
    window = sample_window
    page = data_page(window)
    project = window.document.project
    row = next(i for i, r in enumerate(page.reasons) if r.key == "sangong")
    before = project.narrative.reasons.get("sangong", "")
    type_cell(qtbot, page.reason_grid, row, 1, "公务用车维修费增加")
    assert project.narrative.reasons["sangong"] == "公务用车维修费增加"
    window.tabs.setCurrentWidget(window.narrative.text_page)  # shown: generated again from the data
    assert "主要原因是公务用车维修费增加" in window.narrative.text_page.generated.toPlainText()
    window.undo_stack.undo()
    assert project.narrative.reasons.get("sangong", "") == before
    assert page.reason_grid.item(row, 1).text() == before


def test_read_only_in_review_mode(sample_window):
    page = data_page(sample_window)
    sample_window.document.set_read_only("审核模式下不能修改数据")
    assert page.grid.editTriggers() == QAbstractItemView.NoEditTriggers
    sample_window.document.set_read_only("")
    assert page.grid.editTriggers() != QAbstractItemView.NoEditTriggers


def test_a_narrative_warning_gets_an_explanation_like_any_other(qtbot, tmp_path):
    from helpers.windows import copy_sample, nothing_to_ask, show_window
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    store_user(settings, PREPARER)
    answers = ReviewAnswers()
    window = show_window(qtbot, answers, settings)
    try:
        assert window.open_path(copy_sample(tmp_path / "copy"))
        warning = next(f for f in window.document.findings if f.span is not None and f.severity == "warning")
        [write] = [a for a in window.issues.context_actions(warning) if a.objectName() == "review-explanation"]
        answers.explanation_answer = ExplanationAnswer("explain", "此数为项目明细，表中无对应行。")
        write.trigger()
        assert answers.explanation_info.location.startswith("说明 第")
        row = window.issues.model.rows.index(warning)
        assert window.issues.model.index(row, 4).data() == "待审核"
        assert window.document.project.review.explanations[0].text == "此数为项目明细，表中无对应行。"
    finally:
        nothing_to_ask(window)


def test_a_budget_equal_to_the_spending_drops_its_reason_row(sample_window, qtbot):
    window = sample_window
    page = data_page(window)
    project = window.document.project
    key = next(r.key for r in page.reasons if r.key.startswith("budget:"))
    code = key.removeprefix("budget:")
    field = next(f for f in page.fields if f.cell.table == "年初预算数/表5" and f.cell.row == code)
    spent = project.value("表5", code, field.cell.column)
    assert spent is not None and spent != data_value(project, field.cell)
    type_cell(qtbot, page.grid, page.field_row(field.cell), VALUE_COLUMN, f"{spent:f}")
    assert key not in [r.key for r in page.reasons]
    assert page.reason_grid.rowCount() == len(page.reasons)
    window.undo_stack.undo()
    assert key in [r.key for r in page.reasons]
