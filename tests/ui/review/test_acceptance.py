"""Acceptance (issue 6): a preparer and a reviewer work on one file through two real windows, one after the other."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan import projectfile
from juesuan.findings import Cell
from juesuan.review import canonical
from juesuan.review.workflow import check_signoff
from juesuan.ui.review.controller import READ_ONLY_REASON
from juesuan.ui.review.explanations import ExplanationAnswer
from juesuan.ui.tables.model import ChangedRole, CommentRole

from .helpers import (PREPARER, accept_rest, explain_rest, RECEPTION, RECEPTION_RULE, RENT, REVIEWER, VEHICLE, action_named, cell_actions, goto,
                      marked_cells, type_into, type_text)

EXPLANATION = "2022年公务接待费部分由项目支出列支，表6只含基本支出部分，差额0.13万元属实。"
COMMENT = "表9 公务接待费只含基本支出部分吗？请说明项目支出中的接待费。"
REPLY = "已核对项目支出明细，同意。"
RECEPTION_9 = Cell("表9", "1", "12")
CHANGED = Cell("表3", "2010301", "2")


def data_json(path) -> dict:  # noqa: ANN001
    """The file's content without the review record, as stored."""
    content = json.loads(path.read_text(encoding="utf-8"))["content"]
    content.pop("review", None)
    return content


def the_warning(window):  # noqa: ANN001, ANN201
    found = [f for f in window.document.findings if f.rule == RECEPTION_RULE]
    assert len(found) == 1, [f.message for f in window.document.findings]
    return found[0]


