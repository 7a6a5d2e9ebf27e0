"""Entry in a 自评 form: automation names and raw values, merged cells, indicator and goal rows, refusals."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QTableView

from helpers.windows import HETANG, open_sample

from juesuan.findings import Cell
from juesuan.ui.selfeval.layout import LEVEL1, LEVEL2, LEVEL3

from .helpers import editor, enter_text, form_view, goto, type_into, value

WHOLE = "自评-整体"
HIRED = "自评-项目-聘用人员工作经费2022"


def indicator_texts(window, table: str, goal: int = 0) -> list[str]:  # noqa: ANN001
    return [i.level3 for i in window.document.core.selfeval_form(table).goals[goal].indicators]


def test_views_are_named_for_automation_and_answer_raw_values(jianghan):
    core = jianghan.document.core
    for table in core.selfeval_tables():
        view = jianghan.findChild(QTableView, "selfeval-" + table.removeprefix("自评-"))
        assert view is not None, table
        assert view.model().table == table
    view = jianghan.findChild(QTableView, "selfeval-整体")
    assert value(view, Cell(WHOLE, "合计", "全年执行数")) == Decimal("4199.37")
    assert value(view, Cell(WHOLE, "合计", "全年执行数"), Qt.DisplayRole) == "4,199.37"
    assert value(view, Cell(WHOLE, "合计", "执行率")) == Decimal("99.84")
    assert value(view, Cell(WHOLE, "合计", "执行率"), Qt.DisplayRole) == "99.84%"
    assert value(view, Cell(WHOLE, "指标3：广角信息期数", "年度指标值")) == "≥10期"
    assert value(view, Cell(WHOLE, "指标3：广角信息期数", "得分")) == Decimal("1.5")
    assert value(view, Cell(WHOLE, "年度目标4", "分值")) == Decimal(12)
    assert "识别为：正向 10期" in value(view, Cell(WHOLE, "指标3：广角信息期数", "年度指标值"), Qt.ToolTipRole)
    visit = jianghan.findChild(QTableView, "selfeval-项目-走访慰问专项资金")
    tip = value(visit, Cell("自评-项目-走访慰问专项资金", "指标2：高温慰问一线工作人员", "实际完成值"), Qt.ToolTipRole)
    assert "无法识别：只有单位“次”，缺少数值" in tip  # said plainly


def test_levels_merge_as_printed_and_a_merged_cell_sets_every_row(jianghan, qtbot):
    view = form_view(jianghan, WHOLE)
    model = view.model()
    first = model.index_of(Cell(WHOLE, "指标1：起草《2022年政府工作报告》", "一级指标"))
    assert (view.rowSpan(first.row(), LEVEL1), view.rowSpan(first.row(), LEVEL2)) == (6, 3)  # 产出指标 / 数量指标
    effect = model.index_of(Cell(WHOLE, "指标1：为经济发展提供决策（年度目标1）", "一级指标"))  # the text recurs in 目标6
    assert effect.row() == first.row() + 6 and view.rowSpan(effect.row(), LEVEL1) == 3
    steps = jianghan.undo_stack.count()
    type_into(qtbot, view, Cell(WHOLE, "指标1：起草《2022年政府工作报告》", "一级指标"), "产出")
    goal = jianghan.document.core.selfeval_form(WHOLE).goals[0]
    assert [i.level1 for i in goal.indicators[:7]] == ["产出"] * 6 + ["效益指标"]
    assert jianghan.undo_stack.count() == steps + 1
    assert view.rowSpan(first.row(), LEVEL1) == 6
    assert model.index(first.row(), LEVEL1).data() == "产出"
    jianghan.undo_stack.undo()
    assert [i.level1 for i in goal.indicators[:6]] == ["产出指标"] * 6


def test_indicator_rows_are_added_removed_and_moved_with_keys_and_undo(jianghan, qtbot):
    view = form_view(jianghan, HIRED)
    page = jianghan.selfeval.page(HIRED)
    before = indicator_texts(jianghan, HIRED)
    goto(view, Cell(HIRED, "指标1：体检合格率", "三级指标"))
    QTest.keyClick(view, Qt.Key_Insert, Qt.ControlModifier)
    after = indicator_texts(jianghan, HIRED)
    assert after[:2] == before[:2] and after[2] == "" and after[3:] == before[2:]
    row = page.model.layout.indicator_row(0, 2)
    assert view.currentIndex().row() == row and view.currentIndex().column() == LEVEL3
    new = jianghan.document.core.selfeval_form(HIRED).goals[0].indicators[2]
    assert (new.level1, new.level2) == ("产出指标", "质量指标")
    type_into(qtbot, view, Cell(HIRED, "第3个指标", "三级指标"), "指标2：岗前培训合格率")
    assert indicator_texts(jianghan, HIRED)[2] == "指标2：岗前培训合格率"

    goto(view, Cell(HIRED, "指标2：岗前培训合格率", "年度指标值"))
    QTest.keyClick(view, Qt.Key_Up, Qt.AltModifier)
    assert indicator_texts(jianghan, HIRED)[1] == "指标2：岗前培训合格率"
    assert page.model.slot(view.currentIndex()).cell == Cell(HIRED, "指标2：岗前培训合格率", "年度指标值")
    QTest.mouseClick(page.buttons["indicator-down"], Qt.LeftButton)
    assert indicator_texts(jianghan, HIRED)[2] == "指标2：岗前培训合格率"

    goto(view, Cell(HIRED, "指标2：岗前培训合格率", "得分"))
    QTest.keyClick(view, Qt.Key_Delete, Qt.ControlModifier)
    assert indicator_texts(jianghan, HIRED) == before
    for where, text in ((2, "指标2：岗前培训合格率"), (1, "指标2：岗前培训合格率"), (2, "指标2：岗前培训合格率"), (2, "")):
        jianghan.undo_stack.undo()  # the deletion, the move down, the move up, the typed text
        assert len(indicator_texts(jianghan, HIRED)) == 7 and indicator_texts(jianghan, HIRED)[where] == text
    jianghan.undo_stack.undo()  # the inserted row
    assert indicator_texts(jianghan, HIRED) == before


def test_goals_are_added_and_removed_with_undo(jianghan, answers, qtbot):
    view = form_view(jianghan, WHOLE)
    page = jianghan.selfeval.page(WHOLE)
    form = jianghan.document.core.selfeval_form(WHOLE)
    goto(view, Cell(WHOLE, "指标1：慰问单位满意率", "得分"))  # in 年度目标6
    QTest.mouseClick(page.buttons["add-goal"], Qt.LeftButton)
    assert len(form.goals) == 7
    info = page.model.layout.rows[view.currentIndex().row()]
    assert (info.kind, info.goal) == ("goal-text", 6)
    enter_text(view, page.model.slot(view.currentIndex()).cell, "做好政务公开工作")
    with qtbot.waitSignal(view.model().dataChanged, timeout=2000):
        QTest.keyClick(editor(view), Qt.Key_Return, Qt.ControlModifier)
    assert form.goals[6].expected == "做好政务公开工作"
    QTest.keyClick(view, Qt.Key_Insert, Qt.ControlModifier)  # the new goal's first indicator
    assert len(form.goals[6].indicators) == 1
    goto(view, Cell(WHOLE, "年度目标7", "分值"))
    QTest.mouseClick(page.buttons["remove-goal"], Qt.LeftButton)
    assert answers.kinds()[-1] == "confirm" and len(form.goals) == 6
    jianghan.undo_stack.undo()
    assert len(form.goals) == 7 and form.goals[6].expected == "做好政务公开工作" and len(form.goals[6].indicators) == 1
    for _ in range(3):
        jianghan.undo_stack.undo()
    assert len(form.goals) == 6


def test_bad_input_is_refused_in_chinese_and_loses_nothing(jianghan, qtbot):
    view = form_view(jianghan, HIRED)
    messages: list[str] = []
    view.message.connect(messages.append)
    cell = Cell(HIRED, "指标1：体检合格率", "得分")
    box = enter_text(view, cell, "ten")
    QTest.keyClick(box, Qt.Key_Return)
    assert view.active_editor() is box  # still open, marked, the text kept for correction
    assert "“ten”不是分值或得分" in messages[-1]
    QTest.keyClick(box, Qt.Key_Escape)
    assert value(view, cell) == Decimal(10)
    box = enter_text(view, Cell(HIRED, "合计", "全年执行数"), "1.23456")
    QTest.keyClick(box, Qt.Key_Tab)
    assert view.active_editor() is box and "超过4位小数" in messages[-1]
    QTest.keyClick(box, Qt.Key_Escape)
    assert value(view, Cell(HIRED, "合计", "全年执行数")) == Decimal("680470.65")
    assert jianghan.undo_stack.count() == 0


def test_budget_sources_tick_with_space_and_project_type_is_a_choice(jianghan, qtbot):
    view = form_view(jianghan, HIRED)
    form = jianghan.document.core.selfeval_form(HIRED)
    special = view.model().index_of(Cell(HIRED, "表头", "预算来源及资金规模"))
    rows = [r for r, info in enumerate(view.model().layout.rows) if info.kind == "source"]
    tick = view.model().index(rows[1], 2)
    assert tick.data(Qt.CheckStateRole) == Qt.Unchecked and special.isValid()
    view.setCurrentIndex(tick)
    QTest.keyClick(view, Qt.Key_Space)
    assert [s.checked for s in form.budget_sources] == [True, True, False]
    jianghan.undo_stack.undo()
    assert [s.checked for s in form.budget_sources][:2] == [True, False]

    goto(view, Cell(HIRED, "表头", "项目类型"))
    QTest.keyClick(view, Qt.Key_F2)
    combo = editor(view)
    assert isinstance(combo, QComboBox) and combo.currentText() == "经常性项目"
    QTest.keyClick(combo, Qt.Key_Down)
    with qtbot.waitSignal(view.model().dataChanged, timeout=2000):
        QTest.keyClick(combo, Qt.Key_Return)
    assert form.project_type == "延续性项目"
    assert "☑ 延续性项目" in value(view, Cell(HIRED, "表头", "项目类型"), Qt.DisplayRole)


def test_review_mode_refuses_typing_with_the_reason(jianghan):
    view = form_view(jianghan, HIRED)
    page = jianghan.selfeval.page(HIRED)
    messages: list[str] = []
    view.message.connect(messages.append)
    jianghan.document.set_read_only("审核模式：数据只读")
    goto(view, Cell(HIRED, "指标1：体检合格率", "得分"))
    QTest.keyClicks(view, "5")
    assert view.active_editor() is None and messages[-1] == "审核模式：数据只读"
    assert value(view, Cell(HIRED, "指标1：体检合格率", "得分")) == Decimal(10)
    assert not page.buttons["add-indicator"].isEnabled() and not page.scheme.isEnabled()
    assert not jianghan.selfeval.form_buttons["add-form"].isEnabled()
    jianghan.document.set_read_only("")
    assert page.buttons["add-indicator"].isEnabled()


def test_opening_another_project_rebuilds_the_forms(jianghan, tmp_path, qtbot):
    open_sample(jianghan, tmp_path / "other", HETANG)
    names = {v.objectName() for v in jianghan.findChildren(QTableView) if v.objectName().startswith("selfeval-")}
    assert names == {"selfeval-整体", "selfeval-项目-政府招商督查会议专项经费", "selfeval-基础数据"}  # 荷塘区 has a 基础数据表
    view = form_view(jianghan, "自评-整体")
    assert value(view, Cell(WHOLE, "表头", "名称")) == "株洲市荷塘区人民政府办公室"
    qtbot.wait(20)  # the old pages are deleted by the event loop
    jianghan.document.set_read_only("审核模式：数据只读")  # the old pages' models must not react any more
    jianghan.document.set_read_only("")
    assert jianghan.selfeval.forms.count() == 3  # two forms and the 基础数据表


def test_use_computed_value_from_the_context_menu(jianghan):
    view = form_view(jianghan, WHOLE)
    total = view.model().index_of(Cell(WHOLE, "总分", "得分"))
    assert total.data(Qt.EditRole) == Decimal("98.96")
    assert "计算值：99.96" in total.data(Qt.ToolTipRole)
    action = next(a for a in view.context_actions(total) if a.objectName() == "use-computed")
    assert action.text() == "采用计算值（= 99.96）" and action.isEnabled()
    action.trigger()
    assert total.data(Qt.EditRole) == Decimal("99.96")
    assert not any(f.rule == "SE-TOTAL" and f.primary.table == WHOLE for f in jianghan.document.findings)
    jianghan.undo_stack.undo()
    assert total.data(Qt.EditRole) == Decimal("98.96")


def test_typing_on_a_computed_or_printed_cell_says_why_nothing_happens(jianghan):
    view = form_view(jianghan, HIRED)
    messages: list[str] = []
    view.message.connect(messages.append)
    steps = jianghan.undo_stack.count()
    goto(view, Cell(HIRED, "计算", "总分"))
    QTest.keyClicks(view, "9")
    assert view.active_editor() is None and "按评分方案计算，不能填写" in messages[-1]
    view.setCurrentIndex(view.model().index(0, 0))  # the printed label 项目名称
    QTest.keyClicks(view, "9")
    assert view.active_editor() is None and "印好的文字" in messages[-1]
    assert jianghan.undo_stack.count() == steps


def test_selfeval_amounts_take_four_decimals_end_to_end(jianghan, qtbot, tmp_path):
    from juesuan import projectfile

    view = form_view(jianghan, HIRED)
    cell = Cell(HIRED, "合计", "全年执行数")
    type_into(qtbot, view, cell, "680470.6512")
    assert value(view, cell) == Decimal("680470.6512")
    assert value(view, cell, Qt.DisplayRole) == "680,470.6512"
    goto(view, cell)
    QTest.keyClick(view, Qt.Key_F2)
    assert editor(view).text() == "680470.6512"  # the editor shows what is stored, all four places
    QTest.keyClick(editor(view), Qt.Key_Escape)
    core = jianghan.document.core
    path = tmp_path / "四位小数.juesuan"
    projectfile.save(core.project, path)
    back = projectfile.load(path).selfeval
    assert next(f for f in back.forms() if f.name == core.selfeval_form(HIRED).name).fund("合计", "全年执行数") == \
        Decimal("680470.6512")
    jianghan.undo_stack.undo()
    assert value(view, cell, Qt.DisplayRole) == "680,470.65"
