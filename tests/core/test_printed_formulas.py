"""Every formula printed under the nine tables in seed 003 is a rule that catches a broken input."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.validation import Rulebook, rulebook

from .helpers import break_cell, with_fund_tables

# printed fragment (as in the template's `formulas`, taken from seed 003) → (rule id, LHS cell, an RHS input cell)
PRINTED = {
    "表1": {
        "27行=（1+2+3+4+5+6+7+8）行": ("T1-27", Cell("表1", "27", "1"), Cell("表1", "1", "1")),
        "31行=（27+28+29）行": ("T1-31", Cell("表1", "31", "1"), Cell("表1", "29", "1")),
        "58行=（32+33+...+57）行": ("T1-58", Cell("表1", "58", "2"), Cell("表1", "43", "2")),
        "62行=（58+59+60）行": ("T1-62", Cell("表1", "62", "2"), Cell("表1", "60", "2")),
    },
    "表2": {"1栏各行=（2+3+4+5+6+7）栏各行": ("T2-ROW", Cell("表2", "2010301", "1"), Cell("表2", "2010301", "7"))},
    "表3": {"1栏各行=（2+3+4+5+6）栏各行": ("T3-ROW", Cell("表3", "2010302", "1"), Cell("表3", "2010302", "3"))},
    "表4": {
        "27行=（1+2+3）行": ("T4-27", Cell("表4", "27", "1"), Cell("表4", "2", "1")),
        "28行=（29+30+31）行": ("T4-28", Cell("表4", "28", "1"), Cell("表4", "30", "1")),
        "32行=（27+28）行": ("T4-32", Cell("表4", "32", "1"), Cell("表4", "28", "1")),
        "59行=（33+34+…+58）行": ("T4-59", Cell("表4", "59", "3"), Cell("表4", "44", "3")),
        "64行=（59+60）行": ("T4-64", Cell("表4", "64", "2"), Cell("表4", "60", "2")),
    },
    "表5": {"1栏各行=（2+3）栏各行": ("T5-ROW", Cell("表5", "2130599", "1"), Cell("表5", "2130599", "2"))},
    "表6": {},
    "表7": {
        "6栏各行=（1+2-3）栏各行": ("T7-ROW6", Cell("表7", "2296006", "6"), Cell("表7", "2296006", "1")),
        "3栏各行=（4+5）栏各行": ("T7-ROW3", Cell("表7", "2296006", "3"), Cell("表7", "2296006", "4")),
    },
    "表8": {"1栏各行 = (2+3) 栏各行": ("T8-ROW", Cell("表8", "223", "1"), Cell("表8", "223", "3"))},
    "表9": {
        "1栏=（2+3+6）栏": ("T9-1", Cell("表9", "1", "1"), Cell("表9", "1", "6")),
        "3栏=（4+5）栏": ("T9-3", Cell("表9", "1", "3"), Cell("表9", "1", "4")),
        "7栏=（8+9+12）栏": ("T9-7", Cell("表9", "1", "7"), Cell("表9", "1", "12")),
        "9栏=（10+11）栏": ("T9-9", Cell("表9", "1", "9"), Cell("表9", "1", "11")),
    },
}
CASES = [(table, fragment, *spec) for table, items in PRINTED.items() for fragment, spec in items.items()]


def _fragments(text: str) -> set[str]:
    return {f.strip().rstrip("。") for f in re.split(r"[；;]", text) if f.strip().rstrip("。")}


def test_every_printed_formula_is_mapped_to_a_rule():
    book = rulebook("2022")
    ids = {r.id for r in book.rules}
    for template in book.layout.tables:
        assert _fragments(template.formulas) == set(PRINTED[template.id]), template.id
        for rule_id, *_ in PRINTED[template.id].values():
            assert rule_id in ids


@pytest.fixture
def base(sample_project):
    return with_fund_tables(sample_project)


@pytest.mark.parametrize("table,fragment,rule_id,lhs,rhs", CASES, ids=[c[2] for c in CASES])
def test_unbroken_sample_passes_the_rule(base, table, fragment, rule_id, lhs, rhs):
    document = ProjectDocument(base)
    assert rule_id not in {f.rule for f in document.findings}


@pytest.mark.parametrize("table,fragment,rule_id,lhs,rhs", CASES, ids=[c[2] for c in CASES])
def test_breaking_the_total_fires_exactly_that_rule(base, table, fragment, rule_id, lhs, rhs):
    book = rulebook("2022")
    only = Rulebook(book.layout, book.catalog, tuple(r for r in book.rules if r.id == rule_id))
    document = ProjectDocument(base, only)
    assert document.findings == ()
    change = break_cell(document, lhs, "0.50")
    assert len(change.added) == 1
    finding = change.added[0]
    assert finding.rule == rule_id and finding.severity == "error"
    assert finding.cells[0] == lhs
    assert rhs in finding.cells
    assert finding.actual == finding.expected + Decimal("0.50")
    assert "应为" in finding.message and "实为" in finding.message and "差 0.50" in finding.message


@pytest.mark.parametrize("table,fragment,rule_id,lhs,rhs", CASES, ids=[c[2] for c in CASES])
def test_breaking_an_input_fires_the_rule_in_the_full_rulebook(base, table, fragment, rule_id, lhs, rhs):
    document = ProjectDocument(base)
    before = set(document.findings)
    change = break_cell(document, rhs, "3.00")
    mine = [f for f in change.added if f.rule == rule_id]
    assert len(mine) == 1
    assert mine[0].cells[0] == lhs and rhs in mine[0].cells
    assert "差 -3.00" in mine[0].message
    # every other new finding comes from a rule that reads the broken cell
    readers = {key.split("|")[0] for key in document.engine.dependents(rhs)}
    assert {f.rule for f in change.added if f.cells[0].table != "说明"} <= readers
    assert all(rhs in f.cells for f in change.added if f.cells[0].table == "说明")  # 情况说明 claims that quote it
    # and mending it restores the findings exactly
    break_cell(document, rhs, "-3.00")
    assert set(document.findings) == before


def test_the_issue_example_message(sample_project):
    document = ProjectDocument(sample_project)
    change = document.set_value(Cell("表3", "合计", "1"), Decimal("4199.46"))
    row = [f for f in change.added if f.rule == "T3-ROW"]
    assert row[0].message == "表3 合计 1栏 应为 4,199.36（= 2栏 1,054.43 + 3栏 3,144.93），实为 4,199.46，差 0.10"


def test_tail_within_a_cent_per_term_is_reported_as_tail(sample_project):
    document = ProjectDocument(sample_project)
    change = document.set_value(Cell("表3", "合计", "1"), Decimal("4199.37"))
    assert {f.severity for f in change.added if f.rule == "T3-ROW"} == {"tail"}
    change = document.set_value(Cell("表3", "合计", "1"), Decimal("4199.40"))
    assert {f.severity for f in change.added if f.rule == "T3-ROW"} == {"error"}
