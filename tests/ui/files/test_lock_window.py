"""Acceptance: a file held by another window process opens read-only in a second window, naming the holder; edits
are refused and nothing is autosaved; when the first window closes, the lock is gone and the second can edit. The lock
dialog as it appears over the window; 以审核方式打开; taking over another machine's lock."""

from __future__ import annotations

import json
import os
from decimal import Decimal

from juesuan import filelock, projectfile
from juesuan.filelock import LockInfo
from juesuan.findings import Cell
from juesuan.ui.files.safety import LockedDialog
from juesuan.ui.shell.prompts import Prompts
from juesuan.ui.review.controller import READ_ONLY_REASON

from .helpers import WindowProcess, needs_window_process, click, grab_over, type_into, when_modal

INCOME = Cell("表1", "4", "1")


def foreign_lock(path) -> LockInfo:  # noqa: ANN001
    """A lock written by 王会计 on another computer (a network share)."""
    info = LockInfo(user="王会计", machine="财务科-PC02", pid=4242, created="2024-03-05T09:12:00+08:00", token="feedc0de")
    filelock.lock_path_for(path).write_bytes(filelock._encode(info))
    return info


@needs_window_process
def test_second_window_gets_a_held_file_read_only_naming_the_holder_until_the_first_closes(
        qtbot, tmp_path, project_file, make_window, recovery_dir):
    first = WindowProcess(project_file, tmp_path / "first-data", tmp_path / "first-settings", "张会计")
    try:
        ready = first.line()
        held = json.loads(ready.split(" ", 1)[1])
        assert held["user"] == "张会计" and held["pid"] == first.pid

        window, answers = make_window()
        answers.locked_answer = "read_only"
        before = window.document.value(INCOME)
        assert window.open_path(project_file)
        [refusal] = answers.locked_shown
        assert refusal.holder.user == "张会计" and refusal.holder.pid == first.pid
        assert not refusal.can_take_over  # a live process on this machine really has it
        assert answers.last("locked") is True  # 以审核方式打开 is offered too
        session = window.files.session
        assert session.read_only and window.document.path == project_file
        assert "［只读］" in window.windowTitle()
        assert session.label.isVisible() and session.label.text().startswith("只读 · 正由 张会计（计算机 ")
        assert "只读：正由 张会计" in window.statusBar().currentMessage()

        # edits are refused with the reason (real keys), nothing changes, nothing to save
        before = window.document.value(INCOME)
        type_into(window, INCOME, "99")
        assert window.document.value(INCOME) == before and not window.isWindowModified()
        assert window.statusBar().currentMessage() == session.read_only_reason()
        assert "张会计" in session.read_only_reason()
        # … and autosave is off: even a change signal writes no recovery file
        assert not session.autosave.enabled
        window.document.cellsChanged.emit((INCOME,))
        qtbot.wait(400)
        assert not session.autosave.pending and not (recovery_dir.exists() and any(recovery_dir.iterdir()))
        # saving to the file is refused (save as is offered)
        assert window.files.save() is False
        text, overwrite = answers.last("save_problem")
        assert "张会计" in text and overwrite is False
        assert filelock.read_lock(project_file).pid == first.pid

        # the first window closes: its lock goes, and the second window becomes editable
        first.send("close")
        assert first.line() == "closed True"
        first.proc.wait(timeout=30)
        assert not filelock.lock_path_for(project_file).exists()
        session.poll()  # (the window does this every few seconds)
        assert not session.read_only and "［只读］" not in window.windowTitle() and not session.label.isVisible()
        assert "张会计 已关闭 江汉区2022.juesuan，现在可以编辑。" in answers.last("notice")
        assert filelock.read_lock(project_file).pid == os.getpid()
        type_into(window, INCOME, "99")
        assert window.document.value(INCOME) == Decimal("99") and window.isWindowModified()
        assert session.autosave.enabled
    finally:
        first.close()


def test_the_lock_dialog_over_the_window_and_the_read_only_window(qtbot, project_file, make_window, artifacts):
    foreign_lock(project_file)
    window, _answers = make_window()
    window.prompts.locked = Prompts().locked  # the real dialog
    seen = {}

    def look_then_read_only(dialog):  # noqa: ANN001
        assert isinstance(dialog, LockedDialog)
        seen["buttons"] = [b.text() for b in dialog.findChildren(type(dialog.read_only_button)) if b.isVisible()]
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(type(window.files.session.label)))
        seen["parent"] = dialog.parentWidget()
        assert grab_over(window, dialog, artifacts / "window-locked-dialog.png")
        click(dialog, "以只读方式打开")

    when_modal(look_then_read_only)
    assert window.open_path(project_file)
    assert seen["parent"] is window
    assert seen["buttons"] == ["以只读方式打开", "以审核方式打开（只读）", "接管编辑…", "取消"]
    assert "王会计" in seen["text"] and "财务科-PC02" in seen["text"] and "2024-03-05 09:12" in seen["text"]
    assert window.files.session.read_only
    window.statusBar().clearMessage()
    assert window.grab().save(str(artifacts / "window-read-only.png"))


def test_open_for_review_from_the_lock_dialog(project_file, make_window):
    info = foreign_lock(project_file)
    window, answers = make_window()
    answers.locked_answer = "review"
    assert window.open_path(project_file)
    assert window.review.review_mode and window.document.read_only_reason == READ_ONLY_REASON
    assert window.files.session.lock is None and not window.files.session.autosave.enabled
    assert filelock.read_lock(project_file).token == info.token  # the holder keeps the file


def test_take_over_another_machines_lock_after_naming_the_holder(project_file, make_window):
    foreign_lock(project_file)
    window, answers = make_window()
    answers.locked_answer = "take_over"
    answers.take_over_answer = False  # declined: back to the choice, which is then cancelled
    answers.locked_answer = "take_over"

    def locked_then_cancel(parent, error, review=False):  # noqa: ANN001
        answers.asked.append(("locked", review))
        return "take_over" if answers.kinds().count("locked") == 1 else "cancel"

    answers.locked = locked_then_cancel
    assert window.open_path(project_file) is False
    assert answers.kinds() == ["locked", "take_over", "locked"] and window.document.path is None
    assert filelock.read_lock(project_file).user == "王会计"

    answers.locked = lambda parent, error, review=False: "take_over"
    answers.take_over_answer = True
    assert window.open_path(project_file)
    assert answers.last("take_over") == "王会计"
    assert not window.files.session.read_only and filelock.read_lock(project_file).user == "李会计"
    type_into(window, INCOME, "7")
    assert window.files.save()
    assert projectfile.load(project_file).value("表1", "4", "1") == Decimal("7")
