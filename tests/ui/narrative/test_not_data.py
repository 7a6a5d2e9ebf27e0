"""“不是数据” through the real window: Ctrl+Shift+N and the right-click menu on a marked number in the 情况说明 tab,
several rows at once from 审核结果's right-click menu; one undo step each, saved into the file and reopened."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from juesuan import projectfile

from .test_text_page import issues_row_of, text_page


def untied(window):  # noqa: ANN001, ANN201
    return [f for f in window.document.findings if f.rule == "N-UNTIED"]


def put_cursor(editor, position):  # noqa: ANN001
    """Click into the text at `position` as a user would."""
    cursor = editor.textCursor()
    cursor.setPosition(position)
    rect = editor.cursorRect(cursor)
    QTest.mouseClick(editor.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(rect.center().x() + 2, rect.center().y()))


def choose_in_menu(qtbot, widget, pos, name):  # noqa: ANN001, ANN201
    """Right-click at `pos` of `widget` and choose the menu entry named `name` (highlighted, Enter); returns the entries' texts."""
    seen = []

    def click() -> None:
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        if not menus:
            QTimer.singleShot(50, click)
            return
        menu = menus[0]
        seen.extend(a.text() for a in menu.actions())
        found = [a for a in menu.actions() if a.objectName() == name]
        if not found:
            menu.close()  # the assertion below fails with what was seen
            return
        menu.setActiveAction(found[0])  # as the arrow keys would
        QTest.keyClick(menu, Qt.Key_Return)

    QTimer.singleShot(50, click)
    event = QContextMenuEvent(QContextMenuEvent.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    assert seen, "no menu opened"
    return seen


def test_shortcut_marks_the_number_greys_it_and_undo_takes_it_back(sample_window, qtbot, artifacts):
    window = sample_window
    page = text_page(window)
    editor = page.editor
    before = untied(window)
    finding = before[0]
    editor.setFocus()
    put_cursor(editor, finding.span[0])
    index = window.undo_stack.index()
    QTest.keyClick(editor, Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
    assert finding not in untied(window) and len(untied(window)) == len(before) - 1
    assert window.undo_stack.index() == index + 1
    assert editor.not_data == [tuple(finding.span)]
    assert editor.not_data_at(finding.span[0] + 1) == tuple(finding.span)
    assert all(f.rule != "N-UNTIED" or f.span != finding.span for _s, _e, f in editor.marked)
    grey = [s for s in editor.extraSelections() if (s.cursor.selectionStart(), s.cursor.selectionEnd()) == tuple(finding.span)]
    assert grey and grey[0].format.foreground().color().name() == "#8a8a8a"
    editor.ensureCursorVisible()
    for size in ((1366, 768), (1093, 614)):
        window.resize(*size)
        qtbot.waitUntil(lambda size=size: window.width() == size[0])
        editor.centerCursor()  # the grey number in the middle of the text
        window.grab().save(str(artifacts / f"narrative-not-data-{size[0]}x{size[1]}.png"))
    # undo (Ctrl+Z in the text) brings the 提示 back, redo marks it again
    QTest.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert finding in untied(window) and editor.not_data == []
    QTest.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert finding not in untied(window)
    # pressing it again on the grey number takes the mark off
    QTest.keyClick(editor, Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
    assert finding in untied(window)
    QTest.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    # saved (Ctrl+S), reopened: still marked, still no 提示
    QTest.keyClick(editor, Qt.Key_S, Qt.ControlModifier)
    assert window.document.is_clean()
    saved = projectfile.load(window.document.path)
    assert [m.number for m in saved.narrative.not_data] == [window.document.project.narrative.text[slice(*finding.span)]]
    assert window.open_path(window.document.path)
    assert finding not in untied(window) and len(untied(window)) == len(before) - 1
    assert text_page(window).editor.not_data == [tuple(finding.span)]


def test_context_menu_on_the_number_marks_and_unmarks_it(sample_window, qtbot):
    window = sample_window
    page = text_page(window)
    editor = page.editor
    finding = untied(window)[2]
    cursor = editor.textCursor()
    cursor.setPosition(finding.span[0])
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()  # the number on screen, where the user right-clicks it
    pos = editor.cursorRect(cursor).center() + QPoint(2, 0)
    seen = choose_in_menu(qtbot, editor.viewport(), pos, "narrative-mark-not-data")
    qtbot.waitUntil(lambda: finding not in untied(window))
    assert "标记为非数据数字" in seen and any("Ctrl+C" in text for text in seen)  # the standard entries stay
    assert editor.not_data == [tuple(finding.span)]
    seen = choose_in_menu(qtbot, editor.viewport(), pos, "narrative-unmark-not-data")
    qtbot.waitUntil(lambda: finding in untied(window))
    assert editor.not_data == []


def test_several_rows_of_the_issues_panel_at_once(sample_window, qtbot):
    window = sample_window
    view = window.issues.view
    before = untied(window)
    chosen = before[:3]
    index = window.undo_stack.index()
    first = issues_row_of(window, chosen[0])
    view.scrollTo(first)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, view.visualRect(first).center())
    for finding in chosen[1:]:
        row = issues_row_of(window, finding)
        view.scrollTo(row)
        QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.ControlModifier, view.visualRect(row).center())
    assert set(window.issues.selected_findings()) == set(chosen)
    row = issues_row_of(window, chosen[1])
    seen = choose_in_menu(qtbot, view.viewport(), view.visualRect(row).center(), "issues-mark-not-data")
    qtbot.waitUntil(lambda: not set(chosen) & set(untied(window)))
    assert "标记为非数据数字（选中的 3 处）" in seen
    assert len(untied(window)) == len(before) - 3
    assert window.undo_stack.index() == index + 1  # one step for the three
    window.undo_stack.undo()
    assert len(untied(window)) == len(before)
