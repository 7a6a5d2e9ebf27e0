"""审核打开: the data is read-only — every way of editing is refused with the same clear message, nothing changes."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from juesuan.findings import Cell
from juesuan.review import canonical
from juesuan.ui.review.controller import READ_ONLY_REASON

from .helpers import PREPARER, REVIEWER, goto, type_into

AMOUNT = Cell("表1", "4", "1")
NAME = Cell("表3", "2210202", "科目名称")


def test_every_edit_is_refused_in_review_mode(make_window, seed_file, qtbot):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    project = window.document.project
    before = canonical.content(project)
    status = window.statusBar()

    def refused() -> None:
        assert status.currentMessage() == READ_ONLY_REASON
        status.clearMessage()
        assert canonical.content(project) == before
        assert window.undo_stack.count() == 0 and not window.isWindowModified()

    page1 = window.page("表1")
    window.tabs.setCurrentWidget(page1)
    view = page1.view
    # typing, F2 and a double-click open no editor
    goto(view, AMOUNT)
    QTest.keyClicks(view, "12")
    assert view.active_editor() is None
    refused()
    QTest.keyClick(view, Qt.Key_F2)
    assert view.active_editor() is None
    refused()
    rect = view.visualRect(view.model().index_of(AMOUNT))
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert view.active_editor() is None
    refused()
    # Delete, paste, undo
    QTest.keyClick(view, Qt.Key_Delete)
    refused()
    assert view.paste_text("1\t2\n3\t4") == 0
    refused()
    QTest.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert canonical.content(project) == before

    # the 科目名称 of a subject table, adding and removing subjects, the 本表无数据 switch
    page3 = window.page("表3")
    window.tabs.setCurrentWidget(page3)
    goto(page3.view, NAME)
    QTest.keyClick(page3.view, Qt.Key_F2)
    assert page3.view.active_editor() is None
    refused()
    frozen = page3.view.frozen  # the label columns are an overlay view of their own
    rect = frozen.visualRect(page3.model.index_of(NAME))
    QTest.mouseClick(frozen.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(frozen.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert page3.view.active_editor() is None
    refused()
    assert not page3.add_button.isEnabled() and not page3.remove_button.isEnabled()
    assert not page3.no_data.isEnabled() and not page3.no_data_note.isEnabled()
    QTest.keyClick(page3.view, Qt.Key_Insert, Qt.ControlModifier)
    assert "pick_subject" not in answers.kinds()
    refused()
    goto(page3.view, Cell("表3", "2210202", "1"))
    QTest.keyClick(page3.view, Qt.Key_Delete, Qt.ControlModifier)
    refused()
    for name in ("action-paste", "action-clear", "action-add-subject", "action-remove-subject", "action-fill-totals"):
        assert window.findChild(QAction, name).isEnabled() is False, name
    assert window.findChild(QAction, "action-review-comments").isEnabled()

    # the context menu keeps 复制 and the review entries; everything that edits data is disabled
    menu = {a.text(): a for a in page3.view.context_actions(goto(page3.view, Cell("表3", "2010301", "1"))) if a.text()}
    assert menu["复制"].isEnabled()
    for text in ("粘贴", "清除内容", "添加科目…", "删除科目"):
        assert not menu[text].isEnabled(), text
    assert menu["添加批注…"].isEnabled() and menu["对本行添加批注…"].isEnabled()

    # the review record, on the other hand, can be written
    answers.texts = ["请核对"]
    menu["添加批注…"].trigger()
    assert len(project.review.comments) == 1 and window.isWindowModified()
    assert canonical.content(project) == before


def test_a_normal_open_makes_the_data_editable_again(make_window, seed_file, qtbot):
    window, _answers = make_window(PREPARER, "prep")
    assert window.open_for_review(seed_file)
    assert window.review.review_mode and window.document.read_only_reason
    assert window.tabs.tabText(0) == "审核概况"
    assert window.open_path(seed_file)
    assert not window.review.review_mode and window.document.read_only_reason == ""
    assert window.tabs.tabText(0) != "审核概况"  # the summary page belongs to review mode
    assert window.windowTitle() == f"{seed_file.name}[*] - 决算与绩效自评填报审核工具"
    assert not window.review.mode_label.isVisible()
    page = window.page("表1")
    window.tabs.setCurrentWidget(page)
    type_into(qtbot, page.view, AMOUNT, "12")
    assert window.document.value(AMOUNT) == Decimal("12")
    assert page.view.model().flags(page.view.model().index_of(AMOUNT)) & Qt.ItemIsEditable
    assert window.page("表3").add_button.isEnabled() and window.page("表3").no_data.isEnabled()
    for name in ("action-paste", "action-clear", "action-add-subject", "action-remove-subject", "action-fill-totals"):
        assert window.findChild(QAction, name).isEnabled(), name


def test_revalidation_keeps_review_mode(make_window, seed_file):
    window, _answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    window.findChild(QAction, "action-revalidate").trigger()
    assert window.review.review_mode and window.document.read_only_reason == READ_ONLY_REASON


def test_the_hook_for_a_locked_file_opens_for_review_without_taking_the_lock(make_window, seed_file):
    """`MainWindow.open_for_review(path, ask_to_save=False)`: what the lock dialog's 只读打开 calls."""
    window, answers = make_window(REVIEWER, "rev")
    window.document.set_cell(Cell("表9", "1", "2"), Decimal("1"))  # unsaved work the caller already asked about
    opened, reviewed = [], []
    window.files.fileOpened.connect(opened.append)  # what a normal open (and the lock) hangs on
    window.review.reviewOpened.connect(reviewed.append)
    assert window.open_for_review(seed_file, ask_to_save=False)
    assert "save_changes" not in answers.kinds()
    assert opened == [] and reviewed == [seed_file]
    assert window.review.review_mode and window.tabs.currentWidget() is window.review.summary_page
    assert window.document.path == seed_file and not window.isWindowModified()
