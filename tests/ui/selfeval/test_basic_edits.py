"""The 基础数据表 page's staff numbers, 专项 lines and 厉行节约 text typed into with real keys on the 荷塘区 sample:
each edit checked again at once and undone in one step; bad entries refused in Chinese on the status bar."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from juesuan.findings import Cell
from juesuan.ui.selfeval.basic import NEW_LINE

from .helpers import ime
from .test_basic_data import basic_view


def type_amount(view, index, text: str) -> None:  # noqa: ANN001
    """F2 on the cell, its text selected and deleted, the new text typed (ASCII key by key, Chinese through the
    input method), Return."""
    view.setCurrentIndex(index)
    view.setFocus()
    QTest.keyClick(view, Qt.Key_F2)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    QTest.keyClick(editors[0], Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(editors[0], Qt.Key_Delete)
    if text.isascii():
        QTest.keyClicks(editors[0], text)
    else:
        ime(editors[0], text)
    QTest.keyClick(editors[0], Qt.Key_Return)

TABLE = "自评-基础数据"
RATE = Cell(TABLE, "财政供养人员情况", "控制率")
AUTHORIZED = Cell(TABLE, "财政供养人员情况", "编制数")


def _row(model, kind: str) -> int:
    return next(n for n, (k, _) in enumerate(model.lines) if k == kind)


def _status(window) -> str:  # noqa: ANN001
    return window.statusBar().currentMessage()


def _rate_marks(window) -> list:  # noqa: ANN001
    return [f for f in window.document.findings if f.rule == "SE-BASIC-SUM" and f.primary == RATE]


def test_staff_numbers_are_typed_checked_refused_and_undone(hetang, qtbot):
    view = basic_view(hetang)
    model, basic = view.model(), hetang.document.core.selfeval.basic
    rate = model.index_of(RATE)
    assert rate.column() == 3 and basic.control_rate is None and basic.authorized == 27
    type_amount(view, rate, "150%")
    assert basic.control_rate == Decimal("150") and "148.15%" in _rate_marks(hetang)[0].message  # 40 ÷ 27
    assert rate.data(Qt.ToolTipRole) and "148.15%" in rate.data(Qt.ToolTipRole)
    authorized = model.index_of(AUTHORIZED)
    type_amount(view, authorized, "二十七")
    assert "不是人数" in _status(hetang) and basic.authorized == 27
    type_amount(view, authorized, "40")
    assert basic.authorized == 40 and authorized.data() == "编制数 40人"
    hetang.undo_stack.undo()
    assert basic.authorized == 27 and "148.15%" in _rate_marks(hetang)[0].message
    hetang.undo_stack.undo()
    assert basic.control_rate is None and _rate_marks(hetang) == []


def test_special_lines_are_renamed_added_removed_and_undone(hetang, qtbot):
    view = basic_view(hetang)
    model, document = view.model(), hetang.document.core
    first = _row(model, "line")
    assert model.index(first, 0).data().strip() == "政府招商督查会议专项经费"
    type_amount(view, model.index(first, 3), "150.12345")
    assert "超过4位小数" in _status(hetang) and document.selfeval.basic.lines[0].values["actual"] == Decimal("142.8")
    type_amount(view, model.index(first, 3), "150.1234")
    assert document.selfeval.basic.lines[0].values["actual"] == Decimal("150.1234")
    added = _row(model, "new")
    assert NEW_LINE in model.index(added, 0).data()
    type_amount(view, model.index(added, 0), "应急专项")
    assert [line.name for line in document.selfeval.basic.lines] == ["政府招商督查会议专项经费", "应急专项"]
    second = first + 1
    assert model.lines[second] == ("line", 1) and model.index(second, 0).data().strip() == "应急专项"
    type_amount(view, model.index(second, 2), "3.5")
    type_amount(view, model.index(first, 0), "")
    assert "名称不能为空" in _status(hetang) and len(document.selfeval.basic.lines) == 2
    type_amount(view, model.index(second, 2), "")
    type_amount(view, model.index(second, 0), "")  # a line without amounts: clearing its name removes it
    assert [line.name for line in document.selfeval.basic.lines] == ["政府招商督查会议专项经费"]
    for _ in range(5):
        hetang.undo_stack.undo()
    assert [line.name for line in document.selfeval.basic.lines] == ["政府招商督查会议专项经费"]
    assert document.selfeval.basic.lines[0].values["actual"] == Decimal("142.8")


def test_the_thrift_text_spans_the_row_and_is_typed_and_undone(hetang, qtbot, artifacts):
    view = basic_view(hetang)
    model, basic = view.model(), hetang.document.core.selfeval.basic
    row = _row(model, "text")
    assert model.index(row, 0).data() == "厉行节约保障措施" and view.columnSpan(row, 1) == model.columnCount() - 1
    type_amount(view, model.index(row, 1), "严格执行八项规定，压减一般性支出。")
    assert basic.texts == {"thrift": "严格执行八项规定，压减一般性支出。"}
    assert model.index(row, 1).data() == "严格执行八项规定，压减一般性支出。"
    view.setCurrentIndex(model.index(_row(model, "line"), 0))
    for size in ((1366, 768), (1093, 614)):
        hetang.resize(*size)
        QTest.qWait(50)
        view.scrollTo(model.index(row, 1))  # the 专项 lines and the text row in sight
        hetang.grab().save(str(artifacts / f"selfeval-basic-edits-{size[0]}x{size[1]}.png"))
    hetang.undo_stack.undo()
    assert basic.texts == {}