def test_preparer_submits_reviewer_signs_off_reopen_shows_all(make_window, seed_file, qtbot):
    path = seed_file

    # -- preparer (user A): the first submit is refused and lists the one real error ------------------------
    prep, answers = make_window(PREPARER, "prep")
    assert prep.open_path(path)
    answers.texts = ["2022年决算，请审核"]
    assert prep.review.submit() is False
    assert answers.kinds()[-1] == "refused"
    assert len(answers.refused_items) == 1 and "2210202" in answers.refused_items[0]
    assert "租房补贴" in answers.refused_items[0] and "S-NAME" not in answers.refused_items[0]
    assert prep.document.project.review.status == "draft" and prep.document.project.review.history == []
    # (the refused attempt took 09:01 from the clock; every later step is one minute later)

    # fix it, and type the two values that raise the warning the preparer explains
    table3 = prep.page("表3").view
    type_into(qtbot, table3, RENT, "提租补贴")
    table6 = prep.page("表6").view
    type_into(qtbot, table6, RECEPTION, "0.50")
    type_into(qtbot, table6, VEHICLE, "5.35")
    assert [f for f in prep.document.findings if f.severity == "error"] == []
    warning = the_warning(prep)

    # explanation from the issues panel, comment from the cell's context menu
    answers.explanation_answer = ExplanationAnswer("explain", EXPLANATION)
    [explain] = prep.issues.context_actions(warning)
    assert explain.text().startswith("写说明：")
    explain.trigger()
    assert explain_rest(prep, answers) == 1  # the sample's other 提示 (no 项目支出 自评表): 送审 needs its 说明 too
    answers.texts = [COMMENT]
    action_named(cell_actions(prep, RECEPTION_9), "review-add-comment").trigger()
    answers.texts = ["2022年决算，请审核"]
    prep.review.actions["submit"].trigger()
    review = prep.document.project.review
    assert review.status == "submitted" and len(review.explanations) == 2 and len(review.comments) == 1
    assert prep.isWindowModified()
    prep.findChild(type(prep.review.actions["submit"]), "action-save").trigger()
    assert not prep.isWindowModified()
    submitted_data = data_json(path)
    prep.close()

    # -- reviewer (user B): 审核打开 shows the summary page; data cannot be edited --------------------------------
    rev, answers = make_window(REVIEWER, "rev")
    answers.project_path_answer = str(path)
    rev.review.actions["open"].trigger()
    assert rev.review.review_mode and rev.windowTitle().startswith(f"{path.name}[*]［审核］")
    page = rev.review.summary_page
    assert rev.tabs.currentWidget() is page and rev.tabs.tabText(0) == "审核概况"
    assert page.text("unit") == "武汉市江汉区人民政府办公室" and page.text("year") == "2022 年度"
    assert page.text("status") == "已提交（李会计（江汉区人民政府办公室财务科），2023-03-01 09:05:00 +08:00）\n备注：2022年决算，请审核"
    by_severity = {s: sum(1 for f in rev.document.findings if f.severity == s) for s in ("error", "warning", "tail")}
    assert by_severity["error"] == 0 and by_severity["warning"] >= 1
    assert page.text("counts") == f"错误 0　提示 {by_severity['warning']}　尾数差 {by_severity['tail']}"
    assert page.text("comments").startswith("未解决 1，已解决 0")
    assert page.text("explanations") == "待审核 2，已接受 0，已驳回 0，数据已变 0"
    assert rev.review.mode_label.isVisible() and rev.review.state_label.text().startswith("状态：已提交（李会计，")

    table1 = rev.page("表1").view
    rev.tabs.setCurrentWidget(rev.page("表1"))
    before = canonical.content(rev.document.project)
    goto(table1, Cell("表1", "4", "1"))
    QTest.keyClicks(table1, "999")
    QTest.keyClick(table1, Qt.Key_Return)
    assert table1.active_editor() is None
    assert rev.statusBar().currentMessage() == READ_ONLY_REASON
    assert canonical.content(rev.document.project) == before and not rev.isWindowModified()

    # accept the explanation from the issues panel; reply in the comments dock with real keys; sign off
    answers.explanation_answer = ExplanationAnswer("accept", "情况属实")
    [decide] = rev.issues.context_actions(the_warning(rev))
    assert decide.text().startswith("审核说明（待审核）：")
    decide.trigger()
    assert accept_rest(rev, answers) == 1
    assert rev.counts.text() == f"错误 0 · 提示 {by_severity['warning'] - 2} · 尾数差 {by_severity['tail']} · 已说明 2"
    action_named(cell_actions(rev, RECEPTION_9), "review-show-comment").trigger()
    dock = rev.review.comments_dock
    assert dock.isVisible() and dock.current().text == COMMENT
    type_text(dock.reply, REPLY)
    QTest.mouseClick(dock.send, Qt.LeftButton)
    assert dock.reply.toPlainText() == "" and "王科长" in dock.thread.toPlainText()
    rev.review.session.resolve(dock.current().id)  # sign-off refuses while a 批注 is open
    answers.texts = ["数据与表间关系已核对"]
    rev.review.actions["signoff"].trigger()
    assert rev.document.project.review.status == "approved", answers.asked
    assert rev.review.state_label.text() == "状态：审核通过（王科长签字，2023-03-01 09:10）"
    assert rev.isWindowModified()
    rev.findChild(type(rev.review.actions["submit"]), "action-save").trigger()
    assert not rev.isWindowModified() and answers.errors() == []
    assert data_json(path) == submitted_data  # the reviewer's save wrote the review record only
    rev.close()

    # -- reopen: everything is there with the right names and times --------------------------------------------
    again, answers = make_window(PREPARER, "prep")
    assert again.open_path(path)
    record = again.document.project.review
    assert len(record.explanations) == 2 and all(e.verdict == "accepted" for e in record.explanations)
    explanation = next(e for e in record.explanations if e.text == EXPLANATION)
    assert (explanation.text, explanation.current.by.who, explanation.current.by.when.isoformat()) == (
        EXPLANATION, PREPARER, "2023-03-01T09:02:00+08:00")
    assert (explanation.verdict, explanation.decision.by.who, explanation.decision.remark,
            explanation.decision.by.when.isoformat()) == ("accepted", REVIEWER, "情况属实", "2023-03-01T09:06:00+08:00")
    [comment] = record.comments
    assert (comment.text, comment.by.who, comment.by.when.isoformat()) == (COMMENT, PREPARER, "2023-03-01T09:04:00+08:00")
    [reply] = comment.replies
    assert (reply.text, reply.by.who, reply.by.when.isoformat()) == (REPLY, REVIEWER, "2023-03-01T09:08:00+08:00")
    assert [(h.status, h.by.who.name, h.by.when.isoformat()) for h in record.history] == [
        ("submitted", "李会计", "2023-03-01T09:05:00+08:00"), ("approved", "王科长", "2023-03-01T09:10:00+08:00")]
    assert record.signoff.by.who == REVIEWER and record.signoff.remark == "数据与表间关系已核对"
    # … and the window shows it
    page = again.review.show_summary()
    assert page.text("signoff") == "王科长（江汉区财政局） 于 2023-03-01 09:10:00 +08:00 审核通过；数据与签字时一致"
    assert page.text("counts") == (f"错误 0　提示 {by_severity['warning'] - 2}　尾数差 {by_severity['tail']}"
                                   "　（另有已接受说明的提示 2 条，不计入）")
    assert page.history.rowCount() == 2 and page.history.item(1, 2).text() == "王科长"
    warning = the_warning(again)
    row = again.issues.model.rows.index(warning)
    assert again.issues.model.index(row, 4).data() == "已说明"
    assert again.issues.model.index(row, 3).data(Qt.ForegroundRole).name() == "#8a8f98"
    assert goto(again.page("表9").view, RECEPTION_9).data(CommentRole) == "resolved"
    again.review.show_comment(comment.id)
    thread = again.review.comments_dock.thread.toPlainText()
    assert "李会计（江汉区人民政府办公室财务科） 批注 2023-03-01 09:04:00 +08:00" in thread
    assert "王科长（江汉区财政局） 回复 2023-03-01 09:08:00 +08:00" in thread and REPLY in thread

    # -- after sign-off: one changed value marks exactly that cell; changing it back clears it ------------------
    assert marked_cells(again, ChangedRole) == set()
    old = again.document.value(CHANGED)
    type_into(qtbot, again.page("表3").view, CHANGED, str(old + Decimal("1")))
    assert marked_cells(again, ChangedRole) == {CHANGED}
    assert page.change_texts() == [f"表3 2010301 行政运行 2栏：{old:,.2f} → {old + 1:,.2f}"]
    assert again.review.changed_label.text() == "审核后已修改 1 处"
    assert "审核后已修改（1 处）" in page.text("signoff")
    tooltip = goto(again.page("表3").view, CHANGED).data(Qt.ToolTipRole)
    assert f"【审核后已修改】签字时 {old:,.2f}，现在 {old + 1:,.2f}" in tooltip
    assert again.review.actions["submit"].isEnabled()  # the preparer may submit the change
    again.findChild(type(again.review.actions["submit"]), "action-save").trigger()
    assert check_signoff(projectfile.load(path)).verdict == "changed"
    verify = subprocess.run([sys.executable, "-m", "juesuan", "verify", str(path)], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert verify.returncode == 1 and "表3 2010301 行政运行 2栏" in verify.stdout

    type_into(qtbot, again.page("表3").view, CHANGED, str(old))
    assert marked_cells(again, ChangedRole) == set()
    assert page.change_texts() == [] and page.changes_note.text() == "签字后数据没有改动。"
    assert not again.review.changed_label.isVisible()
    again.findChild(type(again.review.actions["submit"]), "action-save").trigger()
    assert check_signoff(projectfile.load(path)).verdict == "valid"
    verify = subprocess.run([sys.executable, "-m", "juesuan", "verify", str(path)], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
