"""送审 like the official client: every 提示 needs a written 说明 first; sign-off refuses open 批注 and missing 说明,
naming each."""

from __future__ import annotations

import pytest

from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import workflow
from juesuan.review.session import ReviewSession
from juesuan.review.workflow import Refused

from .helpers import PREPARER, REVIEWER, RECEPTION_RULE, accept_explanations, add_warning, explain_warnings


def test_submit_lists_each_unexplained_warning_until_each_has_a_written_explanation(clean_project, clock):
    doc = ProjectDocument(clean_project)
    prep = ReviewSession(doc, PREPARER, clock)
    reception = add_warning(doc)
    warnings = [f for f in doc.findings if f.severity == "warning"]
    assert len(warnings) == 2 and reception in warnings
    with pytest.raises(Refused) as refused:
        prep.submit()
    assert set(refused.value.findings) == set(warnings)
    assert str(refused.value).startswith("还有 2 条提示没有填写说明，逐条写明原因后才能提交")
    assert reception.message in str(refused.value)
    prep.explain(reception, "接待费部分由项目支出列支")
    with pytest.raises(Refused) as again:
        prep.submit()
    assert [f.rule for f in again.value.findings] == [f.rule for f in warnings if f is not reception]
    assert doc.project.review.status == "draft"
    explain_warnings(prep)
    assert prep.submit().status == "submitted"


def test_sign_off_refuses_an_open_comment_naming_it(clean_project, clock):
    doc = ProjectDocument(clean_project)
    prep, rev = ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)
    explain_warnings(prep)
    comment = rev.comment_cell(Cell("表9", "1", "12"), "请附公务接待明细")
    prep.submit()
    accept_explanations(rev)
    with pytest.raises(Refused) as refused:
        rev.sign_off()
    assert refused.value.comments == (comment,)
    assert "还有 1 条批注未解决" in str(refused.value) and "表9 1 12栏：请附公务接待明细" in str(refused.value)
    rev.resolve(comment.id)
    assert rev.sign_off().by.who == REVIEWER


def test_sign_off_refuses_a_warning_without_explanation(clean_project, clock):
    doc = ProjectDocument(clean_project)
    prep, rev = ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)
    explain_warnings(prep)
    prep.submit()
    accept_explanations(rev)
    extra = add_warning(ProjectDocument(clean_project.model_copy(deep=True)))  # a 提示 the reviewer's check finds
    findings = (*doc.findings, extra)
    with pytest.raises(Refused, match="还有 1 条提示没有说明，不能审核通过") as refused:
        workflow.sign_off(doc.project, REVIEWER, findings=findings)
    assert refused.value.findings == (extra,) and extra.rule == RECEPTION_RULE
    assert doc.project.review.status == "submitted"
