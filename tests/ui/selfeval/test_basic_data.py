"""The 基础数据表 page of the 荷塘区 sample (seed 002 附件1-1): listed after the forms, its two printed mismatches
marked, an amount typed with four decimals through the view, refused with five, and undone."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QTableView

from juesuan.findings import Cell
from juesuan.ui.tables.model import SeverityRole

TABLE = "自评-基础数据"
PUBLIC_BUDGET = Cell(TABLE, "公用经费", "2022年预算数")


def basic_view(window) -> QTableView:  # noqa: ANN001
    pages = window.selfeval
    items = [pages.forms.item(n).text() for n in range(pages.forms.count())]
    assert items[-1] == "基础数据表"
    pages.forms.setCurrentRow(len(items) - 1)
    view = window.findChild(QTableView, "selfeval-基础数据")
    assert view is not None and pages.current_basic() is not None
    return view


def type_amount(view, index, text: str) -> None:  # noqa: ANN001
    """F2 on the cell, the text typed key by key into its editor, Return."""
    view.setCurrentIndex(index)
    view.setFocus()
    QTest.keyClick(view, Qt.Key_F2)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    QTest.keyClick(editors[0], Qt.Key_A, Qt.ControlModifier)
    QTest.keyClicks(editors[0], text)
    QTest.keyClick(editors[0], Qt.Key_Return)


def sum_findings(window) -> set:  # noqa: ANN001
    return {f.primary for f in window.document.findings if f.rule == "SE-BASIC-SUM"}


def test_the_basic_data_table_is_shown_marked_edited_and_undone(hetang, qtbot, artifacts):
    view = basic_view(hetang)
    model = view.model()
    index = model.index_of(PUBLIC_BUDGET)
    assert index.data() == "100.98" and index.data(SeverityRole) == "error"
    assert "应为 99.98" in index.data(Qt.ToolTipRole)
    assert sum_findings(hetang) == {PUBLIC_BUDGET, Cell(TABLE, "公用经费", "2022年决算数")}
    for size in ((1366, 768), (1093, 614)):
        hetang.resize(*size)
        QTest.qWait(50)
        hetang.grab().save(str(artifacts / f"selfeval-basic-{size[0]}x{size[1]}.png"))

    messages: list[str] = []
    hetang.selfeval.basic_page.message.connect(messages.append)
    type_amount(view, index, "99.98001")
    assert "超过4位小数" in messages[-1] and index.data() == "100.98"
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        type_amount(view, index, "99.9800")
    assert hetang.document.core.selfeval.basic.value("public", "budget") == Decimal("99.98")
    assert index.data() == "99.98" and PUBLIC_BUDGET not in sum_findings(hetang)  # the sum holds now
    hetang.undo_stack.undo()
    assert model.index_of(PUBLIC_BUDGET).data() == "100.98" and PUBLIC_BUDGET in sum_findings(hetang)
