"""A scheme per form: the combo re-checks the form through the document; 复制并修改权重… makes a validated copy."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from juesuan import projectfile
from juesuan.findings import Cell
from juesuan.ui.selfeval.scheme_dialog import SchemeWeightsDialog

from .helpers import form_view, ime, type_into, value

SPECIAL = "自评-项目-专项工作2022"


def rules_on(window, table: str) -> set[str]:  # noqa: ANN001
    return {f.rule for f in window.document.findings if f.primary is not None and f.primary.table == table}


def set_weight(dialog: SchemeWeightsDialog, kind: str, key: str, text: str) -> None:
    edit = dialog.weights[kind][key]
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key_A, Qt.ControlModifier)
    if text.isascii():
        QTest.keyClicks(edit, text)
    else:
        ime(edit, text)


def test_choosing_another_scheme_rechecks_the_form_and_undoes(jianghan, qtbot):
    view = form_view(jianghan, SPECIAL)
    page = jianghan.selfeval.page(SPECIAL)
    assert page.scheme.currentData() == "hubei"
    assert "SE-SECTION-SCORE" in rules_on(jianghan, SPECIAL)  # 66 in a 60-point section (湖北)
    assert value(view, Cell(SPECIAL, "计算", "分值")) == Decimal(20)
    page.scheme.setFocus()
    QTest.keyClick(page.scheme, Qt.Key_End)  # the last shipped scheme: 财政部通用
    assert jianghan.document.core.selfeval_form(SPECIAL).scheme == "mof-2020"
    assert page.scheme.currentData() == "mof-2020"
    assert value(view, Cell(SPECIAL, "计算", "分值")) == Decimal(10)  # 预算执行率 10 分 now
    assert "SE-SECTION-SCORE" not in rules_on(jianghan, SPECIAL)
    assert "预算执行率" in view.model().index(page.model.layout.position(Cell(SPECIAL, "合计", "全年预算数"))[0] - 1, 0).data()
    jianghan.undo_stack.undo()
    assert jianghan.document.core.selfeval_form(SPECIAL).scheme == "hubei" and page.scheme.currentData() == "hubei"
    assert "SE-SECTION-SCORE" in rules_on(jianghan, SPECIAL)
    assert value(view, Cell(SPECIAL, "计算", "分值")) == Decimal(20)


def test_weights_dialog_accepts_only_weights_that_total_100(qtbot):
    from juesuan.selfeval.schemes import shipped_schemes

    dialog = SchemeWeightsDialog(shipped_schemes()["mof-2020"], set(shipped_schemes()), can_save=False)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert ok.isEnabled() and dialog.sums["project"].text() == "100"
    set_weight(dialog, "project", "output", "20")
    assert not ok.isEnabled()
    assert dialog.sums["project"].text() == "70（应为 100）"
    assert "项目支出绩效自评表各部分分值合计 70，应为 100" in dialog.problem.text()
    set_weight(dialog, "project", "output", "二十五")
    assert not ok.isEnabled() and "不是" in dialog.problem.text()
    for key, text in (("output", "25"), ("effect", "30"), ("satisfaction", "35")):
        set_weight(dialog, "project", key, text)
    assert ok.isEnabled() and dialog.problem.text() == ""
    scheme, keep = dialog.answer()
    assert [s.weight for s in scheme.project.sections] == [Decimal(10), Decimal(25), Decimal(30), Decimal(35)]
    assert [s.weight for s in scheme.whole.sections] == [Decimal(10), Decimal(50), Decimal(30), Decimal(10)]
    assert scheme.id not in shipped_schemes() and keep is False
    dialog.name.clear()
    assert not ok.isEnabled() and "请填写新方案名称" in dialog.problem.text()


def test_copy_and_reweight_scheme_is_used_stored_in_the_file_and_undone(hetang, answers, qtbot, tmp_path):
    table = "自评-项目-政府招商督查会议专项经费"
    view = form_view(hetang, table)
    page = hetang.selfeval.page(table)
    asked = []

    def fill(scheme, taken, can_save):  # noqa: ANN001, ANN202 - the real dialog, driven by keys
        dialog = SchemeWeightsDialog(scheme, taken, can_save)
        qtbot.addWidget(dialog)
        dialog.show()
        for key, text in (("output", "25"), ("effect", "30"), ("satisfaction", "35")):
            set_weight(dialog, "project", key, text)
        dialog.save.setChecked(True)
        asked.append((scheme.id, can_save, dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()))
        return dialog.answer()

    answers.scheme_answer = fill
    assert "SE-TOTAL-POINTS" in rules_on(hetang, table)
    QTest.mouseClick(page.copy_scheme_button, Qt.LeftButton)
    assert asked == [("hunan", True, True)]
    form = hetang.document.core.selfeval_form(table)
    stored = hetang.document.core.selfeval.schemes[form.scheme]
    assert form.scheme.startswith("hunan-自定") and stored.project.section("output").weight == Decimal(25)
    assert page.scheme.currentData() == form.scheme and "（自定）" in page.scheme.currentText()
    layout = page.model.layout
    assert view.model().index(*layout.position(Cell(table, "效益指标", "分值"))).data() == "效益指标\n（30分）"
    assert view.model().index(*layout.position(Cell(table, "满意度指标", "分值"))).data() == "满意度指标\n（35分）"
    assert (tmp_path / "schemes" / f"{form.scheme}.toml").is_file()  # kept for other projects on this PC too
    saved = tmp_path / "copy.juesuan"
    projectfile.save(hetang.document.project, saved)
    again = projectfile.load(saved)
    assert again.selfeval.schemes[form.scheme].project.section("satisfaction").weight == Decimal(35)

    hetang.undo_stack.undo()
    assert hetang.document.core.selfeval_form(table).scheme == "hunan"
    assert not hetang.document.core.selfeval.schemes  # the copy it stored went with it
    assert page.scheme.currentData() == "hunan"


def set_field(edit, text: str) -> None:  # noqa: ANN001
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key_A, Qt.ControlModifier)
    if text:
        QTest.keyClicks(edit, text) if text.isascii() else ime(edit, text)
    else:
        QTest.keyClick(edit, Qt.Key_Delete)


def test_dialog_edits_the_money_rule_and_layout_thresholds_with_chinese_messages(qtbot):
    from juesuan.selfeval.schemes import shipped_schemes

    dialog = SchemeWeightsDialog(shipped_schemes()["mof-2020"], set(shipped_schemes()), can_save=False)
    qtbot.addWidget(dialog)
    dialog.show()
    ok, rules = dialog.buttons.button(QDialogButtonBox.Ok), dialog.rules
    assert ok.isEnabled() and not rules.deduct.isEnabled()  # proportional: no deduction to give
    rules.mode.setFocus()
    QTest.keyClick(rules.mode, Qt.Key_Down)
    assert rules.mode.currentData() == "deduct" and rules.deduct.isEnabled()
    assert not ok.isEnabled() and "须给出每低 1 个百分点扣多少分" in dialog.problem.text()
    assert not dialog.problem.text().startswith("评分方案")  # the field beside it names the key
    set_field(rules.deduct, "0.5")
    assert ok.isEnabled(), dialog.problem.text()
    set_field(rules.full_at, "120")
    assert not ok.isEnabled() and "满分执行率应在 0 到 100 之间" in dialog.problem.text()
    set_field(rules.full_at, "九十五")
    assert not ok.isEnabled() and "“九十五”不是满分执行率" in dialog.problem.text()
    set_field(rules.full_at, "95")
    set_field(rules.levels, "0")
    assert not ok.isEnabled() and "未知一级指标个数应为 1 到 50 之间的整数" in dialog.problem.text()
    set_field(rules.levels, "3")
    set_field(rules.share, "1.5")
    assert not ok.isEnabled() and "表式不符的比例应在 0 到 1 之间" in dialog.problem.text()
    set_field(rules.share, "0.4")
    set_field(rules.indicator, "预算执行率")
    assert not ok.isEnabled() and "预算执行率指标名不会被使用" in dialog.problem.text()  # both kinds have a money block
    set_field(rules.indicator, "")
    assert ok.isEnabled() and dialog.problem.text() == ""
    scheme, _ = dialog.answer()
    assert (scheme.money.mode, scheme.money.full_at, scheme.money.deduct_per_point) == ("deduct", Decimal(95), Decimal("0.5"))
    assert (scheme.rules.layout_unknown_levels, scheme.rules.layout_unknown_share) == (3, Decimal("0.4"))
    assert shipped_schemes()["mof-2020"].money.mode == "proportional"  # the shipped scheme is untouched


def test_a_deduct_copy_rescores_the_money_block_in_the_window(hetang, answers, qtbot):
    table = "自评-项目-政府招商督查会议专项经费"
    view = form_view(hetang, table)
    page = hetang.selfeval.page(table)
    type_into(qtbot, view, Cell(table, "合计", "全年执行数"), "138.516")  # 97% of 142.8
    assert value(view, Cell(table, "计算", "得分")) == Decimal("9.70")  # proportional: 10 × 97%

    def fill(scheme, taken, can_save):  # noqa: ANN001, ANN202
        dialog = SchemeWeightsDialog(scheme, taken, can_save)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.rules.mode.setFocus()
        QTest.keyClick(dialog.rules.mode, Qt.Key_Down)
        set_field(dialog.rules.full_at, "100")
        set_field(dialog.rules.deduct, "1")
        return dialog.answer()

    answers.scheme_answer = fill
    QTest.mouseClick(page.copy_scheme_button, Qt.LeftButton)
    form = hetang.document.core.selfeval_form(table)
    stored = hetang.document.core.selfeval.schemes[form.scheme]
    assert stored.money.mode == "deduct" and stored.money.deduct_per_point == Decimal(1)
    assert value(view, Cell(table, "计算", "得分")) == Decimal("7.00")  # 10 − 3 points below 100% × 1
    hetang.undo_stack.undo()
    assert value(view, Cell(table, "计算", "得分")) == Decimal("9.70")
