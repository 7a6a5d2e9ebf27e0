"""Acceptance: 项目 forms are added, copied, renamed, deleted and reordered from the list, each one undo step."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from juesuan.findings import Cell

from .helpers import form_view, type_into, value

HIRED = "自评-项目-聘用人员工作经费2022"
SPECIAL = "自评-项目-专项工作2022"


def tables(window) -> list[str]:  # noqa: ANN001
    return window.document.core.selfeval_tables()


def listed(window) -> list[str]:  # noqa: ANN001
    forms = window.selfeval.forms
    return [forms.item(n).text() for n in range(forms.count())]


def click(window, name: str) -> None:  # noqa: ANN001
    QTest.mouseClick(window.selfeval.form_buttons[name], Qt.LeftButton)


def view_named(window, name: str):  # noqa: ANN001, ANN201
    return window.findChild(QTableView, name)


def test_add_copy_rename_delete_and_reorder_forms_each_undoable(jianghan, answers, qtbot):
    window = jianghan
    start = tables(window)
    stack = window.undo_stack

    answers.names = ["信息化运维2022"]
    click(window, "add-form")
    new = "自评-项目-信息化运维2022"
    assert tables(window) == [*start, new]
    assert listed(window)[-1] == "项目：信息化运维2022"
    assert window.selfeval.current_page().table == new
    view = view_named(window, "selfeval-项目-信息化运维2022")
    assert view is not None and view.isVisible()
    # a fresh form takes the department from the 整体 form, and is live: typing scores it
    assert value(view, Cell(new, "表头", "主管部门")) == "江汉区人民政府办公室"
    type_into(qtbot, view, Cell(new, "合计", "全年预算数"), "80")
    type_into(qtbot, view, Cell(new, "合计", "全年执行数"), "76")
    assert value(view, Cell(new, "计算", "执行率")) == Decimal("95.00")

    window.selfeval.select_form(HIRED)
    answers.names = ["聘用人员工作经费2023"]
    click(window, "duplicate-form")
    copy = "自评-项目-聘用人员工作经费2023"
    assert tables(window).index(copy) == tables(window).index(HIRED) + 1
    original, duplicate = (window.document.core.selfeval_form(t) for t in (HIRED, copy))
    assert duplicate.goals == original.goals and duplicate.funds == original.funds and duplicate is not original
    assert any(f.primary.table == copy and f.rule == "SE-YUAN" for f in window.document.findings)

    answers.names = ["聘用人员工作经费（续）"]
    click(window, "rename-form")
    renamed = "自评-项目-聘用人员工作经费（续）"
    assert copy not in tables(window) and renamed in tables(window)
    assert view_named(window, "selfeval-项目-聘用人员工作经费2023") is None
    assert view_named(window, "selfeval-项目-聘用人员工作经费（续）") is not None
    assert "项目：聘用人员工作经费（续）" in listed(window)
    assert any(f.primary.table == renamed and f.rule == "SE-YUAN" for f in window.document.findings)
    assert not any(f.primary.table == copy for f in window.document.findings if f.primary)

    answers.names = ["专项工作2022"]  # a name in use is refused with a message, nothing changes
    click(window, "rename-form")
    assert answers.kinds()[-1] == "error" and "已有项目" in answers.asked[-1][1]
    assert renamed in tables(window)

    click(window, "remove-form")
    assert answers.kinds()[-1] == "confirm"
    assert renamed not in tables(window) and view_named(window, "selfeval-项目-聘用人员工作经费（续）") is None
    stack.undo()
    assert renamed in tables(window)
    assert window.document.core.selfeval_form(renamed).goals == original.goals
    qtbot.waitUntil(lambda: view_named(window, "selfeval-项目-聘用人员工作经费（续）") is not None, timeout=2000)

    window.selfeval.select_form(SPECIAL)
    order = tables(window)
    click(window, "form-up")
    moved = tables(window)
    assert moved.index(SPECIAL) == order.index(SPECIAL) - 1
    assert listed(window)[moved.index(SPECIAL)] == "项目：专项工作2022"
    assert window.selfeval.current_page().table == SPECIAL
    stack.undo()
    assert tables(window) == order

    while stack.canUndo():
        stack.undo()
    assert tables(window) == start
    assert listed(window)[0] == "部门（单位）整体支出绩效自评表" and len(listed(window)) == len(start)
    while stack.canRedo():
        stack.redo()
    assert renamed in tables(window) and new in tables(window)


def test_typing_a_new_project_name_renames_the_form(jianghan, qtbot):
    view = form_view(jianghan, SPECIAL)
    type_into(qtbot, view, Cell(SPECIAL, "表头", "名称"), "专项工作经费2022")
    assert "自评-项目-专项工作经费2022" in tables(jianghan) and SPECIAL not in tables(jianghan)
    assert view.objectName() == "selfeval-项目-专项工作经费2022"
    assert value(view, Cell("自评-项目-专项工作经费2022", "表头", "名称")) == "专项工作经费2022"
    jianghan.undo_stack.undo()
    assert SPECIAL in tables(jianghan) and view.objectName() == "selfeval-专项工作2022".replace("selfeval-", "selfeval-项目-")


def test_whole_form_cannot_be_renamed_deleted_or_moved_from_the_list(jianghan):
    jianghan.selfeval.select_form("自评-整体")
    for name in ("duplicate-form", "rename-form", "remove-form", "form-up", "form-down"):
        assert not jianghan.selfeval.form_buttons[name].isEnabled(), name
    assert jianghan.selfeval.form_buttons["add-form"].isEnabled()
