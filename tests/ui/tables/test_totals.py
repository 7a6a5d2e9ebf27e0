"""Total help: 采用计算值 on a disagreeing total, and 填充空白合计 as one undo step."""

from __future__ import annotations

from decimal import Decimal

from juesuan.document import new_project
from juesuan.findings import Cell
from juesuan.ui.tables.model import TotalRole

from ..helpers import type_into


def test_use_computed_value_from_the_context_menu(sample_window, qtbot):
    page = sample_window.page("表3")
    total = Cell("表3", "2010301", "1")
    type_into(qtbot, page.view, total, "700")
    index = page.model.index_of(total)
    assert index.data(TotalRole) is True
    actions = {a.text(): a for a in page.view.context_actions(index)}
    use = actions["采用计算值（= 705.74）"]
    assert use.isEnabled()
    assert "计算值：705.74" in index.data(0x0003)  # ToolTipRole offers it too
    use.trigger()
    assert sample_window.document.value(total) == Decimal("705.74")
    assert not [f for f in sample_window.document.findings if f.primary == total]
    again = {a.text(): a for a in page.view.context_actions(index)}
    assert not again["采用计算值（= 705.74）"].isEnabled()  # nothing to adopt any more
    assert {"复制", "粘贴", "清除内容", "添加科目…", "删除科目"} <= set(again)


def test_fill_empty_totals_is_one_undo_step(window, qtbot):
    project = new_project("测试单位")
    project.totals.printed = True  # as imported from a workbook: totals stay as printed (here empty) until filled
    window.document.load(project)
    document = window.document
    document.add_subject("表3", "2010301")
    document.set_cells([(Cell("表3", "2010301", "2"), Decimal("700")), (Cell("表3", "2010301", "3"), Decimal("5.74"))])
    document.set_cells([(Cell("表6", "30101", "1"), Decimal("1.5")), (Cell("表6", "30102", "1"), Decimal("2"))])
    steps = document.undo_stack.count()
    action = window.findChild(type(window.menuBar().actions()[0]), "action-fill-totals")
    action.trigger()
    assert document.value(Cell("表3", "2010301", "1")) == Decimal("705.74")
    assert document.value(Cell("表3", "20103", "1")) == Decimal("705.74")
    assert document.value(Cell("表3", "合计", "2")) == Decimal("700")
    assert document.value(Cell("表6", "301", "1")) == Decimal("3.5")
    assert document.value(Cell("表6", "人员经费合计", "1")) == Decimal("3.5")
    assert not [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE", "T6-GROUP", "T6-PERSONNEL")]
    assert document.undo_stack.count() == steps + 1
    assert "已填充" in window.statusBar().currentMessage()
    document.undo_stack.undo()
    assert document.value(Cell("表3", "2010301", "1")) is None
    assert document.value(Cell("表6", "301", "1")) is None
    assert document.value(Cell("表3", "2010301", "2")) == Decimal("700")
