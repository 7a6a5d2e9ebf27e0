"""与上年核对 in the window: a tampered 年初结转和结余 of a project made from last year's file is flagged, and its
说明 dialog offers the rule's standard reasons, which a click writes into the 说明."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from juesuan import projectfile
from juesuan.findings import Cell
from juesuan.rollover import roll_over
from juesuan.ui.review.explanations import ExplanationAnswer, ExplanationDialog

from .helpers import type_into

OPENING = Cell("表1", "29", "1")


def _made_from_last_year(tmp_path, sample_path):  # noqa: ANN001, ANN202
    last = projectfile.load(sample_path)
    last.set_value("表1", "60", "2", Decimal("12.50"))
    project = roll_over(last, 2023, sample_path.name)
    path = tmp_path / "江汉区2023.juesuan"
    projectfile.save(project, path, backup=False)
    return path


def test_a_changed_opening_balance_asks_for_a_reason(make_window, tmp_path, sample_path, qtbot, artifacts):
    path = _made_from_last_year(tmp_path, sample_path)
    window, answers = make_window()
    assert window.open_path(path)
    assert window.document.value(OPENING) == Decimal("12.50")
    assert not [f for f in window.document.findings if f.rule == "YOY-CARRY"]
    type_into(qtbot, window.page("表1").view, OPENING, "20")
    [finding] = [f for f in window.document.findings if f.rule == "YOY-CARRY"]
    assert finding.cells == (OPENING,) and "差 7.50" in finding.message
    assert finding in window.issues.model.rows

    answers.explanation_answer = ExplanationAnswer("explain", "原因：归集调入。区财政归集调入 7.50 万元。")
    window.issues.context_actions(finding)[0].trigger()
    info = answers.explanation_info
    assert info.reasons == ("会计差错更正", "收回以前年度支出", "归集调入", "归集调出", "其他（请写明）")
    assert window.document.project.review.explanations[0].text.startswith("原因：归集调入")

    # the real dialog: clicking a reason writes it into the 说明
    dialog = ExplanationDialog(info, window)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("")
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton) if b.objectName().startswith("explanation-reason-")}
    assert list(buttons) == list(info.reasons)
    QTest.mouseClick(buttons["会计差错更正"], Qt.LeftButton)
    assert dialog.text.toPlainText() == "原因：会计差错更正。"
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts / "yoy-explanation-reasons.png"))
    QTest.mouseClick(dialog.save, Qt.LeftButton)
    assert dialog.answer() == ExplanationAnswer("explain", "原因：会计差错更正。")
