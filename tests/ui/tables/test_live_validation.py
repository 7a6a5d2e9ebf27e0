"""Acceptance: a wrong value typed into 表3 is marked, with its totals, and listed as soon as it is committed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan.findings import Cell
from juesuan.ui.issues.panel import FindingRole
from juesuan.ui.tables.model import PrimaryRole, SeverityRole

from ..helpers import editor, goto, type_into

ROW = Cell("表3", "2010301", "2")


def panel_findings(window):  # noqa: ANN001, ANN201
    view = window.findChild(type(window.issues.view), "issues-panel")
    model = view.model()
    return [model.index(r, 0).data(FindingRole) for r in range(model.rowCount())]


def test_wrong_value_marks_row_and_totals_then_right_value_clears(sample_window, qtbot):
    window = sample_window
    view = window.findChild(type(window.page("表3").view), "view-表3")
    model = view.model()
    original = model.data(model.index_of(ROW), Qt.EditRole)
    assert original == Decimal("705.74")
    before = set(panel_findings(window))
    counts_before = window.counts.text()

    type_into(qtbot, view, ROW, "700.00")
    # no waiting past the commit's dataChanged: marks and panel must already be current
    assert model.data(model.index_of(ROW), Qt.EditRole) == Decimal("700.00")
    row_total = model.index_of(Cell("表3", "2010301", "1"))
    parent_total = model.index_of(Cell("表3", "20103", "2"))
    for index in (row_total, parent_total):
        assert index.data(SeverityRole) == "error"
        assert index.data(PrimaryRole) is True
        assert index.data(Qt.DecorationRole) is not None  # the icon, not only a colour
        assert "705.74" in index.data(Qt.ToolTipRole) or "700.00" in index.data(Qt.ToolTipRole)
    assert "应为" in row_total.data(Qt.ToolTipRole)
    added = [f for f in panel_findings(window) if f not in before]
    rules = {(f.rule, f.primary) for f in added}
    assert ("T3-ROW", Cell("表3", "2010301", "1")) in rules
    assert ("T3-TREE", Cell("表3", "20103", "2")) in rules
    now = panel_findings(window)
    errors, warnings, tails = (sum(1 for f in now if f.severity == s) for s in ("error", "warning", "tail"))
    assert errors >= 3 and window.counts.text() == f"错误 {errors} · 提示 {warnings} · 尾数差 {tails}"

    type_into(qtbot, view, ROW, "705.74")
    assert model.data(model.index_of(ROW), Qt.EditRole) == Decimal("705.74")
    assert row_total.data(SeverityRole) is None
    assert parent_total.data(SeverityRole) is None
    assert set(panel_findings(window)) == before
    assert window.counts.text() == counts_before


def test_enter_moves_down_and_tab_moves_right(sample_window, qtbot):
    view = sample_window.page("表3").view
    model = view.model()
    type_into(qtbot, view, Cell("表3", "2010302", "4"), "1")
    assert model.cell_at(view.currentIndex()) == Cell("表3", "2010399", "4")
    type_into(qtbot, view, Cell("表3", "2010302", "5"), "2", key=Qt.Key_Tab)
    assert model.cell_at(view.currentIndex()) == Cell("表3", "2010302", "6")
    # without an editor, Enter and Tab move too
    QTest.keyClick(view, Qt.Key_Return)
    assert model.cell_at(view.currentIndex()) == Cell("表3", "2010399", "6")
    QTest.keyClick(view, Qt.Key_Backtab, Qt.ShiftModifier)
    assert model.cell_at(view.currentIndex()) == Cell("表3", "2010399", "5")


def test_typing_replaces_and_f2_edits_in_place(sample_window, qtbot):
    view = sample_window.page("表3").view
    model = view.model()
    goto(view, ROW)
    QTest.keyClick(view, Qt.Key_9)
    assert editor(view).text() == "9"  # typing starts a fresh value
    QTest.keyClick(editor(view), Qt.Key_Escape)
    assert model.data(model.index_of(ROW), Qt.EditRole) == Decimal("705.74")
    goto(view, ROW)
    QTest.keyClick(view, Qt.Key_F2)
    assert editor(view).text() == "705.74"  # F2 keeps the value to change it
    QTest.keyClick(editor(view), Qt.Key_End)
    QTest.keyClick(editor(view), Qt.Key_Backspace)
    QTest.keyClicks(editor(view), "9")
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        QTest.keyClick(editor(view), Qt.Key_Return)
    assert model.data(model.index_of(ROW), Qt.EditRole) == Decimal("705.79")
    assert model.data(model.index_of(ROW), Qt.DisplayRole) == "705.79"
    assert model.data(model.index_of(ROW), Qt.TextAlignmentRole) & Qt.AlignRight
