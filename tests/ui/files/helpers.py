"""Answers instead of dialogs, real key events into a table view, and a second window process."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from juesuan.document import ProjectInfo
from juesuan.findings import Cell

import pytest
from helpers.answers import RecordingAnswers

CHILD = Path(__file__).resolve().parent / "window_child.py"
#: the window process is driven through a pipe on stdin (QSocketNotifier) and killed with SIGKILL: POSIX only
needs_window_process = pytest.mark.skipif(os.name == "nt" or not hasattr(signal, "SIGKILL"),
                                          reason="window process driven via stdin and SIGKILL (POSIX)")


class FileAnswers(RecordingAnswers):
    """Stands in for every dialog of the window: records what was asked (and what it showed), answers as told."""

    def __init__(self) -> None:
        super().__init__()
        self.open_answer: str | None = None
        self.save_path_answer: str | None = None
        self.recovery_answer = "restore"
        self.recovery_shown: list[list] = []
        self.locked_answer = "read_only"
        self.locked_shown: list = []
        self.take_over_answer = False
        self.problem_answers: list[str] = []
        self.workbook_answer: str | None = None
        self.workbook_save_answer: str | None = None
        self.report: list[str] = []
        self.texts: list[str] = []
        self.info_answer = ProjectInfo(name="测试单位", year=2022)

    def open_path(self, parent, folder):  # noqa: ANN001
        self.asked.append(("open_path", folder))
        return self.open_answer

    def save_path(self, parent, suggested):  # noqa: ANN001
        self.asked.append(("save_path", suggested))
        return self.save_path_answer

    def project_path(self, parent, title, folder):  # noqa: ANN001
        self.asked.append(("project_path", title))
        return self.open_answer

    def project_info(self, parent, info, title):  # noqa: ANN001
        self.asked.append(("project_info", title))
        return self.info_answer

    def ask_user(self, parent, current, first_start):  # noqa: ANN001
        self.asked.append(("ask_user", first_start))
        return None

    def review_text(self, parent, title, prompt, required):  # noqa: ANN001
        self.asked.append(("review_text", title))
        return self.texts.pop(0) if self.texts else None

    # file safety and Excel
    def recovery(self, parent, entries, opening=False):  # noqa: ANN001
        self.asked.append(("recovery", opening))
        self.recovery_shown.append(list(entries))
        return self.recovery_answer, list(entries)

    def locked(self, parent, error, review=False):  # noqa: ANN001
        self.asked.append(("locked", review))
        self.locked_shown.append(error)
        return self.locked_answer

    def take_over(self, parent, holder, name):  # noqa: ANN001
        self.asked.append(("take_over", holder.user))
        return self.take_over_answer

    def save_problem(self, parent, title, text, overwrite):  # noqa: ANN001
        self.asked.append(("save_problem", (text, overwrite)))
        return self.problem_answers.pop(0) if self.problem_answers else "cancel"

    def workbook_path(self, parent, folder):  # noqa: ANN001
        self.asked.append(("workbook_path", folder))
        return self.workbook_answer

    def workbook_save_path(self, parent, suggested):  # noqa: ANN001
        self.asked.append(("workbook_save_path", suggested))
        return self.workbook_save_answer

    def import_report(self, parent, title, lines):  # noqa: ANN001
        self.asked.append(("import_report", title))
        self.report = list(lines)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]

    def last(self, kind: str):  # noqa: ANN201
        return next(value for k, value in reversed(self.asked) if k == kind)


def goto(view, cell: Cell):  # noqa: ANN001, ANN201
    index = view.model().index_of(cell)
    assert index.isValid(), cell
    view.setCurrentIndex(index)
    return index


def type_into(window, cell: Cell, text: str) -> None:  # noqa: ANN001
    """Show the cell's table, then type into the cell with key events and press Enter (as a user does)."""
    page = window.page(cell.table)
    window.tabs.setCurrentWidget(page)
    view = page.view
    goto(view, cell)
    QTest.keyClicks(view, text)
    target = view.active_editor() or view
    QTest.keyClick(target, Qt.Key_Return)


def shown_text(window, cell: Cell) -> str:  # noqa: ANN001
    model = window.page(cell.table).view.model()
    return str(model.index_of(cell).data(Qt.DisplayRole) or "")


def when_modal(act, timeout: float = 10.0) -> None:
    """Run `act(dialog)` on the next modal dialog once it is shown (exec() blocks the caller)."""
    deadline = time.monotonic() + timeout

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            act(widget)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def click(widget, text: str) -> None:  # noqa: ANN001
    button = next(b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible())
    button.click()


def grab_over(window, dialog, path: Path) -> bool:  # noqa: ANN001
    """The window with its dialog on top where Qt places it (centred over its parent), as the user sees them.
    (The offscreen platform cannot grab the screen, so the two grabs are composed.)"""
    picture = window.grab()
    top = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # the window behind a modal dialog
    x = (picture.width() - top.width()) // 2
    y = max(0, (picture.height() - top.height()) // 2)
    painter.fillRect(x + 4, y + 4, top.width(), top.height(), QColor(0, 0, 0, 70))  # a shadow
    painter.drawPixmap(x, y, top)
    painter.setPen(QColor(120, 120, 120))
    painter.drawRect(x - 1, y - 1, top.width() + 1, top.height() + 1)
    painter.end()
    return picture.save(str(path))


class WindowProcess:
    """The real app window in another process (tests/ui/files/window_child.py), talking line by line."""

    def __init__(self, project: Path, data: Path, settings: Path, user: str) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JUESUAN_DATA_DIR": str(data)}
        self.proc = subprocess.Popen([sys.executable, str(CHILD), str(project), str(settings), user],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.proc.stdout, selectors.EVENT_READ)
        self._buffer = b""

    @property
    def pid(self) -> int:
        return self.proc.pid

    def line(self, timeout: float = 60.0) -> str:
        """The next line the window prints (fails with its stderr when it ends or stays silent)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                raise AssertionError(f"window process silent for {timeout} s")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError("window process ended: " + self.proc.stderr.read().decode(errors="replace"))
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def send(self, text: str) -> None:
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)

    def close(self) -> None:
        self._selector.close()
        self.kill()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()
