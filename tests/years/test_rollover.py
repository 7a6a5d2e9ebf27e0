"""A 2023 project from the 江汉 2022 sample: what it carries, through the command line, and the 与上年核对 rules."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.validation import rulebook

#: 年初结转和结余 ← 上年年末结转和结余, as the issue states them (表1 29 ← 60, 表4 28–31 ← 60, 表7 1栏 ← 6栏)
CARRY = {("表1", "29", "1"): ("表1", "60", "2"), ("表4", "28", "1"): ("表4", "60", "2"),
         ("表4", "29", "1"): ("表4", "60", "3"), ("表4", "30", "1"): ("表4", "60", "4"),
         ("表4", "31", "1"): ("表4", "60", "5")}
YEAR_END = {("表1", "60", "2"): "12.50", ("表4", "60", "2"): "8.30", ("表4", "60", "3"): "6.00",
            ("表4", "60", "4"): "2.30", ("表7", "合计", "6"): "2.30", ("表7", "2120801", "6"): "2.30"}


def new_from(last: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", "new", str(out), "--from", str(last), *extra],
                          capture_output=True, text=True, encoding="utf-8")


def test_a_2023_project_from_the_jianghan_sample_carries_exactly_the_listed_parts(tmp_path, sample_path):
    last = projectfile.load(sample_path)
    out = tmp_path / "江汉-2023.juesuan"
    result = new_from(sample_path, out, "--year", "2023")
    assert result.returncode == 0, result.stderr
    new = projectfile.load(out)
    assert (new.year, new.layout) == (2023, "2023")
    assert new.unit == last.unit and new.unit.name == "武汉市江汉区人民政府办公室"
    # subject rows with empty values
    subject_tables = [t.id for t in rulebook("2023").layout.tables if t.is_subject]
    for table in subject_tables:
        before = last.tables.get(table)
        carried = dict(new.tables[table].subjects) if table in new.tables else {}
        assert carried == (dict(before.subjects) if before else {})
    assert all(not any(d.values.values()) for d in new.tables.values())  # the sample's 年末 are all empty
    # 上年数: every value of last year's tables, and the 上年 figure the 2023 wording quotes
    assert new.prior_year == {t: {r: c for r, c in d.values.items() if c} for t, d in last.tables.items() if any(d.values.values())}
    assert new.prior_year["表1"]["27"]["1"] == last.value("表1", "27", "1")
    assert new.narrative.figures == {"上年机关运行经费": last.narrative.figures["机关运行经费"]}
    assert not new.narrative.counts and not new.narrative.text and not new.narrative.reasons
    # 自评: the project list with names, indicators and targets; actuals, scores and funds empty
    assert [f.name for f in new.selfeval.projects] == [f.name for f in last.selfeval.projects] and new.selfeval.projects
    for old, form in zip(last.selfeval.projects, new.selfeval.projects):
        assert not form.funds and form.total_score is None and form.grade == "" and form.fund_score is None
        old_rows = [(i.level1, i.level2, i.level3, i.target, i.points) for g in old.goals for i in g.indicators]
        new_rows = [(i.level1, i.level2, i.level3, i.target, i.points) for g in form.goals for i in g.indicators]
        assert new_rows == old_rows
        assert all(i.actual == "" and i.score is None and i.deviation == "" for g in form.goals for i in g.indicators)
    assert [g.expected for g in new.selfeval.projects[0].goals] == [g.expected for g in last.selfeval.projects[0].goals]
    assert all(g.actual == "" for f in new.selfeval.projects for g in f.goals)
    # where it came from; nothing else of last year (review, notes, publication) comes along
    assert new.rollover.source == sample_path.name and new.rollover.source_year == 2022 and new.rollover.carried == {}
    assert not new.review.explanations and new.notes == "" and new.budget == {}
    assert projectfile.load(sample_path) == last  # last year's file is untouched


@pytest.fixture
def last_with_year_end(tmp_path, sample_path) -> Path:
    """The sample with 年末结转和结余 filled (the published sample has none), saved as a real file."""
    project = projectfile.load(sample_path)
    project.table("表7").no_data = False
    project.table("表7").subjects.update({"212": "城乡社区支出", "21208": "国有土地使用权出让收入安排的支出",
                                          "2120801": "征地和拆迁补偿支出"})
    for (table, row, col), text in YEAR_END.items():
        project.set_value(table, row, col, Decimal(text))
    path = tmp_path / "last.juesuan"
    projectfile.save(project, path, backup=False)
    return path


def test_year_end_becomes_the_new_year_opening_marked_as_carried(tmp_path, last_with_year_end):
    out = tmp_path / "new.juesuan"
    assert new_from(last_with_year_end, out).returncode == 0
    new = projectfile.load(out)
    assert new.year == 2023
    expected = {(t, r, c): Decimal(YEAR_END[src]) for (t, r, c), src in CARRY.items() if src in YEAR_END}
    expected[("表7", "合计", "1")] = Decimal("2.30")
    expected[("表7", "2120801", "1")] = Decimal("2.30")
    carried = {(t, r, c): v for t, rows in new.rollover.carried.items() for r, cols in rows.items() for c, v in cols.items()}
    assert carried == expected
    assert {(t, r, c): new.value(t, r, c) for (t, r, c) in expected} == expected
    values = {(t, r, c) for t, d in new.tables.items() for r, cols in d.values.items() for c in cols}
    assert values == set(expected)  # nothing but the opening balances has a value
    assert new.rollover.is_carried("表4", "29", "1") and not new.rollover.is_carried("表4", "31", "1")


def test_carry_over_rules_stay_quiet_on_the_carried_opening_and_fire_on_a_tampered_one(tmp_path, last_with_year_end):
    out = tmp_path / "new.juesuan"
    assert new_from(last_with_year_end, out).returncode == 0
    document = ProjectDocument(projectfile.load(out))
    assert [f for f in document.findings if f.rule == "YOY-CARRY"] == []
    document.set_value(Cell("表4", "29", "1"), Decimal("7.00"))
    fired = [f for f in document.findings if f.rule == "YOY-CARRY"]
    assert [(f.cells, f.severity, f.expected, f.actual) for f in fired] == [
        ((Cell("表4", "29", "1"),), "warning", Decimal("6.00"), Decimal("7.00"))]
    assert "会计差错更正" in fired[0].message and "归集调入" in fired[0].message and "差 1.00" in fired[0].message
    assert fired == [f for f in rulebook("2023").check(document.project) if f.rule == "YOY-CARRY"]
    document.set_value(Cell("表4", "29", "1"), Decimal("6.00"))
    assert [f for f in document.findings if f.rule == "YOY-CARRY"] == []


def test_swings_and_subjects_against_last_year(tmp_path, sample_path):
    out = tmp_path / "new.juesuan"
    assert new_from(sample_path, out).returncode == 0
    document = ProjectDocument(projectfile.load(out))
    before = document.project.prior_year["表1"]["27"]["1"]
    document.set_value(Cell("表1", "27", "1"), before * 2)
    swings = [f for f in document.findings if f.rule == "YOY-SWING"]
    assert [f.cells for f in swings] == [(Cell("表1", "27", "1"),)] and "100.00%" in swings[0].message
    document.set_value(Cell("表1", "27", "1"), before * Decimal("1.2"))
    assert not [f for f in document.findings if f.rule == "YOY-SWING"]
    document.remove_subjects("表3", ["2010399"])
    gone = [f.message for f in document.findings if f.rule == "YOY-SUBJECTS"]
    assert gone == ["表3 科目 2010399 其他政府办公厅（室）及相关机构事务支出 上年有金额，本年已删去，请核实"]


def test_the_yoy_rules_are_silent_on_a_project_not_made_from_last_year(sample_project):
    assert sample_project.prior_year  # the sample holds some 上年数 ...
    assert not [f for f in rulebook("2022").check(sample_project) if f.rule.startswith("YOY-")]  # ... but was typed


@pytest.mark.parametrize(("args", "says"), [
    (("--year", "2022"), "应晚于"), (("--year", "2025"), "逐年结转"), (("--year", "2031"), "逐年结转")])
def test_bad_rollovers_exit_2_with_a_chinese_line(tmp_path, sample_path, args, says):
    result = new_from(sample_path, tmp_path / "x.juesuan", *args)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.juesuan").exists()


def test_an_existing_output_is_not_overwritten(tmp_path, sample_path):
    out = tmp_path / "x.juesuan"
    out.write_bytes(b"keep")
    result = new_from(sample_path, out)
    assert result.returncode == 2 and "已存在" in result.stderr and out.read_bytes() == b"keep"


def test_incremental_yoy_findings_always_equal_a_full_run(tmp_path, last_with_year_end):
    out = tmp_path / "new.juesuan"
    assert new_from(last_with_year_end, out).returncode == 0
    document = ProjectDocument(projectfile.load(out))
    prior = document.project.prior_year
    edits = [
        (Cell("表4", "29", "1"), Decimal("9.00")),        # opening tampered
        (Cell("表1", "27", "1"), prior["表1"]["27"]["1"] * 3),  # a swing
        (Cell("表7", "2120801", "1"), None),            # a carried opening cleared
        (Cell("表3", "2010301", "2"), Decimal("1.00")),  # a carried subject filled
        (Cell("表4", "29", "1"), Decimal("6.00")),        # back to the carried value
        (Cell("表1", "27", "1"), prior["表1"]["27"]["1"]),
    ]
    seen = set()
    for cell, value in edits:
        document.set_value(cell, value)
        full = rulebook("2023").check(document.project)
        yoy_now = [f for f in document.findings if f.rule.startswith("YOY-")]
        assert yoy_now == [f for f in full if f.rule.startswith("YOY-")]
        seen |= {f.rule for f in yoy_now}
    document.remove_subjects("表3", ["2010399"])
    document.set_value(Cell("表5", "2010399", "1"), Decimal("3.00"))
    yoy_now = [f for f in document.findings if f.rule.startswith("YOY-")]
    assert yoy_now == [f for f in rulebook("2023").check(document.project) if f.rule.startswith("YOY-")]
    assert seen == {"YOY-CARRY", "YOY-SWING"} and any(f.rule == "YOY-SUBJECTS" for f in yoy_now)
