"""送审 through the real refused dialog: each 提示 without a 说明 is listed; double-clicking one jumps to its cell;
once every 提示 has a 说明 the file is submitted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan.ui.shell.prompts import Prompts

from .helpers import PREPARER, RECEPTION, RECEPTION_RULE, VEHICLE, explain_rest, type_into
from .test_dialogs import when_modal


def test_submit_lists_each_unexplained_warning_and_jumps_to_it(make_window, clean_file, qtbot, artifacts):
    window, answers = make_window(PREPARER, "prep")
    assert window.open_path(clean_file)
    view = window.page("表6").view
    type_into(qtbot, view, RECEPTION, "0.50")
    type_into(qtbot, view, VEHICLE, "5.35")
    warnings = [f for f in window.document.findings if f.severity == "warning"]
    assert RECEPTION_RULE in {f.rule for f in warnings} and len(warnings) == 2
    answers.refused = Prompts().refused  # the real dialog
    answers.texts = ["请审核"]
    seen = {}

    def act(dialog) -> None:  # noqa: ANN001
        seen["items"] = dialog.items()
        seen["title"] = dialog.windowTitle()
        for size, name in (((1093, 614), "submit-unexplained-1093x614.png"), ((1366, 768), "submit-unexplained-1366x768.png")):
            window.resize(*size)
            window.grab().save(str(artifacts / name))
        dialog.grab().save(str(artifacts / "submit-unexplained-dialog.png"))
        row = next(i for i, text in enumerate(seen["items"]) if "公务接待费" in text)
        rect = dialog.list.visualItemRect(dialog.list.item(row))
        QTest.mouseClick(dialog.list.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
        QTest.mouseDClick(dialog.list.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())

    when_modal("review-refused", act)
    assert window.review.submit() is False
    assert seen["title"] == "不能提交" and len(seen["items"]) == 2
    assert all(item.startswith("【提示】") for item in seen["items"])
    page = window.page("表9")
    assert window.tabs.currentWidget() is page  # jumped to the 提示's cell (表9 公务接待费)
    assert window.document.project.review.status == "draft"
    assert explain_rest(window, answers) == 2
    answers.texts = ["请审核"]
    assert window.review.submit() and window.document.project.review.status == "submitted"
