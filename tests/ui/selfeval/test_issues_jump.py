"""Acceptance: the samples' 自评 findings are listed in the issues panel, and a double-click shows the form and row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan.findings import Cell
from juesuan.ui.issues.panel import FindingRole
from juesuan.ui.tables.model import SeverityRole

#: (rule, primary cell) of the 自评 findings each sample must show, from the domain brief's list of seed errors
JIANGHAN = {
    ("SE-TOTAL", Cell("自评-整体", "总分", "得分")),  # 自评得分 98.96 while the parts sum to 99.96
    ("SE-SECTION-SCORE", Cell("自评-项目-专项工作2022", "项目年度绩效指标", "得分")),  # 11 × 6 = 66 in a 60-point section
    ("SE-YUAN", Cell("自评-项目-聘用人员工作经费2022", "合计", "全年预算数")),  # 690000 (元) under 万元
    ("SE-NO-NUMBER", Cell("自评-项目-走访慰问专项资金", "指标2：高温慰问一线工作人员", "实际完成值")),  # “次”
}
HETANG = {
    ("SE-TOTAL-POINTS", Cell("自评-整体", "总分", "分值")),  # 分值 sum to 85
    ("SE-TOTAL", Cell("自评-整体", "总分", "得分")),  # 得分 79, printed 92
    ("SE-SECTION-POINTS", Cell("自评-整体", "产出指标", "分值")),  # “产出指标 (50分)” rows sum to 35
    ("SE-TOTAL-POINTS", Cell("自评-项目-政府招商督查会议专项经费", "总分", "分值")),  # 110
    ("SE-TOTAL", Cell("自评-项目-政府招商督查会议专项经费", "总分", "得分")),  # 107 vs 97
    ("SE-FUND-SUM", Cell("自评-整体", "合计", "全年预算数")),  # 734.09 + 3.18 = 737.27 vs 737.26, a tail
    ("SE-TEXT-UNIT", Cell("自评-项目-政府招商督查会议专项经费", "缩减经费", "偏差原因分析及改进措施")),  # 90.8 元
    ("SE-BASIC-SUM", Cell("自评-基础数据", "公用经费", "2022年预算数")),  # 基础数据表: parts 99.98, printed 100.98
    ("SE-BASIC-SUM", Cell("自评-基础数据", "公用经费", "2022年决算数")),  # parts 193.71, printed 193.82
}


def show_only_selfeval(window) -> list:  # noqa: ANN001
    panel = window.issues
    panel.table_filter.setCurrentIndex(panel.table_filter.findData("自评"))
    return panel.visible_findings()


def double_click(window, finding) -> None:  # noqa: ANN001
    panel = window.issues
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(FindingRole) == finding)
    index = panel.proxy.index(row, 3)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    assert panel.view.viewport().rect().contains(rect.center())
    QTest.mouseClick(panel.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(panel.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())


def shown_cell_has(window, finding) -> bool:  # noqa: ANN001
    """The form of the finding is shown and its current cell is the finding's cell (or shows its findings)."""
    page = window.selfeval.current_page() or window.selfeval.current_basic()
    if window.tabs.currentWidget() is not window.selfeval or page is None or page.table != finding.primary.table:
        return False
    slot = page.model.slot(page.view.currentIndex())
    return finding.primary == slot.cell or finding.primary in slot.marks


def check_sample(window, expected: set) -> None:  # noqa: ANN001
    listed = show_only_selfeval(window)
    everything = [f for f in window.document.findings if f.primary is not None and f.primary.table.startswith("自评-")]
    assert listed and sorted(map(repr, listed)) == sorted(map(repr, everything))
    found = {(f.rule, f.primary) for f in listed}
    assert expected <= found, expected - found
    for finding in listed:
        window.tabs.setCurrentIndex(0)  # start from 表1 each time
        double_click(window, finding)
        assert shown_cell_has(window, finding), finding
        page = window.selfeval.current_page() or window.selfeval.current_basic()
        current = page.view.currentIndex()
        assert page.view.visualRect(current).intersects(page.view.viewport().rect())  # scrolled into view
        assert current.data(SeverityRole) is not None  # and marked there
        assert finding.message in window.statusBar().currentMessage()


def test_jianghan_selfeval_findings_are_listed_and_jump_to_their_form_and_row(jianghan):
    check_sample(jianghan, JIANGHAN)
    panel = jianghan.issues
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.proxy.index(r, 0).data(FindingRole).rule == "SE-NO-NUMBER")
    assert panel.proxy.index(row, 2).data() == "项目-走访慰问专项资金 指标2：高温慰问一线工作人员 实际完成值"


def test_hetang_selfeval_findings_are_listed_and_jump_to_their_form_and_row(hetang):
    check_sample(hetang, HETANG)
    page = hetang.selfeval.page("自评-整体")
    output = page.model.index_of(Cell("自评-整体", "产出指标", "分值"))
    assert output.data(Qt.DisplayRole) == "产出指标\n（50分）"  # the section's 一级 cell, printed with its weight
    assert output.data(Qt.EditRole) == "产出指标"
    assert output.data(SeverityRole) == "error"
