"""Driving a table view with real key events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from juesuan.findings import Cell


def goto(view, cell: Cell):  # noqa: ANN001, ANN201
    index = view.model().index_of(cell)
    assert index.isValid(), cell
    view.setCurrentIndex(index)
    return index


def editor(view) -> QLineEdit:  # noqa: ANN001
    found = view.active_editor()
    assert found is not None, "no cell editor is open"
    return found


def type_into(qtbot, view, cell: Cell, text: str, key=Qt.Key_Return):  # noqa: ANN001
    """Type text into a cell through the view (the first key opens the editor) and commit with a key.

    Returns after the commit's dataChanged; callers assert immediately, with no further waiting."""
    goto(view, cell)
    QTest.keyClicks(view, text)
    with qtbot.waitSignal(view.model().dataChanged, timeout=2000):
        QTest.keyClick(editor(view), key)
