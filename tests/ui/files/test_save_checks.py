"""Acceptance: saving refuses a lost lock and a file changed on disk since it was opened, asks what to do, and never
loses the edits; Save As moves the lock; Save As never replaces a file someone else is editing."""

from __future__ import annotations

import os
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan import filelock, projectfile

from .helpers import type_into
from .test_lock_window import INCOME, foreign_lock

D = Decimal


def press_ctrl_s(window, qtbot) -> None:  # noqa: ANN001
    view = window.current_page().view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    view.setFocus()
    QTest.keyClick(view, Qt.Key_S, Qt.ControlModifier)


def test_a_lock_taken_over_from_another_machine_refuses_the_save_and_keeps_the_edits(
        qtbot, tmp_path, project_file, make_window):
    window, answers = make_window()
    assert window.open_path(project_file)
    type_into(window, INCOME, "11")
    # 王会计 takes the file over on another computer and saves his version
    theirs = projectfile.load(project_file)
    theirs.set_value("表1", "5", "1", D("22"))
    foreign_lock(project_file)
    projectfile.save(theirs, project_file)
    on_disk = project_file.read_bytes()

    window.files.session.poll()  # noticed within seconds, before any save
    assert "王会计" in answers.last("notice") and "另存为" in answers.last("notice")
    assert window.files.session.label.text().startswith("编辑已被 王会计（计算机 财务科-PC02")

    answers.problem_answers = ["cancel"]
    press_ctrl_s(window, qtbot)
    text, overwrite = answers.last("save_problem")
    assert "王会计" in text and "接管" in text and overwrite is False  # no "overwrite" while he holds it
    assert project_file.read_bytes() == on_disk  # his file untouched
    assert window.isWindowModified() and window.document.value(INCOME) == D("11")  # our edits kept

    copy = tmp_path / "共享" / "江汉区2022-李会计.juesuan"
    answers.problem_answers = ["save_as"]
    answers.save_path_answer = str(copy)
    press_ctrl_s(window, qtbot)
    assert projectfile.load(copy).value("表1", "4", "1") == D("11")
    assert project_file.read_bytes() == on_disk and filelock.read_lock(project_file).user == "王会计"
    # the window now edits the copy, locked by us
    assert window.document.path == copy and not window.isWindowModified()
    assert filelock.read_lock(copy).pid == os.getpid() and not window.files.session.label.isVisible()


def test_a_file_changed_on_disk_since_opening_asks_overwrite_save_as_or_cancel(qtbot, project_file, make_window):
    window, answers = make_window()
    assert window.open_path(project_file)
    type_into(window, INCOME, "11")
    # another program (a sync client, a colleague ignoring the lock) writes a new version meanwhile
    theirs = projectfile.load(project_file)
    theirs.set_value("表1", "5", "1", D("22"))
    projectfile.save(theirs, project_file)
    on_disk = project_file.read_bytes()

    answers.problem_answers = ["cancel"]
    press_ctrl_s(window, qtbot)
    text, overwrite = answers.last("save_problem")
    assert "已被其他人或其他程序修改" in text and overwrite is True
    assert project_file.read_bytes() == on_disk
    assert window.isWindowModified() and window.document.value(INCOME) == D("11")

    answers.problem_answers = ["overwrite"]
    press_ctrl_s(window, qtbot)
    saved = projectfile.load(project_file)
    assert saved.value("表1", "4", "1") == D("11") and saved.value("表1", "5", "1") is None
    backup = project_file.with_name(project_file.name + ".bak")
    assert backup.read_bytes() == on_disk  # the replaced version is kept beside it
    assert not window.isWindowModified()
    # the new version is the base now: the next save goes through without a question
    type_into(window, INCOME, "12")
    asked = len(answers.asked)
    press_ctrl_s(window, qtbot)
    assert projectfile.load(project_file).value("表1", "4", "1") == D("12") and "save_problem" not in answers.kinds()[asked:]


def test_save_as_from_a_read_only_window_gives_an_editable_copy(qtbot, tmp_path, project_file, make_window):
    info = foreign_lock(project_file)
    window, answers = make_window()
    assert window.open_path(project_file) and window.files.session.read_only
    copy = tmp_path / "副本.juesuan"
    answers.save_path_answer = str(copy)
    assert window.files.save_as()
    assert window.document.path == copy and not window.files.session.read_only
    assert filelock.read_lock(copy).pid == os.getpid() and filelock.read_lock(project_file).token == info.token
    type_into(window, INCOME, "3")
    assert window.document.value(INCOME) == D("3")


def test_save_as_onto_a_file_someone_is_editing_is_refused(qtbot, tmp_path, project_file, make_window):
    foreign_lock(project_file)
    window, answers = make_window()
    type_into(window, INCOME, "5")
    before = project_file.read_bytes()
    answers.save_path_answer = str(project_file)
    assert window.files.save_as() is False
    assert "王会计" in answers.last("error") and project_file.read_bytes() == before
    assert window.isWindowModified() and window.document.value(INCOME) == D("5")


def test_opening_another_file_or_a_new_project_releases_the_lock(tmp_path, project_file, make_window):
    other = tmp_path / "其他.juesuan"
    projectfile.save(projectfile.load(project_file), other)
    window, _answers = make_window()
    assert window.open_path(project_file) and filelock.lock_path_for(project_file).exists()
    assert window.open_path(other)
    assert not filelock.lock_path_for(project_file).exists() and filelock.lock_path_for(other).exists()
    assert window.open_path(other)  # the same file again: reopened with the lock it has
    assert filelock.read_lock(other).pid == os.getpid()
    assert window.files.new()
    assert not filelock.lock_path_for(other).exists() and window.document.path is None


def test_the_real_save_question_over_the_window(qtbot, project_file, make_window, artifacts):
    from PySide6.QtWidgets import QMessageBox

    from juesuan.ui.shell.prompts import Prompts

    from .helpers import click, grab_over, when_modal

    window, answers = make_window()
    assert window.open_path(project_file)
    type_into(window, INCOME, "11")
    projectfile.save(projectfile.load(project_file), project_file, backup=False)  # same data, but written anew …
    other = projectfile.load(project_file)
    other.notes = "同事的版本"
    projectfile.save(other, project_file)  # … and then changed: a conflict
    window.prompts.save_problem = Prompts().save_problem
    seen = {}

    def look(box):  # noqa: ANN001
        assert isinstance(box, QMessageBox) and box.objectName() == "save-problem"
        seen["buttons"] = [b.text() for b in box.buttons()]
        assert grab_over(window, box, artifacts / "window-save-conflict.png")
        click(box, "取消")

    when_modal(look)
    assert window.files.save() is False
    assert sorted(seen["buttons"]) == sorted(["另存为…", "仍然覆盖", "取消"])
    assert window.isWindowModified()


def test_a_deleted_lock_file_is_put_back(project_file, make_window):
    window, _answers = make_window()
    assert window.open_path(project_file)
    filelock.lock_path_for(project_file).unlink()  # by hand, or by a sync client
    window.files.session.poll()
    assert filelock.read_lock(project_file).pid == os.getpid() and window.files.session.lock.is_held()
    assert window.files.session.lost_to is None
