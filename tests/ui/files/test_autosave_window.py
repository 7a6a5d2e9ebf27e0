"""Autosave in the window: typed edits reach the recovery folder within the delay; saving ends them; closing with
不保存 discards them and frees the file; review notes are autosaved too; read-only documents write nothing."""

from __future__ import annotations

from decimal import Decimal

from juesuan import filelock, projectfile
from juesuan.findings import Cell
from juesuan.recovery import RecoveryStore

from .helpers import type_into
from .test_lock_window import INCOME, foreign_lock


def recovered(recovery_dir):  # noqa: ANN001, ANN201
    return RecoveryStore(recovery_dir).entries(include_live=True)


def test_typed_edits_are_autosaved_and_saving_ends_them(qtbot, project_file, make_window, recovery_dir):
    window, _answers = make_window()
    assert window.open_path(project_file)
    assert window.files.session.autosave.enabled and window.files.session.autosave.base == projectfile.stamp(project_file)
    type_into(window, INCOME, "8.5")
    qtbot.waitUntil(lambda: len(recovered(recovery_dir)) == 1, timeout=3000)
    [entry] = recovered(recovery_dir)
    assert entry.original == project_file and not entry.original_changed()
    assert RecoveryStore(recovery_dir).restore(entry).value("表1", "4", "1") == Decimal("8.5")
    assert window.files.save()
    assert recovered(recovery_dir) == [] and projectfile.load(project_file).value("表1", "4", "1") == Decimal("8.5")


def test_closing_with_dont_save_discards_the_recovery_file_and_the_lock(qtbot, project_file, make_window,
                                                                         recovery_dir):
    window, answers = make_window()
    assert window.open_path(project_file)
    before = project_file.read_bytes()
    type_into(window, INCOME, "8.5")
    qtbot.waitUntil(lambda: len(recovered(recovery_dir)) == 1, timeout=3000)
    answers.save_answer = "cancel"
    assert window.close() is False  # cancelled: everything stays
    assert len(recovered(recovery_dir)) == 1 and filelock.lock_path_for(project_file).exists()
    answers.save_answer = "discard"
    assert window.close() is True
    assert answers.kinds().count("save_changes") == 2
    assert recovered(recovery_dir) == [] and not filelock.lock_path_for(project_file).exists()
    assert project_file.read_bytes() == before


def test_no_autosave_for_a_read_only_document(qtbot, project_file, make_window, recovery_dir):
    foreign_lock(project_file)
    window, answers = make_window()
    assert window.open_path(project_file) and window.files.session.read_only
    autosave = window.files.session.autosave
    type_into(window, INCOME, "8.5")  # refused
    window.document.cellsChanged.emit((INCOME,))  # and even if something changed
    window.document.rowsChanged.emit("表1")
    qtbot.wait(400)  # four times the autosave delay
    assert not autosave.pending and autosave.recovery_file is None and recovered(recovery_dir) == []
    from PySide6.QtGui import QAction

    assert not window.findChild(QAction, "action-fill-totals").isEnabled()  # data commands are off too
    assert not window.findChild(QAction, "action-add-subject").isEnabled()
    answers.save_answer = "discard"
    assert window.close()
    assert filelock.read_lock(project_file).user == "王会计"  # closing a read-only file leaves the holder's lock


def test_review_notes_are_unsaved_work_and_autosaved(qtbot, project_file, make_window, recovery_dir):
    window, answers = make_window()
    assert window.open_path(project_file)
    answers.texts = ["请核对上级补助收入"]
    assert window.review.add_comment("cell", Cell("表1", "4", "1")) is not None
    assert window.isWindowModified()
    qtbot.waitUntil(lambda: len(recovered(recovery_dir)) == 1, timeout=3000)
    [entry] = recovered(recovery_dir)
    [comment] = RecoveryStore(recovery_dir).restore(entry).review.comments
    assert comment.text == "请核对上级补助收入"


def test_edits_in_a_selfeval_form_are_autosaved(qtbot, project_file, make_window, recovery_dir):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTableView

    window, _answers = make_window()
    assert window.open_path(project_file)
    window.selfeval.select_form("自评-整体")
    view = window.findChild(QTableView, "selfeval-整体")
    cell = Cell("自评-整体", "指标3：广角信息期数", "实际完成值")
    view.setCurrentIndex(view.model().index_of(cell))
    QTest.keyClicks(view, "12")
    QTest.keyClick(view.active_editor() or view, Qt.Key_Return)
    assert window.isWindowModified()
    qtbot.waitUntil(lambda: len(recovered(recovery_dir)) == 1, timeout=3000)
    [entry] = recovered(recovery_dir)
    restored = RecoveryStore(recovery_dir).restore(entry)
    assert restored.selfeval == window.document.project.selfeval != projectfile.load(project_file).selfeval
