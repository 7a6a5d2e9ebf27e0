"""After a cell edit only the claims that read the cell are judged again, and the result equals a full check."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from juesuan.document import ProjectDocument
from juesuan.errors import JuesuanError
from juesuan.findings import Cell
from juesuan.narrative import NarrativeChecker, budget_cell, check_text, count_cell, figure_cell, prior_cell


def test_claims_are_indexed_by_the_cells_they_read(jianghan):
    checker = NarrativeChecker()
    checker.run_full(jianghan)
    claims = checker.dependents(Cell("表4", "32", "1"))
    assert claims  # 财政拨款收、支总计 4,199.3 (and its change and rate)
    before = checker.evaluations
    jianghan.tables["表4"].values["32"]["1"] = D("4199.30")
    added, removed = checker.update(jianghan, [Cell("表4", "32", "1")])
    assert checker.evaluations - before == len(claims)
    assert [f.rule for f in removed] == ["N-AMOUNT"] and "4,199.3" in removed[0].quote
    assert set(checker.findings()) == set(check_text(jianghan.narrative.text, jianghan))


def test_data_page_cells_drive_their_claims(jianghan):
    checker = NarrativeChecker()
    checker.run_full(jianghan)
    assert checker.dependents(figure_cell("上年机关运行经费"))
    jianghan.narrative.figures["上年机关运行经费"] = D("68.83")  # 27.99 / 89.82 is 31.16 %: the text's own base
    added, removed = checker.update(jianghan, [figure_cell("上年机关运行经费")])
    assert any("31.16%" in f.quote for f in removed)
    assert checker.dependents(prior_cell("表9", "1", "12"))


def test_document_edits_update_narrative_findings_like_any_other(jianghan):
    doc = ProjectDocument(jianghan)
    assert any(f.rule == "N-RATE" and "59%" in f.quote for f in doc.findings)
    change = doc.set_value(Cell("表9", "1", "12"), D("0.24"))  # 公务接待 now +0.09 on 0.15 = 60 %: the expected rate moves
    [new] = [f for f in change.added if f.rule == "N-RATE"]
    assert new.expected == D("60.00") and "59%" in new.quote
    assert doc.findings == doc.book.check(copy.deepcopy(jianghan))


def test_new_text_is_checked_in_full(jianghan):
    doc = ProjectDocument(jianghan)
    published = jianghan.narrative.text
    old = doc.set_narrative_text("十、机关运行经费支出情况\n机关运行经费支出 89.82 万元，比上年增加 27.99 万元，增长 45.27%。")
    assert old == published
    assert not any(f.cells[0].table == "说明" for f in doc.findings)
    text = "十、机关运行经费支出情况\n机关运行经费支出 89.80 万元。"
    doc.set_narrative_text(text)
    [finding] = [f for f in doc.findings if f.cells[0].table == "说明"]
    start = text.index("89.80")
    assert finding.expected == D("89.82") and finding.span == (start, start + len("89.80 万元"))


def test_data_page_fields_and_edits_through_the_document(zengdu):
    from juesuan.narrative.data import data_fields

    fields = {f.cell: f for f in data_fields(zengdu)}
    assert prior_cell("表1", "31", "1") in fields and figure_cell("机关运行经费年初预算") in fields
    assert fields[count_cell("车辆")].is_count
    assert budget_cell("表5", "2010301", "1") in fields and not any(c.table == "表9" for c in fields)  # 表9 prints its own 预算数
    doc = ProjectDocument(zengdu)
    assert any("183.53" in f.quote for f in doc.findings if f.quote)
    old = doc.set_narrative_data(figure_cell("机关运行经费"), D("83.30"))
    assert old == D("83.29") and zengdu.narrative.figures["机关运行经费"] == D("83.30")
    assert doc.findings == doc.book.check(copy.deepcopy(zengdu))
    doc.set_narrative_data(count_cell("车辆"), D("8"))
    vehicles = [f for f in doc.findings if f.rule == "N-COUNT" and "7 辆" in f.quote]
    assert len(vehicles) == 2 and {f.expected for f in vehicles} == {D("8")}  # 保有量 (九) and 共有车辆 (十二)
    with pytest.raises(JuesuanError, match="整数"):
        doc.set_narrative_data(count_cell("车辆"), D("2.5"))
    doc.set_narrative_data(prior_cell("表1", "31", "1"), None)
    assert "表1" in zengdu.prior_year and "31" not in zengdu.prior_year["表1"]
    assert doc.findings == doc.book.check(copy.deepcopy(zengdu))


def test_rows_changed_behind_its_back_are_still_noticed_without_sorting_per_edit(jianghan):
    """The checker tells "表5 rows unchanged" by the subject dict's revision (a value edit leaves it alone) and
    compares the rows themselves only when it moved, so a rename or removal made without naming the table
    still means a full run."""
    subjects = jianghan.tables["表5"].subjects
    revision = subjects.revision
    jianghan.tables["表5"].values.setdefault("2010301", {})["1"] = D("1.00")
    assert subjects.revision == revision  # values are not rows
    checker = NarrativeChecker()
    checker.run_full(jianghan)
    code = next(c for c in subjects if len(c) == 7)
    subjects[code] = subjects[code] + "（改名）"
    assert subjects.revision == revision + 1
    checker.update(jianghan)
    assert set(checker.findings()) == set(check_text(jianghan.narrative.text, jianghan))
    del subjects[code]
    checker.update(jianghan)
    assert set(checker.findings()) == set(check_text(jianghan.narrative.text, jianghan))
