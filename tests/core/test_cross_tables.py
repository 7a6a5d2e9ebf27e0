"""The 表间 relationships of the domain brief: each is a rule that catches a broken value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.document import ProjectDocument
from juesuan.findings import Cell

from .helpers import break_cell, with_fund_tables

# rule → (the cell we break, the cells the finding must name, expected severity)
CROSS = [
    ("X-T1-T2-TOTAL", Cell("表2", "合计", "1"), [Cell("表1", "27", "1"), Cell("表2", "合计", "1")], "error"),
    ("X-T1-T2-FISCAL", Cell("表1", "1", "1"), [Cell("表2", "合计", "2"), Cell("表1", "1", "1")], "error"),
    ("X-T1-T2-4", Cell("表1", "4", "1"), [Cell("表1", "4", "1"), Cell("表2", "合计", "3")], "error"),
    ("X-T1-T2-8", Cell("表2", "合计", "7"), [Cell("表1", "8", "1"), Cell("表2", "合计", "7")], "error"),
    ("X-T1-T3-CLASS", Cell("表3", "213", "1"), [Cell("表1", "43", "2"), Cell("表3", "213", "1")], "error"),
    ("X-T1-T3-TOTAL", Cell("表1", "58", "2"), [Cell("表1", "58", "2"), Cell("表3", "合计", "1")], "error"),
    ("X-T4-T1-1", Cell("表4", "1", "1"), [Cell("表4", "1", "1"), Cell("表1", "1", "1")], "error"),
    ("X-T4-T5-CLASS", Cell("表5", "221", "1"), [Cell("表4", "51", "3"), Cell("表5", "221", "1")], "error"),
    ("X-T4-T5-TOTAL", Cell("表5", "合计", "1"), [Cell("表4", "59", "3"), Cell("表5", "合计", "1")], "error"),
    ("X-T4-T7", Cell("表7", "合计", "3"), [Cell("表4", "59", "4"), Cell("表7", "合计", "3")], "error"),
    ("X-T4-T8", Cell("表8", "合计", "1"), [Cell("表4", "59", "5"), Cell("表8", "合计", "1")], "error"),
    ("X-T5-T3", Cell("表5", "2010302", "3"), [Cell("表5", "2010302", "3"), Cell("表3", "2010302", "3")], "warning"),
    ("X-T5-T6", Cell("表6", "人员经费合计", "1"), [Cell("表5", "合计", "2"), Cell("表6", "人员经费合计", "1")], "error"),
    ("X-T9-T6-RECEPTION", Cell("表6", "30217", "1"), [Cell("表9", "1", "12"), Cell("表6", "30217", "1")], "warning"),
    ("X-T9-T6-VEHICLE-RUN", Cell("表6", "30231", "1"), [Cell("表9", "1", "11"), Cell("表6", "30231", "1")], "warning"),
    ("X-T9-T6-VEHICLE-BUY", Cell("表6", "31013", "1"), [Cell("表9", "1", "10"), Cell("表6", "31013", "1")], "warning"),
    ("T6-GROUP", Cell("表6", "30201", "1"), [Cell("表6", "302", "1"), Cell("表6", "30201", "1")], "error"),
    ("T6-PERSONNEL", Cell("表6", "303", "1"), [Cell("表6", "人员经费合计", "1"), Cell("表6", "303", "1")], "error"),
    ("T6-PUBLIC", Cell("表6", "310", "1"), [Cell("表6", "公用经费合计", "1"), Cell("表6", "310", "1")], "error"),
    ("T1-BAL", Cell("表1", "62", "2"), [Cell("表1", "62", "2"), Cell("表1", "31", "1")], "error"),
    ("T4-BAL", Cell("表4", "64", "2"), [Cell("表4", "64", "2"), Cell("表4", "32", "1")], "error"),
    ("T4-SUB", Cell("表4", "33", "3"), [Cell("表4", "33", "2"), Cell("表4", "33", "3")], "error"),
    ("T3-TREE", Cell("表3", "2210201", "2"), [Cell("表3", "22102", "2"), Cell("表3", "2210201", "2")], "error"),
    ("T2-TREE", Cell("表2", "2130599", "2"), [Cell("表2", "21305", "2"), Cell("表2", "2130599", "2")], "error"),
    ("T5-TREE", Cell("表5", "2080505", "1"), [Cell("表5", "20805", "1"), Cell("表5", "2080505", "1")], "error"),
]


@pytest.mark.parametrize("rule_id,broken,cells,severity", CROSS, ids=[c[0] for c in CROSS])
def test_relationship_catches_a_broken_value(sample_project, rule_id, broken, cells, severity):
    document = ProjectDocument(with_fund_tables(sample_project))
    # the fund tables' counterparts in 表4 (the rest of 表4 does not matter to these two rules)
    if rule_id in ("X-T4-T7", "X-T4-T8"):
        document.set_values([(Cell("表4", "59", "4"), Decimal("80.00")), (Cell("表4", "59", "5"), Decimal("5.00"))])
    assert rule_id not in {f.rule for f in document.findings}
    change = break_cell(document, broken, "2.00")
    mine = [f for f in change.added if f.rule == rule_id]
    assert len(mine) == 1, [f.message for f in change.added]
    assert mine[0].severity == severity
    assert list(mine[0].cells[: len(cells)]) == cells or set(cells) <= set(mine[0].cells)
    assert mine[0].cells[0] == cells[0]


def test_a_missing_subject_row_counts_as_zero(sample_project):
    document = ProjectDocument(sample_project)
    document.set_value(Cell("表1", "36", "2"), Decimal("5.00"))  # 教育支出, no 205 row in 表3
    finding = [f for f in document.findings if f.rule == "X-T1-T3-CLASS"][0]
    assert finding.cells[0] == Cell("表1", "36", "2")
    assert finding.expected == 0 and finding.actual == Decimal("5.00")


def test_name_mismatch_of_the_sample_is_the_only_fault(sample_project):
    findings = ProjectDocument(sample_project).findings
    jue = [f for f in findings if not f.cells or not f.cells[0].table.startswith(("自评", "说明"))]  # 说明: tests/narrative
    assert [(f.rule, f.severity) for f in jue] == [("S-NAME", "error")]
    finding = jue[0]
    assert finding.cells[0] == Cell("表3", "2210202", "科目名称")
    assert "租房补贴" in finding.message and "提租补贴" in finding.message
    assert finding.expected == "提租补贴" and finding.actual == "租房补贴"


def test_structure_checks(sample_project):
    document = ProjectDocument(sample_project)
    document.add_subject("表3", "2240102", with_parents=False)  # 款 and 类 missing
    document.add_subject("表2", "2101102")                      # catalog name, parents exist
    document.rename_subject("表2", "2101102", "事业医疗")          # differs from catalog
    document.add_subject("表5", "2999999", "神秘科目")              # not in catalog
    rules = {(f.rule, f.severity, f.cells[0].table, f.cells[0].row) for f in document.findings}
    assert ("S-PARENT", "error", "表3", "2240102") in rules
    assert ("S-NAME", "warning", "表2", "2101102") in rules
    assert ("S-NAME", "warning", "表5", "2999999") in rules
    document.set_no_data("表7", False, "")
    assert ("S-NODATA", "warning", "表7", "") in {(f.rule, f.severity, f.cells[0].table, f.cells[0].row) for f in document.findings}
    document.set_no_data("表7", True, "本单位无政府性基金")
    document.add_subject("表7", "229")
    document.set_value(Cell("表7", "229", "2"), Decimal("1"))
    assert any(f.rule == "S-NODATA" and f.severity == "error" and f.cells[0].table == "表7" for f in document.findings)


def test_a_class_with_amounts_needs_rows_below(sample_project):
    document = ProjectDocument(sample_project)
    snaps = document.remove_subjects("表3", ["2080501", "2080505", "2080599", "20805"])
    found = [f for f in document.findings if f.rule == "S-CHILDREN"]
    assert [(f.severity, f.cells[0].table, f.cells[0].row) for f in found] == [("warning", "表3", "208")]
    assert "金额应填到项级" in found[0].message
    document.restore_subjects(snaps)
    assert not [f for f in document.findings if f.rule == "S-CHILDREN"]
