"""Acceptance: edits typed into the real window of a process that is then SIGKILLed are offered at the next start
(which file, when) and restored into the window, unsaved; a file with autosaved edits asks before it is opened."""

from __future__ import annotations

import os
import signal
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan import filelock, projectfile
from juesuan.findings import Cell
from juesuan.recovery import RecoveryStore
from juesuan.ui.shell import app
from juesuan.ui.files.safety import RecoveryDialog
from juesuan.ui.shell.prompts import Prompts

from .helpers import FileAnswers, WindowProcess, needs_window_process, click, grab_over, shown_text, type_into, when_modal

LINE_28, LINE_29 = Cell("表1", "28", "1"), Cell("表1", "29", "1")


def crash_after_edits(project_file, tmp_path, recovery_dir):  # noqa: ANN001, ANN201
    """The real window in another process: typed edits, autosave, SIGKILL. Returns the killed pid."""
    child = WindowProcess(project_file, tmp_path / "data", tmp_path / "child-settings", "张会计")
    try:
        ready = child.line()
        assert ready.startswith("ready") and '"张会计"' in ready  # it holds the lock, in its user's name
        child.send("edit")
        saved = child.line()
        assert saved.startswith("saved ") and saved.split(" ", 1)[1].startswith(str(recovery_dir))
        os.kill(child.pid, signal.SIGKILL)
        child.proc.wait(timeout=30)
        assert child.proc.returncode == -signal.SIGKILL
    finally:
        child.close()
    return child.pid


@pytest.fixture
def started(qtbot):  # noqa: ANN001
    """Windows made by app.start, closed and forgotten afterwards."""
    made = []

    def start(path=None, **kwargs):  # noqa: ANN001, ANN202
        windows = app.start(path, **kwargs)
        for window in windows:
            qtbot.addWidget(window)
            window.files.session.autosave.delay_ms = 100
        made.extend(windows)
        return windows

    yield start
    for window in made:
        window.document.undo_stack.setClean()
        if window in app.WINDOWS:
            app.WINDOWS.remove(window)


