"""Acceptance: an Excel/WPS block pastes as one undo step; Delete and copy work on the selection."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from juesuan.findings import Cell

from ..helpers import goto

ROWS = ("2010301", "2010302", "2010399")
COLUMNS = ("2", "3", "4", "5")
# as Excel/WPS put it on the clipboard: \r\n line ends, grouped thousands, full-width digits
EXCEL_BLOCK = (
    "1,234.50\t１２３．４５\t0.5\t7\r\n"
    "2,000\t３\t1,000,000.01\t（12.50）\r\n"
    "4,199.36\t０．０１\t88\t9,999.99\r\n"
)
EXPECTED = [
    ["1234.50", "123.45", "0.5", "7"],
    ["2000", "3", "1000000.01", "-12.50"],
    ["4199.36", "0.01", "88", "9999.99"],
]


def cells():  # noqa: ANN201
    return [[Cell("表3", r, c) for c in COLUMNS] for r in ROWS]


def test_paste_block_fills_twelve_cells_and_one_undo_restores_them(sample_window, qtbot):
    view = sample_window.page("表3").view
    model = view.model()
    document = sample_window.document
    before = [[document.value(c) for c in row] for row in cells()]
    baseline = document.findings
    steps = document.undo_stack.count()

    goto(view, cells()[0][0])
    QGuiApplication.clipboard().setText(EXCEL_BLOCK)
    QTest.keyClick(view, Qt.Key_V, Qt.ControlModifier)

    for row, wanted in zip(cells(), EXPECTED):
        assert [model.data(model.index_of(c), Qt.EditRole) for c in row] == [Decimal(w) for w in wanted]
    assert document.undo_stack.count() == steps + 1
    assert "已粘贴 12 个单元格" in sample_window.statusBar().currentMessage()
    # the totals now disagree, and say so
    assert any(f.rule == "T3-ROW" and f.primary == Cell("表3", "2010301", "1") for f in document.findings)

    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert [[document.value(c) for c in row] for row in cells()] == before
    assert document.undo_stack.count() == steps + 1 and document.undo_stack.index() == steps
    assert document.findings == baseline
    QTest.keyClick(view, Qt.Key_Y, Qt.ControlModifier)
    assert document.value(cells()[0][0]) == Decimal("1234.50")


def test_paste_reports_invalid_cells_and_pastes_the_rest(sample_window, qtbot, answers):
    view = sample_window.page("表3").view
    document = sample_window.document
    goto(view, Cell("表3", "2010302", "4"))
    view.paste_text("12\tabc\r\n\t1,23\r\n")
    assert document.value(Cell("表3", "2010302", "4")) == Decimal("12")
    assert document.value(Cell("表3", "2010302", "5")) is None  # 'abc' refused
    assert document.value(Cell("表3", "2010399", "4")) is None  # a blank cell clears
    assert document.value(Cell("表3", "2010399", "5")) is None  # '1,23' refused
    message = sample_window.statusBar().currentMessage()
    assert "2 个单元格不是金额" in message
    report = [text for kind, text in answers.asked if kind == "notice"][-1]
    assert "“abc”不是金额" in report and "千分位逗号位置不对" in report
    assert "表3 2010302 一般行政管理事务 5栏" in report


def test_paste_skips_read_only_cells_and_fills_a_selection(sample_window, qtbot):
    view = sample_window.page("表1").view
    document = sample_window.document
    model = view.model()
    # a row copied from the official Excel layout: 项目 | 行次 | 决算数 | 项目 | 行次 | 决算数
    view.setCurrentIndex(model.index(3, 0))
    view.paste_text("四、上级补助收入\t4\t10.00\t四、公共安全支出\t35\t20.00\r\n")
    assert document.value(Cell("表1", "4", "1")) == Decimal("10.00")
    assert document.value(Cell("表1", "35", "2")) == Decimal("20.00")
    # one value into a selected range fills every selected cell
    table3 = sample_window.page("表3").view
    m3 = table3.model()
    first, last = m3.index_of(Cell("表3", "2010301", "4")), m3.index_of(Cell("表3", "2010399", "4"))
    table3.setCurrentIndex(first)
    table3.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)
    table3.paste_text("5\r\n")
    assert [document.value(Cell("表3", r, "4")) for r in ROWS] == [Decimal(5)] * 3


def test_delete_clears_selection_as_one_step_and_copy_gives_tsv(sample_window, qtbot):
    view = sample_window.page("表3").view
    model = view.model()
    document = sample_window.document
    first = model.index_of(Cell("表3", "2010301", "1"))
    last = model.index_of(Cell("表3", "2010302", "3"))
    view.setCurrentIndex(first)
    view.selectionModel().select(QItemSelection(first, last), QItemSelectionModel.ClearAndSelect)
    QTest.keyClick(view, Qt.Key_C, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "705.74\t705.74\t\r\n134.23\t33.35\t100.88\r\n"
    steps = document.undo_stack.count()
    QTest.keyClick(view, Qt.Key_Delete)
    assert all(document.value(Cell("表3", r, c)) is None for r in ("2010301", "2010302") for c in "123")
    assert document.undo_stack.count() == steps + 1
    document.undo_stack.undo()
    assert document.value(Cell("表3", "2010302", "3")) == Decimal("100.88")
    assert document.value(Cell("表3", "2010301", "1")) == Decimal("705.74")
