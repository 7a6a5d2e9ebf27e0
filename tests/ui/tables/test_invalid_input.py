"""Acceptance: `abc` is refused in place with the reason shown, and the old value stays."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from juesuan.findings import Cell

from ..helpers import editor, goto

CELL = Cell("表3", "2010301", "2")


def test_abc_is_refused_editor_stays_open_and_reason_is_shown(sample_window, qtbot):
    view = sample_window.page("表3").view
    model = view.model()
    steps = sample_window.undo_stack.count()
    goto(view, CELL)
    QTest.keyClicks(view, "abc")
    QTest.keyClick(editor(view), Qt.Key_Return)
    still = view.active_editor()
    assert still is not None and still.text() == "abc"  # the editor stays open with the input
    assert "border" in still.styleSheet()
    reason = sample_window.statusBar().currentMessage()
    assert "“abc”不是金额" in reason
    assert QToolTip.isVisible() and "不是金额" in QToolTip.text()
    assert model.data(model.index_of(CELL), Qt.EditRole) == Decimal("705.74")
    assert sample_window.undo_stack.count() == steps
    # correcting the text commits normally
    still.selectAll()
    QTest.keyClicks(still, "1,234.5")
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        QTest.keyClick(still, Qt.Key_Return)
    assert model.data(model.index_of(CELL), Qt.EditRole) == Decimal("1234.5")
    assert model.data(model.index_of(CELL), Qt.DisplayRole) == "1,234.50"


def test_leaving_the_cell_with_bad_text_keeps_the_old_value(sample_window, qtbot):
    view = sample_window.page("表3").view
    model = view.model()
    goto(view, CELL)
    QTest.keyClicks(view, "12.345")
    view.setCurrentIndex(model.index_of(Cell("表3", "2010302", "2")))  # moving away closes the editor
    assert view.active_editor() is None
    assert model.data(model.index_of(CELL), Qt.EditRole) == Decimal("705.74")
    assert "超过2位小数" in sample_window.statusBar().currentMessage()


def test_model_refuses_text_that_is_not_an_amount(sample_window, qtbot):
    model = sample_window.page("表3").model
    index = model.index_of(CELL)
    with qtbot.waitSignal(model.inputRejected, timeout=1000) as blocker:
        assert model.setData(index, "abc") is False
    assert "不是金额" in blocker.args[0]
    assert model.setData(index, "１２３．４") is True
    assert index.data(Qt.EditRole) == Decimal("123.4")
    label = model.index(1, 0)
    assert not model.flags(label) & Qt.ItemIsEditable and model.setData(label, "1") is False
