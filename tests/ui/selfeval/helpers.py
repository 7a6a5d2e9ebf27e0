"""Driving a 自评 form's view with real key events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from juesuan.findings import Cell
from juesuan.ui.issues.panel import FindingRole


def form_view(window, table: str) -> QTableView:  # noqa: ANN001
    """The form's view found by its automation name, after showing its page."""
    window.selfeval.select_form(table)
    view = window.findChild(QTableView, "selfeval-" + table.removeprefix("自评-"))
    assert view is not None, table
    return view


def goto(view, cell: Cell):  # noqa: ANN001, ANN201
    index = view.model().index_of(cell)
    assert index.isValid(), cell
    view.setCurrentIndex(index)
    return index


def editor(view):  # noqa: ANN001, ANN201
    found = view.active_editor()
    assert found is not None, "no cell editor is open"
    return found


def ime(widget, text: str) -> None:  # noqa: ANN001
    """Chinese text as an input method delivers it: one commit event (key events carry only ASCII here)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def enter_text(view, cell: Cell, text: str):  # noqa: ANN001, ANN201
    """Put text into a cell's editor: ASCII typed key by key into the view (the first key opens the editor),
    Chinese after F2 through the input method. Returns the open editor."""
    goto(view, cell)
    if text.isascii():
        QTest.keyClicks(view, text)
    else:
        QTest.keyClick(view, Qt.Key_F2)  # opens the editor with its text selected: the commit replaces it
        ime(editor(view), text)
    return editor(view)


def type_into(qtbot, view, cell: Cell, text: str, key=Qt.Key_Return, modifier=Qt.NoModifier):  # noqa: ANN001
    """Type into a cell and commit with a key; returns after the model's dataChanged so callers assert at once,
    with no further waiting."""
    box = enter_text(view, cell, text)
    with qtbot.waitSignal(view.model().dataChanged, timeout=2000):
        QTest.keyClick(box, key, modifier)


def value(view, cell: Cell, role=Qt.EditRole):  # noqa: ANN001, ANN201
    return view.model().index_of(cell).data(role)


def panel_findings(window) -> list:  # noqa: ANN001
    proxy = window.issues.view.model()
    return [proxy.index(r, 0).data(FindingRole) for r in range(proxy.rowCount())]
