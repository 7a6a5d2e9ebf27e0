"""Explanations: refused on errors, mute accepted warnings, survive unrelated edits, flag 数据已变, keep history."""

from __future__ import annotations

import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import workflow
from juesuan.review.session import ReviewSession
from juesuan.review.summary import summarize
from juesuan.review.workflow import ReviewError

from .helpers import PREPARER, RECEPTION, RECEPTION_RULE, REVIEWER, D, add_warning, only

TEXT = "公务接待费部分由项目支出列支，差额属实。"


@pytest.fixture
def sessions(clean_project, clock):
    doc = ProjectDocument(clean_project)
    return doc, ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)


def _state(session, explanation):
    [state] = [s for s in session.explanation_states() if s.explanation.id == explanation.id]
    return state


def test_refused_on_errors_and_nothing_recorded(sample_project, clock):
    doc = ProjectDocument(sample_project)  # the real file: S-NAME is an error
    error = only(doc.findings, "S-NAME")
    assert error.severity == "error"
    with pytest.raises(ReviewError, match="必须改正，不能用说明代替"):
        ReviewSession(doc, PREPARER, clock).explain(error, "表3 的名称是旧口径")
    assert doc.project.review.explanations == []


def test_refused_when_empty_or_the_finding_is_gone(sessions):
    doc, prep, _ = sessions
    warning = add_warning(doc)
    with pytest.raises(ReviewError, match="说明不能为空"):
        prep.explain(warning, "   ")
    doc.set_value(RECEPTION, D("0.15"))
    with pytest.raises(ReviewError, match="已不存在"):
        prep.explain(warning, TEXT)
    assert doc.project.review.explanations == []


def test_accepted_explanation_mutes_the_warning_in_counts_but_keeps_it_visible(sessions):
    doc, prep, rev = sessions
    warning = add_warning(doc)
    before = prep.counts()
    explanation = prep.explain(warning, TEXT)
    assert prep.counts() == before  # pending: still counted
    rev.accept(explanation.id)
    after = prep.counts()
    assert (after.warnings, after.muted_warnings) == (before.warnings - 1, 1)
    assert after.errors == before.errors and after.total == before.total
    assert only(doc.findings, RECEPTION_RULE) == warning  # still listed
    summary = summarize(doc.project, doc.findings)
    assert "另有已接受说明的提示 1 条" in "\n".join(summary.lines())


def test_rejected_explanation_does_not_mute_and_needs_a_reason(sessions):
    doc, prep, rev = sessions
    explanation = prep.explain(add_warning(doc), TEXT)
    with pytest.raises(ReviewError, match="理由"):
        rev.reject(explanation.id, "")
    rev.reject(explanation.id, "请附项目支出明细")
    assert explanation.verdict == "rejected" and prep.counts().muted == 0


def test_the_author_cannot_decide_their_own_explanation(sessions):
    doc, prep, _ = sessions
    explanation = prep.explain(add_warning(doc), TEXT)
    with pytest.raises(ReviewError, match="不能审核自己写的说明"):
        prep.accept(explanation.id)
    assert explanation.decisions == []


def test_survives_an_unrelated_edit(sessions):
    doc, prep, rev = sessions
    explanation = prep.explain(add_warning(doc), TEXT)
    rev.accept(explanation.id)
    doc.set_value(Cell("表1", "1", "1"), doc.value(Cell("表1", "1", "1")) + D("0.01"))  # tails elsewhere
    assert any(f.severity == "tail" for f in doc.findings)
    state = _state(prep, explanation)
    assert state.active and not state.stale and state.flag == "" and state.mutes
    assert prep.counts().muted_warnings == 1


def test_flagged_data_changed_when_a_value_behind_it_changes(sessions):
    doc, prep, rev = sessions
    explanation = prep.explain(add_warning(doc), TEXT)
    rev.accept(explanation.id)
    doc.set_values([(RECEPTION, D("0.60")), (Cell("表6", "30231", "1"), D("5.25"))])  # still a warning, other amount
    state = _state(prep, explanation)
    assert state.active and state.stale and state.flag == "数据已变"
    assert state.changed == ((RECEPTION, "0.50", "0.60"),)
    assert not state.mutes and prep.counts().muted == 0  # an acceptance of other numbers does not mute
    with pytest.raises(ReviewError, match="数据已变"):
        rev.accept(explanation.id)
    # the preparer confirms with an updated text: a new revision, pending again, current again
    prep.explain(only(doc.findings, RECEPTION_RULE), TEXT + "（已按0.60更新）")
    state = _state(prep, explanation)
    assert len(explanation.revisions) == 2 and explanation.verdict == "pending" and not state.stale
    rev.accept(explanation.id)
    assert prep.counts().muted_warnings == 1


def test_dropped_from_active_but_kept_in_history_when_the_finding_disappears(sessions, tmp_path):
    doc, prep, rev = sessions
    explanation = prep.explain(add_warning(doc), TEXT)
    rev.accept(explanation.id)
    doc.set_values([(RECEPTION, D("0.15")), (Cell("表6", "30231", "1"), D("5.70"))])  # back to the real data
    assert not [f for f in doc.findings if f.rule == RECEPTION_RULE]
    state = _state(prep, explanation)
    assert not state.active and not state.mutes
    summary = prep.summary()
    assert summary.explanations_inactive == 1 and summary.explanations_accepted == 0
    path = tmp_path / "p.juesuan"
    projectfile.save(doc.project, path)
    kept = projectfile.load(path).review.explanations
    assert [(e.id, e.text, e.verdict) for e in kept] == [(explanation.id, TEXT, "accepted")]
    # the same finding on the same data comes back: so does its explanation
    add_warning(doc)
    state = _state(prep, explanation)
    assert state.active and not state.stale and state.mutes


def test_tails_can_be_explained(sessions):
    doc, prep, rev = sessions
    cell = Cell("表1", "1", "1")
    doc.set_value(cell, doc.value(cell) + D("0.01"))
    tail = next(f for f in doc.findings if f.severity == "tail")
    explanation = prep.explain(tail, "元转万元的尾数差")
    rev.accept(explanation.id)
    counts = prep.counts()
    assert counts.muted_tails == 1 and explanation.severity == "tail"


def test_explanations_need_a_named_person(sessions):
    doc, _, _ = sessions
    warning = add_warning(doc)
    nobody = PREPARER.model_copy(update={"name": "  "})
    with pytest.raises(ReviewError, match="姓名"):
        workflow.explain(doc.project, warning, TEXT, nobody, findings=doc.findings)
