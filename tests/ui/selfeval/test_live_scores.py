"""Acceptance: what is typed into a 自评 form is scored and checked in the same turn, before the next key."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan.findings import Cell
from juesuan.ui.tables.model import PrimaryRole, SeverityRole

from .helpers import enter_text, form_view, goto, ime, panel_findings, type_into, value

DUTY = "自评-项目-总值班室工作2022"
WHOLE = "自评-整体"


def computed(view, name: str, table: str):  # noqa: ANN001, ANN201
    return value(view, Cell(table, "计算", name))


def test_typing_spent_updates_rate_money_total_and_grade_at_once(jianghan, qtbot):
    view = form_view(jianghan, DUTY)
    model = view.model()
    assert computed(view, "执行率", DUTY) == Decimal("100.00")
    assert computed(view, "得分", DUTY) == Decimal("20.00")
    assert computed(view, "总分", DUTY) == Decimal("100.00")
    assert computed(view, "等级", DUTY) == "优"
    page = jianghan.selfeval.page(DUTY)

    type_into(qtbot, view, Cell(DUTY, "合计", "全年执行数"), "60,000")
    # asserted straight after the commit's dataChanged: no waiting, no event processing in between
    assert value(view, Cell(DUTY, "合计", "全年执行数")) == Decimal("60000")
    assert value(view, Cell(DUTY, "合计", "全年执行数"), Qt.DisplayRole) == "60,000.00"
    assert computed(view, "执行率", DUTY) == Decimal("25.00")
    assert value(view, Cell(DUTY, "计算", "执行率"), Qt.DisplayRole) == "25.00%"
    assert computed(view, "得分", DUTY) == Decimal("5.00")  # 20 分 × 25%
    assert computed(view, "总分", DUTY) == Decimal("85.00")  # 5 + 20 (总目标) + 60 (指标)
    assert computed(view, "等级", DUTY) == "良"
    assert "总分 85" in page.score.text() and "等级 良" in page.score.text()
    # the entered 执行率 (100%) is now wrong: marked where it is, and listed
    rate = model.index_of(Cell(DUTY, "合计", "执行率"))
    assert rate.data(SeverityRole) == "error" and rate.data(PrimaryRole) is True
    assert "25" in rate.data(Qt.ToolTipRole)
    assert any(f.rule == "SE-RATE" and f.primary.table == DUTY for f in panel_findings(jianghan))
    # Enter moved down to the next row's 全年执行数
    assert model.slot(view.currentIndex()).cell == Cell(DUTY, "当年财政拨款", "全年执行数")

    jianghan.undo_stack.undo()
    assert computed(view, "总分", DUTY) == Decimal("100.00") and computed(view, "等级", DUTY) == "优"
    assert model.index_of(Cell(DUTY, "合计", "执行率")).data(SeverityRole) is None


def test_whole_form_total_follows_spent_once_the_entered_money_score_is_cleared(jianghan, qtbot):
    view = form_view(jianghan, WHOLE)
    assert computed(view, "总分", WHOLE) == Decimal("99.96")  # 19.96 as entered + 80
    goto(view, Cell(WHOLE, "合计", "得分"))
    with qtbot.waitSignal(view.model().dataChanged, timeout=2000):
        QTest.keyClick(view, Qt.Key_Delete)
    assert value(view, Cell(WHOLE, "合计", "得分")) is None
    assert computed(view, "总分", WHOLE) == Decimal("99.97")  # now the computed 20 × 99.84%
    type_into(qtbot, view, Cell(WHOLE, "合计", "全年执行数"), "1000")
    assert computed(view, "执行率", WHOLE) == Decimal("23.77")
    assert computed(view, "得分", WHOLE) == Decimal("4.75")
    assert computed(view, "总分", WHOLE) == Decimal("84.75")
    assert computed(view, "等级", WHOLE) == "良"


def test_score_below_points_without_reason_warns_until_a_reason_is_written(hetang, qtbot):
    table = "自评-项目-政府招商督查会议专项经费"
    view = form_view(hetang, table)
    model = view.model()
    reason = Cell(table, "优质接待", "偏差原因分析及改进措施")

    def deviation_findings() -> list:
        return [f for f in panel_findings(hetang) if f.rule == "SE-DEVIATION" and f.primary == reason]

    assert model.index_of(reason).data(SeverityRole) is None and not deviation_findings()
    type_into(qtbot, view, Cell(table, "优质接待", "得分"), "8")
    assert value(view, Cell(table, "优质接待", "得分")) == Decimal("8")
    index = model.index_of(reason)
    assert index.data(SeverityRole) == "warning" and index.data(PrimaryRole) is True
    assert index.data(Qt.DecorationRole) is not None  # the icon, not only a colour
    assert "请填写偏差原因" in index.data(Qt.ToolTipRole)
    assert len(deviation_findings()) == 1

    # the reason goes in through the multi-line editor: Enter is a new line, Ctrl+Enter commits
    messages: list[str] = []
    view.message.connect(messages.append)
    box = enter_text(view, reason, "接待标准调整")
    assert "Enter 换行，Ctrl+Enter 完成" in messages[-1]  # the editor says how it works
    QTest.keyClick(box, Qt.Key_Return)
    ime(box, "下年按实际需要编制预算")
    assert box.toPlainText() == "接待标准调整\n下年按实际需要编制预算"  # Enter was a new line, not a commit
    assert value(view, reason) == ""
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        QTest.keyClick(box, Qt.Key_Return, Qt.ControlModifier)
    assert value(view, reason) == "接待标准调整\n下年按实际需要编制预算"
    assert model.index_of(reason).data(SeverityRole) is None
    assert not deviation_findings()
