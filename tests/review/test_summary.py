"""The summary page's numbers, and sign-off over the 自评 forms as well as the tables."""

from __future__ import annotations

import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import workflow
from juesuan.review.model import Anchor
from juesuan.review.session import ReviewSession
from juesuan.review.summary import summarize

from .helpers import D, PREPARER, REVIEWER, accept_explanations, add_warning, explain_warnings, run_cli, sign_off_accepted, submit_explained


def test_summary_counts_everything_a_reviewer_sees_first(clean_project, clock):
    doc = ProjectDocument(clean_project)
    prep, rev = ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)
    warning = add_warning(doc)
    warnings = sum(1 for f in doc.findings if f.severity == "warning")
    explanation = prep.explain(warning, "接待费部分由项目支出列支")
    done = rev.add_comment(Anchor(kind="table", table="表8"), "确无国有资本经营预算？")
    prep.reply(done.id, "确无")
    rev.resolve(done.id)
    explain_warnings(prep)
    prep.submit()
    rev.accept(explanation.id)
    accept_explanations(rev)  # the sample's other 提示 was explained before 送审 too
    rev.sign_off()
    rev.comment_cell(Cell("表9", "1", "12"), "请附明细")  # after sign-off: an open 批注 (sign-off refuses one)
    cell = Cell("表3", "2010301", "2")
    doc.set_value(cell, doc.value(cell) + D("1.00"))  # after sign-off: an error appears, and a change
    s = rev.summary()
    assert (s.unit, s.year, s.status, s.status_name) == ("武汉市江汉区人民政府办公室", 2022, "approved", "审核通过")
    assert s.counts.errors == sum(1 for f in doc.findings if f.severity == "error") >= 1
    assert (s.counts.warnings, s.counts.muted_warnings) == (warnings - 2, 2)
    assert (s.explanations_pending, s.explanations_accepted, s.comments_open, s.comments_resolved) == (0, 2, 1, 1)
    assert s.modified_after_signoff and [c.cells() for c in s.changed_since_signoff] == [(cell,)]
    assert s.last_change.by.who == REVIEWER
    text = "\n".join(s.lines())
    assert "状态：审核通过（王科长（江汉区财政局）" in text and "审核后已修改（1 处）" in text
    assert f"提示 {warnings - 2}" in text and "另有已接受说明的提示 2 条" in text and "批注：未解决 1，已解决 1" in text
    data = s.as_dict()
    assert data["counts"]["muted_warnings"] == 2 and data["signoff"]["reviewer"] == "王科长"
    assert data["signoff_verdict"] == "changed" and data["changed_since_signoff"][0]["row"] == "2010301"


def test_summary_of_a_fresh_file(clean_project):
    s = summarize(clean_project)
    assert s.status_name == "填报中" and s.signoff is None and s.changed_since_signoff == ()
    assert not s.modified_after_signoff and s.signoff_check.verdict == "unsigned"


def test_a_change_in_the_selfeval_forms_after_signoff_is_listed(clean_project, clock, tmp_path):
    if "selfeval" not in type(clean_project).model_fields:
        pytest.fail("the project model has no selfeval field")
    clean_project.selfeval.whole.name = "武汉市江汉区人民政府办公室"
    doc = ProjectDocument(clean_project)
    assert [f for f in doc.findings if f.severity == "error"] == []
    submit_explained(ReviewSession(doc, PREPARER, clock))
    sign_off_accepted(ReviewSession(doc, REVIEWER, clock))
    assert doc.project.review.signoff.content["selfeval"]["whole"]["name"] == "武汉市江汉区人民政府办公室"
    doc.project.selfeval.whole.name = "江汉区政府办"
    [change] = workflow.changed_since_signoff(doc.project)
    assert (change.part, change.path, change.old, change.new) == (
        "selfeval", ("whole", "name"), "武汉市江汉区人民政府办公室", "江汉区政府办")
    assert change.cells() == ()  # not a 决算 cell
    path = tmp_path / "s.juesuan"
    projectfile.save(doc.project, path)
    result = run_cli("verify", str(path))
    assert result.returncode == 1
    assert "绩效自评 整体自评表 名称：武汉市江汉区人民政府办公室 → 江汉区政府办" in result.stdout
