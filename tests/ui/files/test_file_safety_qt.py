"""The Qt helpers: autosave timing and life cycle, the recovery offer after a real crash, the
lock dialogs (read-only, takeover naming the holder). Screenshots under tests/artifacts/."""

from __future__ import annotations

import os
import signal
import time
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from juesuan import filelock, projectfile
from juesuan.filelock import LockInfo
from juesuan.findings import Cell
from juesuan.recovery import RecoveryStore
from juesuan.ui.files.safety import AutosaveController, LockedDialog, RecoveryDialog, offer_recovery, open_with_lock

CHILD = Path(__file__).resolve().parent / "autosave_child.py"


class FakeSource(QObject):
    """The minimal contract: a project and a `changed` signal."""

    changed = Signal()

    def __init__(self, project, path=None):
        super().__init__()
        self.project = project
        self.path = path


@pytest.fixture
def project_path(tmp_path, sample_project):
    path = tmp_path / "江汉区2022.juesuan"
    projectfile.save(sample_project, path)
    return path


def _when_modal(qtbot, act, timeout=5.0):
    """Run `act(dialog)` on the next modal dialog once it is shown (exec() blocks the test)."""
    import time

    deadline = time.monotonic() + timeout

    def poll():
        widget = QApplication.activeModalWidget()
        if widget is not None:
            act(widget)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def _click(widget, text):
    button = next(b for b in widget.findChildren(QPushButton) if b.text() == text)
    button.click()


# -- autosave ------------------------------------------------------------------------------------


def test_autosave_writes_a_few_seconds_after_the_last_edit(qtbot, tmp_path, sample_project, project_path):
    store = RecoveryStore(tmp_path / "rec")
    source = FakeSource(sample_project, project_path)
    autosave = AutosaveController(source, store=store, delay_ms=150)
    sample_project.set_value("表1", "28", "1", Decimal("1.50"))
    source.changed.emit()
    assert autosave.pending and not (tmp_path / "rec").exists()  # not yet: only after the delay
    with qtbot.waitSignal(autosave.saved, timeout=3000) as blocker:
        pass
    (entry,) = store.entries(include_live=True)
    assert blocker.args[0] == entry.file and entry.original == project_path
    assert store.restore(entry).value("表1", "28", "1") == Decimal("1.50")
    assert not autosave.pending


def test_edits_are_debounced_but_never_postponed_beyond_the_maximum(qtbot, tmp_path, sample_project):
    store = RecoveryStore(tmp_path)
    source = FakeSource(sample_project)
    autosave = AutosaveController(source, store=store, delay_ms=200, max_delay_ms=500)
    writes = []
    autosave.saved.connect(writes.append)
    timer = QTimer()
    timer.timeout.connect(source.changed.emit)  # the user keeps typing every 50 ms
    started = time.monotonic()
    timer.start(50)
    qtbot.waitUntil(lambda: len(writes) == 1, timeout=2000)
    forced = time.monotonic() - started
    timer.stop()
    # typing never paused for 200 ms, so only the 500 ms maximum can have forced the write (a lower bound:
    # a loaded machine makes it later, never earlier; how much later is no property of the code)
    assert forced >= 0.45
    source.changed.emit()  # one last keystroke
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: len(writes) == 2, timeout=2000)
    assert time.monotonic() - stopped >= 0.19  # written once the user paused for the delay


