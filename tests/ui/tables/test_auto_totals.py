"""Totals follow their parts as the user types (real key events): the leaf edit of issue 13 (表3 2010301 2栏 → 700)
updates every total in 表3 and 表1 as one undo step, drawn in the computed style; a typed total is marked manual."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from juesuan.findings import Cell
from juesuan.ui.tables.model import COMPUTED_BACKGROUND, TotalModeRole

from ..helpers import type_into

LEAF = Cell("表3", "2010301", "2")
ABOVE = [Cell("表3", "2010301", "1"), Cell("表3", "20103", "2"), Cell("表3", "20103", "1"), Cell("表3", "201", "2"),
         Cell("表3", "201", "1"), Cell("表3", "合计", "2"), Cell("表3", "合计", "1"), Cell("表1", "32", "2"),
         Cell("表1", "58", "2"), Cell("表1", "62", "2")]


def new_window(window, answers):  # noqa: ANN001, ANN201
    """A project made through 文件 → 新建 (the information answered), with two 项 in 表3."""
    assert window.files.new()
    assert ("project_info", "新建项目") in answers.asked
    window.document.add_subject("表3", "2010301")
    window.document.add_subject("表3", "2010302")
    window.document.undo_stack.clear()
    return window


def test_the_leaf_edit_of_the_issue_updates_every_total_with_one_undo_step(window, answers, qtbot, artifacts):
    new_window(window, answers)
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    assert page.view.objectName() == "view-表3"
    document = window.document
    type_into(qtbot, page.view, LEAF, "700")
    assert {c: document.value(c) for c in ABOVE} == {c: Decimal("700") for c in ABOVE}
    assert document.undo_stack.count() == 1
    # the only error left is the real one: expenditure 700 without income (表1 收支平衡)
    assert [f.rule for f in document.findings if f.severity == "error"] == ["T1-BAL"]
    total = page.model.index_of(Cell("表3", "合计", "1"))
    assert total.data(TotalModeRole) == "computed"
    assert total.data(Qt.BackgroundRole) == COMPUTED_BACKGROUND and "自动计算" in total.data(Qt.ToolTipRole)
    assert page.model.index_of(LEAF).data(TotalModeRole) is None
    line58 = window.page("表1").model.index_of(Cell("表1", "58", "2"))
    assert line58.data(Qt.DisplayRole) == "700.00" and line58.data(TotalModeRole) == "computed"
    for size, name in (((1366, 768), "auto-totals-1366x768.png"), ((1093, 614), "auto-totals-1093x614.png")):
        window.resize(*size)
        qtbot.wait(50)
        window.grab().save(str(artifacts / name))
    document.undo_stack.undo()
    assert all(document.value(c) is None for c in [LEAF, *ABOVE])
    document.undo_stack.redo()
    assert all(document.value(c) == Decimal("700") for c in [LEAF, *ABOVE])


def test_typing_into_a_total_makes_it_manual_and_clearing_makes_it_follow_again(window, answers, qtbot):
    new_window(window, answers)
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    document = window.document
    type_into(qtbot, page.view, LEAF, "700")
    klass = Cell("表3", "201", "2")
    type_into(qtbot, page.view, klass, "650")
    index = page.model.index_of(klass)
    assert index.data(TotalModeRole) == "manual" and "手工填写的合计" in index.data(Qt.ToolTipRole)
    assert index.data(Qt.FontRole).italic()
    assert any(f.rule == "T3-TREE" and f.primary == klass for f in document.findings)  # still checked
    assert document.value(Cell("表3", "合计", "2")) == Decimal("650")
    actions = {a.objectName(): a for a in page.view.context_actions(index)}
    actions["use-computed"].trigger()  # 采用计算值: back to following its parts
    assert document.value(klass) == Decimal("700") and index.data(TotalModeRole) == "computed"
    document.undo_stack.undo()
    assert document.value(klass) == Decimal("650") and index.data(TotalModeRole) == "manual"
    document.undo_stack.undo()
    assert document.value(klass) == Decimal("700") and index.data(TotalModeRole) == "computed"


def test_use_computed_is_not_offered_on_a_total_without_filled_parts(window, answers):
    new_window(window, answers)
    page = window.page("表3")
    names = {a.objectName() for a in page.view.context_actions(page.model.index_of(Cell("表3", "合计", "1")))}
    assert "use-computed" not in names


def test_adopt_all_computed_on_the_sample_is_one_undo_step(sample_window, qtbot):
    window = sample_window
    document = window.document
    assert document.project.totals.printed
    errors_before = [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE")]
    page = window.page("表3")
    type_into(qtbot, page.view, LEAF, "700")  # printed totals: nothing follows, the error shows
    assert any(f.primary == Cell("表3", "2010301", "1") for f in document.findings)
    typed = [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE")]
    assert len(typed) > len(errors_before)
    steps = document.undo_stack.count()
    window.findChild(QAction, "action-adopt-computed").trigger()
    assert document.undo_stack.count() == steps + 1
    assert not [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE")]
    assert document.value(Cell("表3", "2010301", "1")) == Decimal("700") + (document.value(Cell("表3", "2010301", "3")) or 0)
    assert "合计从此自动计算" in window.statusBar().currentMessage()
    document.undo_stack.undo()
    assert document.project.totals.printed
    assert [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE")] == typed
