"""Acceptance: adding 2210203 creates its 类/款 rows and the hierarchy rules cover it; rows undo."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from juesuan.findings import Cell
from juesuan.ui.shell.prompts import Prompts
from juesuan.ui.tables.model import PrimaryRole, SeverityRole

from ..helpers import type_into


def drive_picker(qtbot, typed: str, seen: dict):  # noqa: ANN001
    """Type into the modal 添加科目 dialog once it is up, then press Enter."""
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "subject-picker":
            QTimer.singleShot(20, act)
            return
        search = dialog.findChild(QLineEdit, "subject-search")
        QTest.keyClicks(search, typed)
        seen["name"] = dialog.findChild(QLineEdit, "subject-name").text()
        seen["hint"] = dialog.hint.text()
        seen["ok"] = dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
        QTest.keyClick(search, Qt.Key_Return)
    QTimer.singleShot(0, act)


def test_add_subject_through_picker_creates_parents_and_tree_rules_cover_it(window, qtbot):
    window.prompts.pick_subject = Prompts().pick_subject  # the real dialog
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    model = page.model
    assert model.rowCount() == 1  # a new project: 合计 only
    seen: dict = {}
    drive_picker(qtbot, "2210203", seen)
    QTest.keyClick(page.view, Qt.Key_Insert, Qt.ControlModifier)
    assert seen == {"name": "购房补贴", "hint": "将同时添加上级科目：221、22102", "ok": True}
    subjects = window.document.project.table("表3").subjects
    assert subjects == {"221": "住房保障支出", "22102": "住房改革支出", "2210203": "购房补贴"}
    assert [model.grid.rows[r] for r in range(model.rowCount())] == ["合计", "221", "22102", "2210203"]
    assert model.cell_at(page.view.currentIndex()) == Cell("表3", "2210203", "1")
    assert window.undo_stack.undoText() == "添加科目 2210203"

    type_into(qtbot, page.view, Cell("表3", "2210203", "2"), "21.98")
    assert window.document.value(Cell("表3", "22102", "2")) == Decimal("21.98")  # a new project: the 款 follows
    type_into(qtbot, page.view, Cell("表3", "22102", "2"), "20")  # typed by hand: the tree rule checks it
    tree = [f for f in window.document.findings if f.rule == "T3-TREE" and f.primary == Cell("表3", "22102", "2")]
    assert len(tree) == 1 and tree[0].expected == Decimal("21.98")
    parent = model.index_of(Cell("表3", "22102", "2"))
    assert parent.data(SeverityRole) == "error" and parent.data(PrimaryRole)

    # two undos remove the values, the next removes the three rows
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.document.project.table("表3").subjects == {}
    assert model.rowCount() == 1
    window.undo_stack.redo()
    assert list(window.document.project.table("表3").subjects) == ["221", "22102", "2210203"]


def test_typed_code_not_in_catalog_needs_a_name(window, qtbot):
    from juesuan.ui.tables.subject_picker import SubjectPicker

    dialog = SubjectPicker(window.document.catalog, set(), "表2", window)
    qtbot.addWidget(dialog)
    QTest.keyClicks(dialog.search, "2019999")
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled() and "请填写科目名称" in dialog.hint.text()
    dialog.name.insert("其他试点支出")  # Chinese comes from the input method, not key events
    assert ok.isEnabled() and dialog.chosen() == ("2019999", "其他试点支出")
    dialog.search.setText("201")
    assert "201" in dialog.list.currentItem().text()
    dialog.search.clear()
    dialog.search.insert("购房")
    assert dialog.chosen() == ("2210203", "购房补贴")


def test_remove_parent_asks_and_takes_children_undo_restores_values(sample_window, qtbot, answers):
    page = sample_window.page("表3")
    document = sample_window.document
    model = page.model
    before_rows = list(model.grid.rows)
    baseline = document.findings
    page.select_cell(Cell("表3", "22102", "1"))
    answers.confirm_answer = False
    assert page.remove_selected_subjects() == 0
    assert "2210201 住房公积金" in answers.asked[-1][1]
    answers.confirm_answer = True
    QTest.keyClick(page.view, Qt.Key_Delete, Qt.ControlModifier)
    assert not any(c.startswith("22102") for c in document.project.table("表3").subjects)
    assert model.rowCount() == len(before_rows) - 4
    # the name finding about 表3's 2210202 went with the row
    assert not [f for f in document.findings if f.rule == "S-NAME"]
    QTest.keyClick(page.view, Qt.Key_Z, Qt.ControlModifier)
    assert list(model.grid.rows) == before_rows
    assert document.value(Cell("表3", "2210202", "1")) == Decimal("16.47")
    assert document.findings == baseline


def test_rename_subject_in_the_name_cell_fixes_the_name_finding(sample_window, qtbot):
    page = sample_window.page("表3")
    model = page.model
    name = model.index_of(Cell("表3", "2210202", "科目名称"))
    assert name.data(Qt.DisplayRole) == "租房补贴"
    assert name.data(SeverityRole) == "error"  # S-NAME marks the odd name
    page.view.setCurrentIndex(name)
    QTest.keyClick(page.view, Qt.Key_F2)
    editor = page.view.active_editor()
    assert editor is not None and editor.text() == "租房补贴"
    editor.selectAll()
    editor.insert("提租补贴")  # Chinese comes from the input method, not key events
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        QTest.keyClick(editor, Qt.Key_Return)
    assert not [f for f in sample_window.document.findings if f.rule == "S-NAME"]
    assert name.data(SeverityRole) is None
    sample_window.undo_stack.undo()
    assert sample_window.document.project.table("表3").subjects["2210202"] == "租房补贴"


def test_no_data_switch_is_one_undo_step(sample_window, qtbot):
    page = sample_window.page("表8")
    document = sample_window.document
    assert page.no_data.isChecked() and "国有资本" in page.no_data_note.text()
    page.no_data.click()
    assert document.project.table("表8").no_data is False
    # an empty table without the switch is a warning, shown on the page too
    assert any(f.rule == "S-NODATA" and f.primary.table == "表8" for f in document.findings)
    assert page.table_mark.isVisibleTo(page) and "本表无数据" in page.table_mark.text()
    QTest.keyClick(page.view, Qt.Key_Z, Qt.ControlModifier)
    assert page.no_data.isChecked() and document.project.table("表8").no_data is True
    assert not page.table_mark.isVisibleTo(page)
    page.no_data_note.setText("本单位无国有资本经营预算支出")
    page.no_data_note.editingFinished.emit()
    assert document.project.table("表8").no_data_note == "本单位无国有资本经营预算支出"