def test_saving_undoing_or_discarding_removes_the_recovery_file(qtbot, tmp_path, project_path):
    from juesuan.ui.base.qt_document import QtProjectDocument

    store = RecoveryStore(tmp_path / "rec")
    document = QtProjectDocument(projectfile.load(project_path), project_path)
    autosave = AutosaveController(document, store=store, delay_ms=50)
    document.set_cell(Cell("表1", "28", "1"), Decimal("3.00"))
    qtbot.waitUntil(lambda: len(store.entries(include_live=True)) == 1, timeout=3000)
    document.undo_stack.undo()  # back to the saved state: nothing to recover
    assert store.entries(include_live=True) == []
    document.set_cell(Cell("表1", "28", "1"), Decimal("4.00"))
    qtbot.waitUntil(lambda: len(store.entries(include_live=True)) == 1, timeout=3000)
    projectfile.save(document.project, project_path)
    document.set_path(project_path)  # what the window does after a save: clean again
    assert store.entries(include_live=True) == []
    document.set_cell(Cell("表1", "28", "1"), Decimal("5.00"))
    qtbot.waitUntil(lambda: len(store.entries(include_live=True)) == 1, timeout=3000)
    autosave.discard()
    assert store.entries(include_live=True) == []


def test_save_as_moves_the_recovery_file(qtbot, tmp_path, sample_project):
    store = RecoveryStore(tmp_path / "rec")
    source = FakeSource(sample_project, None)
    autosave = AutosaveController(source, store=store, delay_ms=10)
    source.changed.emit()
    qtbot.waitUntil(lambda: autosave.recovery_file is not None, timeout=2000)
    (untitled,) = store.entries(include_live=True)
    assert untitled.original is None
    autosave.set_path(tmp_path / "新.juesuan")
    source.changed.emit()
    qtbot.waitUntil(lambda: not autosave.pending, timeout=2000)
    (entry,) = store.entries(include_live=True)
    assert entry.original == tmp_path / "新.juesuan"


def test_failure_to_write_is_reported_and_retried_not_raised(qtbot, tmp_path, sample_project):
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    autosave = AutosaveController(FakeSource(sample_project), store=RecoveryStore(blocker_file / "rec"), delay_ms=10)
    with qtbot.waitSignal(autosave.failed, timeout=2000) as failed:
        autosave.source.changed.emit()
    assert failed.args[0].startswith("自动保存失败：无法创建恢复文件夹")
    assert autosave.pending  # still pending: the next attempt will write them


def test_source_without_a_change_signal_is_refused(sample_project):
    with pytest.raises(TypeError):
        AutosaveController(object())


