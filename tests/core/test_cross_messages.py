"""Every cross-table finding names what it compares with, an empty side included."""

from __future__ import annotations

from decimal import Decimal

from juesuan.document import ProjectDocument, ProjectInfo, new_project
from juesuan.findings import Cell


def printed_document() -> ProjectDocument:
    project = new_project(ProjectInfo("测试单位", 2022))
    project.totals.printed = True  # no totals follow: the cross-table rules see what is typed
    return ProjectDocument(project)


def test_an_empty_other_side_is_named():
    document = printed_document()
    document.set_value(Cell("表1", "4", "1"), Decimal("123.50"))
    finding = next(f for f in document.findings if f.rule == "X-T1-T2-4")
    assert finding.message.startswith("表1 第4行（四、上级补助收入）")
    assert "= 表2 合计 3栏（空）" in finding.message and "实为 123.50" in finding.message


def test_a_sum_on_the_other_side_lists_every_term_filled_or_empty():
    document = printed_document()
    document.set_value(Cell("表1", "1", "1"), Decimal("10"))
    document.set_value(Cell("表1", "3", "1"), Decimal("2"))
    finding = next(f for f in document.findings if f.rule == "X-T1-T2-FISCAL")
    assert finding.message == ("表2 合计 2栏 应为 12.00（= 表1 第1行（一、一般公共预算财政拨款收入） 10.00 + 表1 第2行（二、政府性"
                               "基金预算财政拨款收入）（空） + 表1 第3行（三、国有资本经营预算财政拨款收入） 2.00），实为 空，差 -12.00")


def test_a_same_table_message_still_leaves_out_empty_parts():
    document = printed_document()
    document.add_subject("表3", "2010301")
    document.set_value(Cell("表3", "2010301", "2"), Decimal("5"))
    finding = next(f for f in document.findings if f.rule == "T3-ROW" and f.primary == Cell("表3", "2010301", "1"))
    assert "（空）" not in finding.message and "2栏 5.00" in finding.message
