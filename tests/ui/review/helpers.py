"""Two people, a ticking clock, answers instead of dialogs, and real key events into a table view."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from juesuan.findings import Cell
from juesuan.review.model import Person
from helpers.answers import RecordingAnswers

D = Decimal
CST = timezone(timedelta(hours=8))
PREPARER = Person(name="李会计", unit="江汉区人民政府办公室财务科")
REVIEWER = Person(name="王科长", unit="江汉区财政局")
RECEPTION = Cell("表6", "30217", "1")
VEHICLE = Cell("表6", "30231", "1")
RECEPTION_RULE = "X-T9-T6-RECEPTION"
RENT = Cell("表3", "2210202", "科目名称")


class Clock:
    """Each call is one minute later, in UTC+8, from 2023-03-01 09:00."""

    def __init__(self, start: datetime = datetime(2023, 3, 1, 9, 0, tzinfo=CST)) -> None:
        self.time = start

    def __call__(self) -> datetime:
        self.time += timedelta(minutes=1)
        return self.time


class ReviewAnswers(RecordingAnswers):
    """Stands in for every dialog of the window: records what was asked, answers as told."""

    def __init__(self) -> None:
        super().__init__()
        self.open_answer: str | None = None
        self.save_path_answer: str | None = None
        self.subject: tuple[str, str] | None = None
        self.user: tuple[str, str] | None = None
        self.texts: list[str | None] = []
        self.explanation_answer = None
        self.explanation_info = None
        self.refused_items: list[str] = []
        self.refused_pick: Cell | None = None
        self.project_path_answer: str | None = None
        self.export_path_answer: str | None = None

    def open_path(self, parent, folder):  # noqa: ANN001
        self.asked.append(("open_path", folder))
        return self.open_answer

    def save_path(self, parent, suggested):  # noqa: ANN001
        self.asked.append(("save_path", suggested))
        return self.save_path_answer

    def pick_subject(self, parent, catalog, existing, table):  # noqa: ANN001
        self.asked.append(("pick_subject", table))
        return self.subject

    # review questions
    def ask_user(self, parent, current, first_start):  # noqa: ANN001
        self.asked.append(("ask_user", first_start))
        return self.user

    def review_text(self, parent, title, prompt, required):  # noqa: ANN001
        self.asked.append(("review_text", title))
        return self.texts.pop(0) if self.texts else None

    def explanation(self, parent, info):  # noqa: ANN001
        self.asked.append(("explanation", info.location))
        self.explanation_info = info
        return self.explanation_answer

    def refused(self, parent, title, text, items):  # noqa: ANN001
        self.asked.append(("refused", text))
        self.refused_items = [item for item, _cell in items]
        return self.refused_pick

    def project_path(self, parent, title, folder):  # noqa: ANN001
        self.asked.append(("project_path", title))
        return self.project_path_answer

    def export_path(self, parent, title, suggested, kind):  # noqa: ANN001
        self.asked.append(("export_path", suggested))
        return self.export_path_answer

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]

    def errors(self) -> list[str]:
        return [str(text) for kind, text in self.asked if kind == "error"]


def goto(view, cell: Cell):  # noqa: ANN001, ANN201
    index = view.model().index_of(cell)
    assert index.isValid(), cell
    view.setCurrentIndex(index)
    return index


def type_text(widget, text: str) -> None:  # noqa: ANN001
    """Type as a user would: ASCII through key events, Chinese through the input method's commit (as a Chinese
    IME delivers it; QTest can only synthesise ASCII keys)."""
    for chunk in _runs(text):
        if chunk.isascii():
            QTest.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    for ch in text:
        if runs and runs[-1][-1].isascii() == ch.isascii():
            runs[-1] += ch
        else:
            runs.append(ch)
    return runs


def type_into(qtbot, view, cell: Cell, text: str) -> None:  # noqa: ANN001
    """Type into a cell through the view and commit with Enter: an amount by typing (the first key opens the
    editor), a Chinese name by F2, select all, then the input method's text."""
    goto(view, cell)
    if text.isascii():
        QTest.keyClicks(view, text)
        editor = view.active_editor()
    else:
        QTest.keyClick(view, Qt.Key_F2)
        editor = view.active_editor()
        assert editor is not None, "no cell editor is open"
        QTest.keyClick(editor, Qt.Key_A, Qt.ControlModifier)
        type_text(editor, text)
    assert editor is not None, "no cell editor is open"
    with qtbot.waitSignal(view.model().dataChanged, timeout=2000):
        QTest.keyClick(editor, Qt.Key_Return)


def action_named(actions, name: str):  # noqa: ANN001, ANN201
    found = [a for a in actions if a.objectName() == name]
    assert found, [a.objectName() or a.text() for a in actions]
    return found[0]


def cell_actions(window, cell: Cell):  # noqa: ANN001, ANN201
    """The right-click menu of a cell, as the view builds it."""
    view = window.page(cell.table).view
    return view.context_actions(goto(view, cell))


def marked_cells(window, role) -> set[Cell]:  # noqa: ANN001
    """Every grid position of every 决算 table whose `role` is truthy, as the cells they show."""
    from juesuan.ui.tables.model import CellRole

    found = set()
    for page in window.pages.values():
        model = page.model
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                if index.data(role):
                    found.add(index.data(CellRole))
    return found


def explain_rest(window, answers, text: str = "经核实，情况属实，原因已写明。") -> int:  # noqa: ANN001
    """Write a 说明 on every 提示 still without one, through the issues panel's 写说明 (送审 needs them)."""
    from juesuan.review.workflow import unexplained
    from juesuan.ui.review.explanations import ExplanationAnswer

    missing = unexplained(window.document.project, window.document.findings)
    for warning in missing:
        answers.explanation_answer = ExplanationAnswer("explain", text)
        window.issues.context_actions(warning)[0].trigger()
    return len(missing)


def accept_rest(window, answers, remark: str = "情况属实") -> int:  # noqa: ANN001
    """The reviewer accepts every 说明 still pending, through the issues panel's 审核说明."""
    from juesuan.ui.review.explanations import ExplanationAnswer

    pending = {s.explanation.key for s in window.review.session.explanation_states()
               if s.active and s.explanation.verdict == "pending"}
    done = 0
    for finding in list(window.document.findings):
        if (finding.rule, tuple((c.table, c.row, c.column) for c in finding.cells)) in pending:
            answers.explanation_answer = ExplanationAnswer("accept", remark)
            window.issues.context_actions(finding)[0].trigger()
            done += 1
    return done