@needs_window_process
def test_killed_window_edits_are_offered_at_the_next_start_and_restored_unsaved(
        qtbot, tmp_path, project_file, recovery_dir, settings, started):
    before = projectfile.load(project_file)
    crashed_pid = crash_after_edits(project_file, tmp_path, recovery_dir)
    assert filelock.read_lock(project_file).pid == crashed_pid  # its lock is left behind, stale

    answers = FileAnswers()
    answers.recovery_answer = "restore"
    [window] = started(None, prompts=answers, settings=settings)  # the start-up path of `python -m juesuan`

    # the offer: which file (name and folder) and when
    assert answers.kinds()[0] == "recovery" and answers.last("recovery") is False  # at start, not while opening
    [[entry]] = answers.recovery_shown
    assert entry.original == project_file and entry.name == "江汉区2022.juesuan" and entry.pid == crashed_pid
    assert datetime.now().astimezone() - entry.saved_at < timedelta(minutes=2)
    assert "江汉区2022.juesuan" in entry.describe() and "自动保存" in entry.describe()

    # restored into the window: the typed values shown, marked unsaved, bound to the original file
    assert window.document.path == project_file
    assert window.document.value(LINE_28) == Decimal("12.34") and window.document.value(LINE_29) == Decimal("5.66")
    assert shown_text(window, LINE_28) == "12.34" and shown_text(window, LINE_29) == "5.66"
    assert window.isWindowModified() and window.windowTitle().startswith("江汉区2022.juesuan[*]")
    assert "已恢复 江汉区2022.juesuan" in window.statusBar().currentMessage()
    # the file on disk is untouched; the stale lock was cleared and is ours now; the recovery file is kept (ours)
    assert projectfile.load(project_file) == before
    assert filelock.read_lock(project_file).pid == os.getpid() and filelock.read_lock(project_file).user == "李会计"
    store = RecoveryStore(recovery_dir)
    assert store.entries() == []  # now written by this running process: not offered to another start
    [ours] = store.entries(include_live=True)
    assert ours.pid == os.getpid() and store.restore(ours).value("表1", "28", "1") == Decimal("12.34")

    # undo cannot return to a "saved" state the disk does not have; saving writes the edits and ends recovery
    view = window.page("表1").view
    window.tabs.setCurrentWidget(window.page("表1"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    view.setFocus()
    QTest.keyClick(view, Qt.Key_S, Qt.ControlModifier)
    assert not window.isWindowModified(), answers.asked
    assert projectfile.load(project_file).value("表1", "28", "1") == Decimal("12.34")
    assert store.entries(include_live=True) == []


@needs_window_process
def test_the_real_recovery_offer_over_the_window(qtbot, tmp_path, project_file, recovery_dir, settings, started,
                                                 artifacts):
    crash_after_edits(project_file, tmp_path, recovery_dir)
    seen = {}

    def look_then_restore(dialog):  # noqa: ANN001
        assert isinstance(dialog, RecoveryDialog)
        item = dialog.list.topLevelItem(0)
        seen.update(name=item.text(0), when=item.text(1), where=item.text(2), parent=dialog.parentWidget())
        assert grab_over(dialog.parentWidget(), dialog, artifacts / "window-recovery-offer.png")
        dialog.grab().save(str(artifacts / "window-recovery-dialog.png"))
        click(dialog, "恢复所选")

    when_modal(look_then_restore)
    prompts = Prompts()
    [window] = started(None, prompts=prompts, settings=settings)
    assert seen["name"] == "江汉区2022.juesuan" and seen["where"] == str(project_file.parent)
    assert datetime.strptime(seen["when"], "%Y-%m-%d %H:%M") > datetime.now() - timedelta(minutes=2)
    assert seen["parent"] is window  # shown over the main window
    assert window.document.value(LINE_28) == Decimal("12.34") and window.isWindowModified()
    window.document.undo_stack.setClean()  # pytest-qt closes the window before fixtures end: no real question then


@needs_window_process
def test_later_keeps_the_edits_and_opening_the_file_asks_first(qtbot, tmp_path, project_file, recovery_dir,
                                                                settings, started):
    crash_after_edits(project_file, tmp_path, recovery_dir)
    answers = FileAnswers()
    answers.recovery_answer = "later"
    [window] = started(None, prompts=answers, settings=settings)
    assert window.document.path is None and len(RecoveryStore(recovery_dir).entries()) == 1

    # opening that file later: the edits are offered first ("cancel" keeps them and opens nothing) …
    answers.recovery_answer = "later"
    assert window.open_path(project_file) is False
    assert answers.last("recovery") is True and window.document.path is None
    assert len(RecoveryStore(recovery_dir).entries()) == 1
    # … restoring opens the file with the edits, unsaved
    answers.recovery_answer = "restore"
    assert window.open_path(project_file)
    assert window.document.value(LINE_28) == Decimal("12.34") and window.isWindowModified()
    # typing on continues the same recovery file; closing with 不保存 discards it and frees the file
    type_into(window, Cell("表1", "4", "1"), "3")
    qtbot.waitUntil(lambda: not window.files.session.autosave.pending, timeout=3000)
    [entry] = RecoveryStore(recovery_dir).entries(include_live=True)
    assert RecoveryStore(recovery_dir).restore(entry).value("表1", "4", "1") == Decimal("3")
    answers.save_answer = "discard"
    assert window.close()
    assert RecoveryStore(recovery_dir).entries(include_live=True) == []
    assert not filelock.lock_path_for(project_file).exists()
    assert projectfile.load(project_file).value("表1", "28", "1") is None


@needs_window_process
def test_discarding_at_open_opens_the_file_as_saved(qtbot, tmp_path, project_file, recovery_dir, make_window):
    crash_after_edits(project_file, tmp_path, recovery_dir)
    window, answers = make_window()
    answers.recovery_answer = "discard"
    assert window.open_path(project_file)
    assert window.document.value(LINE_28) is None and not window.isWindowModified()
    assert RecoveryStore(recovery_dir).entries(include_live=True) == []


def test_several_restored_projects_and_the_file_to_open_each_get_a_window(
        qtbot, tmp_path, project_file, recovery_dir, settings, started, monkeypatch):
    from juesuan.recovery import RecoveryEntry

    store = RecoveryStore(recovery_dir)
    edited = projectfile.load(project_file)
    edited.set_value("表1", "4", "1", Decimal("1.11"))
    store.write(edited, original=project_file, session="a", base=projectfile.stamp(project_file))
    untitled = edited.model_copy(update={"notes": "从未保存的项目"}, deep=True)
    store.write(untitled, original=None, session="b")
    monkeypatch.setattr(RecoveryEntry, "is_live", lambda self: False)  # as if written by a process that crashed
    other = tmp_path / "另一个.juesuan"
    projectfile.save(projectfile.load(project_file), other)

    answers = FileAnswers()
    windows = started(other, prompts=answers, settings=settings)
    assert len(windows) == 3 and answers.kinds().count("recovery") == 1
    by_path = {w.document.path: w for w in windows}
    assert by_path[project_file].document.value(Cell("表1", "4", "1")) == Decimal("1.11")
    assert by_path[None].document.project.notes == "从未保存的项目"
    assert all(by_path[p].isWindowModified() for p in (project_file, None))
    assert not by_path[other].isWindowModified() and filelock.read_lock(other).pid == os.getpid()
    # the untitled one keeps writing to its own recovery file (not a second one)
    type_into(by_path[None], Cell("表1", "5", "1"), "2")
    qtbot.waitUntil(lambda: not by_path[None].files.session.autosave.pending, timeout=3000)
    assert len(store.entries(include_live=True)) == 2