# -- recovery after a crash -------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_edits_survive_a_killed_window_process_and_are_offered_at_the_next_start(qtbot, tmp_path, project_path, artifacts):
    folder = tmp_path / "rec"
    child = subprocess.Popen([sys.executable, str(CHILD), str(project_path), str(folder)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        line = child.stdout.readline().decode()
        assert line.startswith("saved"), child.stderr.read().decode()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=20)
    store = RecoveryStore(folder)
    shown = {}

    def look_then_restore(dialog):
        assert isinstance(dialog, RecoveryDialog)
        item = dialog.list.topLevelItem(0)
        shown.update(name=item.text(0), when=item.text(1), where=item.text(2))
        dialog.grab().save(str(artifacts / "recovery-dialog.png"))
        _click(dialog, "恢复所选")

    _when_modal(qtbot, look_then_restore)
    (restored,) = offer_recovery(None, store)
    assert shown["name"] == "江汉区2022.juesuan" and shown["where"] == str(project_path.parent) and shown["when"]
    assert restored.entry.original == project_path
    assert restored.project.value("表1", "28", "1") == Decimal("12.34")
    assert restored.project.value("表1", "29", "1") == Decimal("5.66")
    assert len(store.entries()) == 1  # kept until the user saves or discards


def test_recovery_can_be_discarded_after_confirmation(qtbot, tmp_path, sample_project):
    store = RecoveryStore(tmp_path)
    store.write(sample_project, original=tmp_path / "a.juesuan", session="s")
    entries = store.entries(include_live=True)
    dialog = RecoveryDialog(entries)
    qtbot.addWidget(dialog)
    _when_modal(qtbot, lambda box: _click(box, "丢弃"))
    dialog.discard_button.click()
    assert dialog.action == RecoveryDialog.DISCARD and dialog.chosen() == entries


def test_later_keeps_everything(qtbot, tmp_path, sample_project, monkeypatch):
    from juesuan.recovery import RecoveryEntry

    store = RecoveryStore(tmp_path)
    store.write(sample_project, original=None, session="s")
    monkeypatch.setattr(RecoveryEntry, "is_live", lambda self: False)  # as if written by a crashed process
    _when_modal(qtbot, lambda dialog: _click(dialog, "以后再说"))
    assert offer_recovery(None, store) == []
    assert len(store.entries()) == 1


# -- locks ---------------------------------------------------------------------------------------


def _foreign(path: Path) -> LockInfo:
    info = LockInfo(user="王会计", machine="财务科-PC02", pid=4242, created="2024-03-01T09:12:00+08:00", token="feedc0de")
    filelock.lock_path_for(path).write_bytes(filelock._encode(info))
    return info


def test_locked_file_opens_read_only_naming_the_holder(qtbot, project_path, artifacts):
    _foreign(project_path)
    seen = {}

    def read_only(dialog):
        assert isinstance(dialog, LockedDialog)
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.grab().save(str(artifacts / "locked-dialog.png"))
        _click(dialog, "以只读方式打开")

    _when_modal(qtbot, read_only)
    opened = open_with_lock(None, project_path)
    assert opened is not None and opened.read_only and opened.holder.user == "王会计"
    assert "王会计" in seen["text"] and "财务科-PC02" in seen["text"]
    assert filelock.read_lock(project_path).token == "feedc0de"


def test_take_over_asks_a_question_naming_the_holder(qtbot, project_path, artifacts):
    _foreign(project_path)
    question = {}

    def choose_take_over(dialog):
        _click(dialog, "接管编辑…")
        _when_modal(qtbot, confirm)

    def confirm(box):
        assert isinstance(box, QMessageBox) and box.objectName() == "confirm-take-over"
        question["text"] = box.text()
        box.grab().save(str(artifacts / "take-over-question.png"))
        _click(box, "接管（王会计）")

    _when_modal(qtbot, choose_take_over)
    opened = open_with_lock(None, project_path, user="李四")
    try:
        assert opened is not None and not opened.read_only
        assert "王会计" in question["text"] and "财务科-PC02" in question["text"]
        assert filelock.read_lock(project_path).user == "李四"
    finally:
        opened.lock.release()


def test_declining_the_takeover_returns_to_the_choice_and_cancel_opens_nothing(qtbot, project_path):
    _foreign(project_path)
    steps = []

    def first(dialog):
        steps.append("locked")
        _click(dialog, "接管编辑…")
        _when_modal(qtbot, decline)

    def decline(box):
        steps.append("question")
        _click(box, "取消")
        _when_modal(qtbot, cancel)

    def cancel(dialog):
        steps.append("locked again")
        _click(dialog, "取消")

    _when_modal(qtbot, first)
    assert open_with_lock(None, project_path) is None
    assert steps == ["locked", "question", "locked again"]
    assert filelock.read_lock(project_path).user == "王会计"


def test_same_machine_lock_offers_no_takeover(qtbot, project_path):
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        info = LockInfo(user="张三", machine=filelock.this_machine(), pid=helper.pid, created="2024-03-01T09:12:00+08:00",
                        token="abc", process_start=filelock.process_start(helper.pid))
        filelock.lock_path_for(project_path).write_bytes(filelock._encode(info))
        with pytest.raises(filelock.FileLockedError) as caught:
            filelock.acquire(project_path)
        dialog = LockedDialog(caught.value)
        qtbot.addWidget(dialog)
        assert not dialog.take_over_button.parent()  # not placed in the dialog
        assert [b.text() for b in dialog.findChildren(QPushButton)] == ["以只读方式打开", "取消"]
    finally:
        helper.kill()
        helper.wait()


def test_free_file_opens_editable_without_a_dialog(project_path):
    opened = open_with_lock(None, project_path)
    try:
        assert opened is not None and not opened.read_only and filelock.read_lock(project_path).pid == os.getpid()
    finally:
        opened.lock.release()
