"""Acceptance: a preparer and a reviewer work on the same file on disk, one after the other."""

from __future__ import annotations

import json
import re

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import canonical
from juesuan.review.session import ReviewSession

from .helpers import Clock, D, PREPARER, RECEPTION, RECEPTION_RULE, REVIEWER, VEHICLE, accept_explanations, add_warning, errors, explain_warnings, only, run_cli

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def _times(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "when":
                found.append(value)
            else:
                _times(value, found)
    elif isinstance(node, list):
        for value in node:
            _times(value, found)
    return found


def test_preparer_then_reviewer_through_the_file(tmp_path, clean_project):
    path = tmp_path / "江汉区-2022.juesuan"
    clean_project.tables["表3"].subjects["2210202"] = "租房补贴"  # the 决算 tables exactly as seed 003 prints them
    projectfile.save(clean_project, path)
    clock = Clock()

    # -- preparer session (user A) ------------------------------------------------------------
    doc = ProjectDocument(projectfile.load(path))
    prep = ReviewSession(doc, PREPARER, clock)
    events = []
    prep.subscribe(events.append)
    doc.rename_subject("表3", "2210202", "提租补贴")  # fix the one real error first
    warning = add_warning(doc)
    assert errors(doc.findings) == []
    explanation = prep.explain(warning, "2022年公务接待费部分由项目支出列支，表6只含基本支出部分，差额0.13万元属实。")
    comment = prep.comment_cell(Cell("表9", "1", "12"), "表9 公务接待费只含基本支出部分，项目支出中的接待费另见说明。")
    explain_warnings(prep)
    submitted = prep.submit("2022年决算，请审核")
    # the sample's other 提示 (no 项目支出 自评表) gets its 说明 too: 送审 needs one on each
    assert [e.kind for e in events] == ["explanation", "comment", "explanation", "status"]
    assert doc.project.review.status == "submitted"
    projectfile.save(doc.project, path)

    # -- reviewer session (user B), a fresh load of the same file ------------------------------
    doc2 = ProjectDocument(projectfile.load(path))
    rev = ReviewSession(doc2, REVIEWER, clock)
    assert rev.summary().counts.warnings >= 1
    [state] = [s for s in rev.explanation_states() if s.explanation.id == explanation.id]
    assert state.active and not state.stale and state.explanation.verdict == "pending"
    rev.accept(explanation.id, "情况属实")
    rev.reply(comment.id, "已核对项目支出明细，同意。")
    rev.resolve(comment.id)
    accept_explanations(rev)
    signoff = rev.sign_off("数据与表间关系已核对")
    assert doc2.project.review.status == "approved"
    projectfile.save(doc2.project, path)

    # -- reopen: everything is there with the right names and times -----------------------------
    raw = json.loads(path.read_text(encoding="utf-8"))
    times = _times(raw["content"]["review"], [])
    assert len(times) >= 6 and all(ISO.match(t) for t in times), times
    project = projectfile.load(path)
    review = project.review
    assert len(review.explanations) == 2 and all(x.verdict == "accepted" for x in review.explanations)
    e = next(x for x in review.explanations if x.id == explanation.id)
    assert e.text.startswith("2022年公务接待费部分由项目支出列支")
    assert (e.current.by.who, e.current.by.when.isoformat()) == (PREPARER, "2023-03-01T09:01:00+08:00")
    assert e.verdict == "accepted"
    assert (e.decision.by.who, e.decision.remark) == (REVIEWER, "情况属实")
    assert e.decision.by.when.isoformat() == "2023-03-01T09:05:00+08:00"  # after the other 提示's 说明 and 送审
    assert {(v.table, v.row, v.column, v.value) for v in e.current.values} == {
        ("表9", "1", "12", "0.37"), ("表6", "30217", "1", "0.50")}
    [c] = review.comments
    assert (c.anchor.kind, c.anchor.table, c.anchor.row, c.anchor.column) == ("cell", "表9", "1", "12")
    assert c.by.who == PREPARER and c.by.when.isoformat() == "2023-03-01T09:02:00+08:00"
    assert [(r.by.who, r.text, r.by.when.isoformat()) for r in c.replies] == [
        (REVIEWER, "已核对项目支出明细，同意。", "2023-03-01T09:06:00+08:00")]
    assert c.resolved and c.resolved_by.who == REVIEWER
    assert [(h.status, h.by.who, h.remark) for h in review.history] == [
        ("submitted", PREPARER, "2022年决算，请审核"), ("approved", REVIEWER, "数据与表间关系已核对")]
    assert review.history[0].by.when == submitted.by.when
    assert review.signoff.by.who == REVIEWER and review.signoff.by.when.isoformat() == "2023-03-01T09:09:00+08:00"
    assert review.signoff.sha256 == signoff.sha256 == canonical.content_hash(project)
    assert project.value(RECEPTION.table, RECEPTION.row, RECEPTION.column) == D("0.50")
    assert project.value(VEHICLE.table, VEHICLE.row, VEHICLE.column) == D("5.35")
    # the accepted explanations mute their warnings (this one and the sample's other 提示), which stay listed
    fresh = ReviewSession(ProjectDocument(project), REVIEWER, clock)
    assert only(fresh.findings, RECEPTION_RULE)
    assert fresh.counts().muted_warnings == 2 and fresh.counts().warnings == 0

    result = run_cli("verify", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "王科长" in result.stdout and signoff.sha256 in result.stdout
