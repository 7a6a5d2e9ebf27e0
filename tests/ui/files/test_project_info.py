"""项目信息 through the real dialog (typed with key events) and through 文件 → 项目信息, undoable, shown above the
tables."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QSpinBox

from juesuan.document import ProjectInfo
from juesuan.ui.files.project_info import ProjectInfoDialog


def type_chinese(edit: QLineEdit, text: str) -> None:
    """Chinese arrives as an input method's commit, as a pinyin IME sends it (QTest types only Latin keys)."""
    edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def test_the_dialog_takes_typed_information_and_refuses_a_missing_name(qtbot, artifacts):
    dialog = ProjectInfoDialog(ProjectInfo(year=2022), "新建项目")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.findChild(QPushButton, "info-ok")
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert dialog.isVisible() and dialog.findChild(type(dialog.reason), "info-reason").text() == "请填写单位名称"
    type_chinese(dialog.findChild(QLineEdit, "info-name"), "武汉市江汉区人民政府办公室")
    QTest.keyClicks(dialog.findChild(QLineEdit, "info-code"), "001002")
    year = dialog.findChild(QSpinBox, "info-year")
    year.selectAll()
    QTest.keyClicks(year, "2023")
    type_chinese(dialog.findChild(QLineEdit, "info-parent"), "武汉市江汉区人民政府")
    dialog.kind.setCurrentText("行政单位")
    type_chinese(dialog.findChild(QLineEdit, "info-preparer"), "李会计")
    dialog.grab().save(str(artifacts / "project-info-dialog.png"))
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert not dialog.isVisible()
    assert dialog.info() == ProjectInfo("武汉市江汉区人民政府办公室", 2023, "001002", "武汉市江汉区人民政府", "行政单位", "李会计")


def test_new_asks_the_information_and_every_table_shows_it(window, answers, artifacts, qtbot):
    answers.info_answer = ProjectInfo("江汉区办公室", 2023, "42", "江汉区政府", "行政单位", "李会计")
    assert window.files.new()
    project = window.document.project
    assert (project.unit.name, project.unit.code, project.year) == ("江汉区办公室", "42", 2023)
    page = window.page("表1")
    assert page.unit.text() == "部门：江汉区办公室（42）" and "主管部门：江汉区政府" in page.unit.toolTip()
    assert "2023年度" in page.title.text()
    answers.info_answer = None
    assert not window.files.new()  # 取消: nothing changes
    assert window.document.project.unit.name == "江汉区办公室"


def test_project_info_menu_edits_are_one_undo_step(window, answers):
    answers.info_answer = ProjectInfo("旧名", 2022)
    assert window.files.new()
    answers.info_answer = ProjectInfo("新名", 2023, code="9")
    window.findChild(QAction, "action-project-info").trigger()
    assert ("project_info", "项目信息") in answers.asked
    page = window.page("表3")
    assert page.unit.text() == "部门：新名（9）" and "2023年度" in page.title.text()
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert page.unit.text() == "部门：旧名" and "2022年度" in page.title.text()
