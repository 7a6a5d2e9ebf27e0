"""The real review dialogs, driven by keys and clicks: a refused submit lists the error and jumps to it; texts."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPlainTextEdit

from juesuan.ui.shell.prompts import Prompts
from juesuan.ui.review.dialogs import TextDialog

from .helpers import explain_rest, PREPARER, RENT, REVIEWER, type_text


def when_modal(name: str, act) -> None:  # noqa: ANN001
    """Run `act(dialog)` once the modal dialog `name` is up."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            QTimer.singleShot(20, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def test_refused_submit_lists_the_error_and_jumps_to_it(make_window, seed_file, artifacts):
    window, answers = make_window(PREPARER, "prep")
    assert window.open_path(seed_file)
    answers.refused = Prompts().refused  # the real dialog
    answers.texts = ["请审核"]
    seen = {}

    def act(dialog) -> None:  # noqa: ANN001
        seen["title"] = dialog.windowTitle()
        seen["items"] = dialog.items()
        seen["head"] = dialog.findChild(QLabel, "refused-text").text()
        assert dialog.grab().save(str(artifacts / "review-refused-dialog.png"))
        item = dialog.list.item(0)
        rect = dialog.list.visualItemRect(item)
        QTest.mouseClick(dialog.list.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
        QTest.mouseDClick(dialog.list.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())

    when_modal("review-refused", act)
    assert window.review.submit() is False
    assert seen["title"] == "不能提交" and seen["head"] == "还有 1 个错误，改正后才能提交："
    [item] = seen["items"]
    assert item.startswith("【错误】表3 2210202 租房补贴 科目名称栏：科目 2210202 在各表名称不一致")
    page = window.page("表3")
    assert window.tabs.currentWidget() is page and page.model.index_of(RENT) == page.view.currentIndex()
    assert window.document.project.review.status == "draft"


def test_text_dialog_needs_text_when_required(qtbot):
    dialog = TextDialog("退回修改", "请写明退回理由：", True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled()
    QTest.keyClicks(dialog.text, "   ")
    assert not ok.isEnabled()
    type_text(dialog.text, "表6 30217 与表9 不一致，请核对")
    assert ok.isEnabled()
    QTest.mouseClick(ok, Qt.LeftButton)
    assert dialog.answer() == "表6 30217 与表9 不一致，请核对"


def test_return_for_changes_through_the_real_prompt(make_window, clean_file):
    window, answers = make_window(PREPARER, "prep")
    assert window.open_path(clean_file)
    assert explain_rest(window, answers) == 1  # 送审 needs a 说明 on each 提示
    answers.texts = [""]
    assert window.review.submit()
    window.findChild(type(window.review.actions["submit"]), "action-save").trigger()
    rev, answers = make_window(REVIEWER, "rev")
    assert rev.open_for_review(clean_file)
    answers.review_text = Prompts().review_text

    def act(dialog) -> None:  # noqa: ANN001
        editor = dialog.findChild(QPlainTextEdit, "review-text")
        type_text(editor, "表9 三公经费请与情况说明核对后重报")
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)

    when_modal("review-text-dialog", act)
    rev.review.actions["return"].trigger()
    last = rev.document.project.review.last_change
    assert (last.status, last.by.who, last.remark) == ("returned", REVIEWER, "表9 三公经费请与情况说明核对后重报")
    assert rev.review.state_label.text().startswith("状态：退回修改（王科长，")
    assert not rev.review.actions["signoff"].isEnabled() and not rev.review.actions["return"].isEnabled()
