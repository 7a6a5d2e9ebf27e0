"""说明 on a warning: written from the cell menu or the issues panel, decided by another person, muted in the counts
when accepted, flagged 数据已变 when the values behind it change; errors cannot be explained."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan.ui.review.explanations import ExplanationAnswer, ExplanationDialog, ExplanationInfo

from .helpers import (PREPARER, RECEPTION, RECEPTION_RULE, RENT, REVIEWER, VEHICLE, action_named, cell_actions,
                      type_into, type_text)

TEXT = "公务接待费部分由项目支出列支，表6只含基本支出部分。"


def warning_of(window):  # noqa: ANN001, ANN201
    [found] = [f for f in window.document.findings if f.rule == RECEPTION_RULE]
    return found


def with_warning(make_window, clean_file, qtbot, user=PREPARER, name="prep"):  # noqa: ANN001, ANN201
    window, answers = make_window(user, name)
    assert window.open_path(clean_file)
    view = window.page("表6").view
    type_into(qtbot, view, RECEPTION, "0.50")
    type_into(qtbot, view, VEHICLE, "5.35")
    return window, answers


def test_explanation_from_the_cell_menu_mutes_then_goes_stale(make_window, clean_file, qtbot):
    window, answers = with_warning(make_window, clean_file, qtbot)
    base = window.counts.text()
    [write] = [a for a in cell_actions(window, RECEPTION) if a.objectName() == "review-explanation"]
    assert write.text().startswith("写说明：表9 决算数 公务接待费")
    answers.explanation_answer = ExplanationAnswer("explain", TEXT)
    write.trigger()
    info = answers.explanation_info
    assert info.can_write and info.state is None and info.location == "表9 12栏"
    row = window.issues.model.rows.index(warning_of(window))
    assert window.issues.model.index(row, 4).data() == "待审核"
    assert window.counts.text() == base  # pending: still counted

    # the author cannot decide; another person accepts → muted, greyed, counted apart
    answers.explanation_answer = ExplanationAnswer("accept", "")
    window.issues.context_actions(warning_of(window))[0].trigger()
    assert answers.explanation_info.decide_problem() == "这是您自己写的说明，请由另一位审核人审核"
    assert answers.kinds()[-1] == "error" and "不能审核自己写的说明" in answers.errors()[-1]
    window.settings.setValue("user/name", REVIEWER.name)
    window.settings.setValue("user/unit", REVIEWER.unit)
    window.issues.context_actions(warning_of(window))[0].trigger()
    explanation = window.document.project.review.explanations[0]
    assert explanation.verdict == "accepted" and explanation.decision.by.who == REVIEWER
    assert window.issues.model.index(row, 4).data() == "已说明"
    assert window.issues.model.index(row, 0).data(Qt.ForegroundRole).name() == "#8a8f98"
    warnings = int(base.split("提示 ")[1].split(" ")[0])
    assert window.counts.text() == base.replace(f"提示 {warnings}", f"提示 {warnings - 1}") + " · 已说明 1"

    # a value behind it changes, the warning stays: 数据已变, counted again, not decidable
    type_into(qtbot, window.page("表6").view, RECEPTION, "0.60")
    type_into(qtbot, window.page("表6").view, VEHICLE, "5.25")
    row = window.issues.model.rows.index(warning_of(window))
    assert window.issues.model.index(row, 4).data() == "数据已变"
    assert window.counts.text() == base
    answers.explanation_answer = None
    window.issues.context_actions(warning_of(window))[0].trigger()
    assert answers.explanation_info.decide_problem().startswith("说明写好后数据已变")
    # back to the values it was written against: accepted again
    type_into(qtbot, window.page("表6").view, RECEPTION, "0.50")
    type_into(qtbot, window.page("表6").view, VEHICLE, "5.35")
    row = window.issues.model.rows.index(warning_of(window))
    assert window.issues.model.index(row, 4).data() == "已说明"


def test_errors_cannot_be_explained(make_window, seed_file):
    window, answers = make_window(PREPARER, "prep")
    assert window.open_path(seed_file)
    blocked = action_named(cell_actions(window, RENT), "review-no-explanation")
    assert not blocked.isEnabled() and "错误必须改正" in blocked.text()
    [error] = [f for f in window.document.findings if f.rule == "S-NAME"]
    [panel] = window.issues.context_actions(error)
    assert not panel.isEnabled() and panel.text() == "错误必须改正，不能写说明"


def test_review_mode_decides_but_does_not_write(make_window, clean_file, qtbot):
    window, answers = with_warning(make_window, clean_file, qtbot)
    answers.explanation_answer = ExplanationAnswer("explain", TEXT)
    window.issues.context_actions(warning_of(window))[0].trigger()
    window.findChild(type(window.review.actions["submit"]), "action-save").trigger()
    path = window.document.path
    rev, answers = make_window(REVIEWER, "rev")
    assert rev.open_for_review(path)
    [action] = rev.issues.context_actions(warning_of(rev))
    assert action.text().startswith("审核说明（待审核）：")
    answers.explanation_answer = ExplanationAnswer("reject", "")  # a rejection needs a reason: refused
    action.trigger()
    info = answers.explanation_info
    assert not info.can_write and info.decide_problem() == ""
    assert "驳回说明时请写明理由" in answers.errors()[-1]
    answers.explanation_answer = ExplanationAnswer("reject", "请附接待清单")
    rev.issues.context_actions(warning_of(rev))[0].trigger()
    explanation = rev.document.project.review.explanations[0]
    assert explanation.verdict == "rejected" and explanation.decision.remark == "请附接待清单"
    row = rev.issues.model.rows.index(warning_of(rev))
    assert rev.issues.model.index(row, 4).data() == "说明被驳回"


def test_the_real_dialog_writes_accepts_and_rejects(qtbot, make_window, clean_file, artifacts):
    window, _answers = with_warning(make_window, clean_file, qtbot)
    finding = warning_of(window)
    # the preparer writes: 保存说明 is enabled once there is text
    dialog = ExplanationDialog(ExplanationInfo(finding, "表9 12栏", None, PREPARER, False))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "写说明" and not dialog.save.isEnabled() and not dialog.decision_box.isVisibleTo(dialog)
    type_text(dialog.text, TEXT)
    assert dialog.save.isEnabled()
    QTest.mouseClick(dialog.save, Qt.LeftButton)
    assert dialog.answer() == ExplanationAnswer("explain", TEXT)

    # the reviewer decides: 驳回 needs a remark, the text is read-only
    window.review.session.who = PREPARER
    window.review.session.explain(finding, TEXT)
    state = window.document.review_marks.state_for(finding)
    dialog = ExplanationDialog(ExplanationInfo(finding, "表9 12栏", state, REVIEWER, True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "审核说明" and dialog.text.isReadOnly() and dialog.text.toPlainText() == TEXT
    assert "说明：李会计（江汉区人民政府办公室财务科）" in dialog.history.text() and "当前：待审核" in dialog.history.text()
    assert dialog.accept_button.isEnabled() and not dialog.reject_button.isEnabled()
    type_text(dialog.remark, "请附清单")
    assert dialog.reject_button.isEnabled()
    assert dialog.grab().save(str(artifacts / "review-explanation-dialog.png"))
    QTest.mouseClick(dialog.reject_button, Qt.LeftButton)
    assert dialog.answer() == ExplanationAnswer("reject", "请附清单")
    # its own author sees why the buttons are off
    dialog = ExplanationDialog(ExplanationInfo(finding, "表9 12栏", state, PREPARER, False))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.accept_button.isEnabled() and "自己写的说明" in dialog.problem.text()
