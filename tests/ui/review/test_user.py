"""Who is working: asked at first start, kept in QSettings, changeable; every record carries the name and 单位."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from juesuan.review.model import Person
from juesuan.ui.review.user import UserDialog, load_user

from .helpers import type_text


def test_first_start_asks_once_and_remembers(make_window, tmp_path):
    window, answers = make_window(None, "fresh")
    assert window.review.user is None
    answers.user = ("  李会计 ", "江汉区人民政府办公室  财务科")
    assert window.review.ask_user_if_unknown()
    assert answers.kinds() == ["ask_user"] and answers.asked[0][1] is True  # the first-start wording
    assert window.review.user == Person(name="李会计", unit="江汉区人民政府办公室 财务科")
    assert window.review.ask_user_if_unknown() and answers.kinds() == ["ask_user"]  # not asked again
    # a new window on the same settings knows the user
    settings = QSettings(str(tmp_path / "settings-fresh.ini"), QSettings.IniFormat)
    assert load_user(settings) == Person(name="李会计", unit="江汉区人民政府办公室 财务科")
    again, answers2 = make_window(None, "fresh")
    assert again.review.user.name == "李会计"
    assert again.review.ask_user_if_unknown() and answers2.kinds() == []


def test_current_user_can_be_changed_and_is_shown(make_window):
    window, answers = make_window(None, "fresh")
    answers.user = ("王科长", "江汉区财政局")
    window.review.actions["user"].trigger()
    assert answers.asked[-1] == ("ask_user", False)
    assert window.review.user == Person(name="王科长", unit="江汉区财政局")
    assert window.review.state_label.toolTip() == "当前用户：王科长（江汉区财政局）"
    assert window.statusBar().currentMessage() == "当前用户：王科长（江汉区财政局）"
    answers.user = ("   ", "财政局")  # a blank name is refused in Chinese and the old user stays
    window.review.actions["user"].trigger()
    assert "请填写姓名" in answers.errors()[-1] and window.review.user.name == "王科长"


def test_the_real_dialog_needs_a_name(qtbot, artifacts):
    dialog = UserDialog(None, True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert dialog.windowTitle() == "欢迎使用：请填写您的姓名和单位" and not ok.isEnabled()
    type_text(dialog.unit, "江汉区财政局")
    assert not ok.isEnabled()  # a 单位 without a name is not enough
    dialog.name.setFocus()
    type_text(dialog.name, "王科长")
    assert ok.isEnabled() and ok.text() == "确定"
    assert dialog.grab().save(str(artifacts / "review-user-dialog.png"))
    QTest.keyClick(dialog.name, Qt.Key_Return)
    assert dialog.result() == UserDialog.Accepted and dialog.answer() == ("王科长", "江汉区财政局")
