"""Status: 填报中 → 已提交 → 审核通过 / 退回修改; submitting with errors is refused with the list."""

from __future__ import annotations

import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import canonical
from juesuan.review.session import ReviewSession
from juesuan.review.workflow import Refused, ReviewError

from .helpers import D, PREPARER, REVIEWER, accept_explanations, errors, explain_warnings, submit_explained


def test_submitting_with_an_error_is_refused_and_lists_it(clean_project, clock):
    clean_project.tables["表3"].subjects["2210202"] = "租房补贴"  # as seed 003 prints it: the one real 决算 error
    doc = ProjectDocument(clean_project)
    [error] = errors(doc.findings)
    assert error.rule == "S-NAME"
    prep = ReviewSession(doc, PREPARER, clock)
    with pytest.raises(Refused) as refused:
        explain_warnings(prep)
        prep.submit()
    assert refused.value.findings == (error,)
    assert str(refused.value) == f"还有 1 个错误，改正后才能提交：\n  1. {error.message}"
    assert doc.project.review.history == [] and doc.project.review.status == "draft"
    doc.rename_subject("表3", "2210202", "提租补贴")
    explain_warnings(prep)
    change = prep.submit("改正了科目名称")
    assert change.status == "submitted" and change.sha256 == canonical.content_hash(doc.project)


def test_the_sample_file_cannot_be_submitted_as_it_is(sample_path, clock):
    doc = ProjectDocument(projectfile.load(sample_path))
    with pytest.raises(Refused) as refused:
        submit_explained(ReviewSession(doc, PREPARER, clock))
    assert refused.value.findings == tuple(errors(doc.findings))
    assert "S-NAME" in {f.rule for f in refused.value.findings}
    assert doc.project.review.status == "draft"


def test_many_errors_are_listed_with_a_count(clean_project, clock):
    doc = ProjectDocument(clean_project)
    for row in ("1", "4", "5"):
        cell = Cell("表1", row, "1")
        doc.set_value(cell, (doc.value(cell) or D(0)) + D("50"))
    with pytest.raises(Refused) as refused:
        submit_explained(ReviewSession(doc, PREPARER, clock))
    found = refused.value.findings
    assert len(found) >= 3 and all(f.severity == "error" for f in found)
    assert all(f.message in str(refused.value) for f in found[:20])


def test_the_full_cycle_of_statuses(clean_project, clock):
    doc = ProjectDocument(clean_project)
    prep, rev = ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)
    review = doc.project.review
    assert review.status_name == "填报中"
    explain_warnings(prep)
    prep.submit()
    with pytest.raises(ReviewError, match="已经提交"):
        explain_warnings(prep)
        prep.submit()
    prep.withdraw("还要补一张表")
    assert review.status_name == "填报中"
    explain_warnings(prep)
    prep.submit()
    with pytest.raises(ReviewError, match="退回理由不能为空"):
        rev.return_for_changes("  ")
    rev.return_for_changes("请核对表9")
    assert review.status_name == "退回修改"
    with pytest.raises(ReviewError, match="只有已提交的文件才能审核通过"):
        accept_explanations(rev)
        rev.sign_off()
    explain_warnings(prep)
    prep.submit("已核对")
    accept_explanations(rev)
    rev.sign_off()
    assert review.status_name == "审核通过"
    with pytest.raises(ReviewError, match="无需重新提交"):
        explain_warnings(prep)
        prep.submit()
    cell = Cell("表9", "1", "12")
    doc.set_value(cell, D("0.38"))
    doc.set_value(Cell("表9", "1", "7"), D("6.08"))  # keep 表9's sums: a correction after approval
    assert errors(doc.findings) == []
    explain_warnings(prep)
    prep.submit("审核后更正接待费")  # allowed again because the data changed since sign-off
    assert [h.status for h in review.history] == ["submitted", "draft", "submitted", "returned", "submitted",
                                                  "approved", "submitted"]
    assert [h.by.who.name for h in review.history] == ["李会计", "李会计", "李会计", "王科长", "李会计", "王科长", "李会计"]
    times = [h.by.when for h in review.history]
    assert times == sorted(times) and all(t.utcoffset() is not None for t in times)
