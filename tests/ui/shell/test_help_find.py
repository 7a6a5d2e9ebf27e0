"""Help and find through real keys: F1 opens the bundled guide, Ctrl+F1 the shortcut list, Ctrl+F finds a subject
code or name across the tables; Qt's own dialogs and buttons speak Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QTableView

from juesuan.datafiles import resource
from juesuan.ui.shell.help import SHORTCUTS, GuideDialog, ShortcutsDialog
from juesuan.ui.shell.translations import install_qt_translations, remove_qt_translations

ROOT = Path(__file__).resolve().parents[3]


def _type_chinese(widget, text: str) -> None:  # noqa: ANN001
    """Chinese arrives as an input method's commit, as a real IME delivers it (QTest.keyClicks is ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _press(window, key, modifiers=Qt.NoModifier) -> None:  # noqa: ANN001
    view = window.tabs.currentWidget().view
    view.setFocus()
    QTest.keyClick(view, key, modifiers)


def test_bundled_guide_is_the_user_guide_of_docs():
    """One source of truth: resources/help/user-guide.md is docs/user-guide.md (scripts/sync-help copies it)."""
    bundled = resource("help", "user-guide.md").read_text(encoding="utf-8")
    assert bundled == (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8"), "run scripts/sync-help"


def test_f1_opens_the_guide_inside_the_application(sample_window, qtbot):
    window = sample_window
    _press(window, Qt.Key_F1)
    guide = window.findChild(GuideDialog, "help-guide")
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "使用说明" in text and "快捷键" in text and "查找" in text
    assert "###" not in text  # rendered from Markdown, not shown as source
    _type_chinese(guide.search, "本表无数据")
    QTest.keyClick(guide.search, Qt.Key_Return)
    assert guide.browser.textCursor().selectedText() == "本表无数据"
    guide.close()
    _press(window, Qt.Key_F1)
    assert window.findChildren(GuideDialog) == [guide] and guide.isVisible()  # shown again, not made twice


def test_ctrl_f1_lists_the_shortcuts_the_window_binds(sample_window):
    window = sample_window
    _press(window, Qt.Key_F1, Qt.ControlModifier)
    dialog = window.findChild(ShortcutsDialog, "help-shortcuts")
    assert dialog is not None and dialog.isVisible()
    keys = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert keys == [k for _, k, _ in SHORTCUTS]
    # every single-key-combination entry of the list is really bound to an action of the window
    bound = {s.toString() for a in window.findChildren(QAction) for s in a.shortcuts()}
    for wanted in ("Ctrl+PgDown", "Ctrl+Tab", "Ctrl+PgUp", "Ctrl+F", "F1", "Ctrl+F1", "F12", "F9"):
        assert wanted in bound, wanted


def test_ctrl_f_finds_a_code_and_a_name_across_the_tables(sample_window, qtbot):
    window = sample_window
    window.tabs.setCurrentWidget(window.page("表1"))
    _press(window, Qt.Key_F, Qt.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.input.hasFocus()
    QTest.keyClicks(bar.input, "2010301")
    QTest.keyClick(bar.input, Qt.Key_Return)
    seen = []
    for _ in range(len(bar.matches)):
        page = window.tabs.currentWidget()
        view = window.findChild(QTableView, f"view-{page.table}")
        index = view.currentIndex()
        assert view.selectionModel().isSelected(index)
        assert "2010301" in index.data(Qt.DisplayRole)
        seen.append(page.table)
        QTest.keyClick(bar.input, Qt.Key_Return)
    assert seen[0] == "表2" and {"表2", "表3", "表5"} <= set(seen) and seen == sorted(seen, key=lambda t: int(t[1:]))
    assert bar.count.text().startswith("第 1 个")  # wrapped round to the first
    QTest.keyClick(bar.input, Qt.Key_Return, Qt.ShiftModifier)  # Shift+Enter: back to the last
    assert window.tabs.currentWidget().table == seen[-1]
    bar.input.clear()
    _type_chinese(bar.input, "行政 运行")  # a name, blanks ignored
    QTest.keyClick(bar.input, Qt.Key_Return)
    view = window.tabs.currentWidget().view
    assert view.currentIndex().data(Qt.DisplayRole) == "行政运行"
    bar.input.clear()
    _type_chinese(bar.input, "没有这个科目")
    QTest.keyClick(bar.input, Qt.Key_Return)
    assert bar.count.text() == "没有找到"
    QTest.keyClick(bar.input, Qt.Key_Escape)
    assert not bar.isVisible() and view.hasFocus()


@pytest.fixture
def chinese_qt(qapp):  # noqa: ANN001, ANN201
    """Qt's translations as app.run installs them, taken out again so other tests see the default texts."""
    yield install_qt_translations(qapp)
    remove_qt_translations(qapp)


def test_qt_dialogs_and_standard_buttons_are_chinese(qapp, qtbot, chinese_qt):
    loaded = chinese_qt
    assert loaded and loaded[0].endswith("qtbase_zh_CN.qm")
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Save)
    qtbot.addWidget(buttons)
    texts = {b.text().replace("&", "") for b in buttons.buttons()}
    assert texts and all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts), texts
    dialog = QFileDialog(None, "打开", "", "项目文件 (*.juesuan)")
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()]
    assert any("取消" in t for t in labels), labels
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    assert any("撤销" in a.text() or "复制" in a.text() for a in menu.actions()), [a.text() for a in menu.actions()]
    assert QApplication.instance() is qapp
