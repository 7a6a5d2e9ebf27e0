"""The 决算公开 room's fixtures: a window on a copy of the sample whose dialogs are scripted answers."""

from __future__ import annotations

import pytest
from helpers.windows import nothing_to_ask, open_sample, show_window

from ..conftest import Answers


class PublishAnswers(Answers):
    """Also answers where to write the document/PDF, the print scope, the printer and the preview."""

    def __init__(self) -> None:
        super().__init__()
        self.publish_answer: str | None = None
        self.pdf_answer: str | None = None
        self.scope_answer = None  # PrintSettings | None, or a callable(title, tables, current, settings)
        self.scope_shown: list[tuple] = []
        self.printer_answer = None  # callable(printer, pages) -> bool
        self.preview_answer = None  # callable(dialog)

    def publish_path(self, parent, suggested):  # noqa: ANN001
        self.asked.append(("publish_path", suggested))
        return self.publish_answer

    def pdf_path(self, parent, suggested):  # noqa: ANN001
        self.asked.append(("pdf_path", suggested))
        return self.pdf_answer

    def print_scope(self, parent, title, tables, current, settings):  # noqa: ANN001
        self.asked.append(("print_scope", title))
        self.scope_shown.append((title, tables, current, settings))
        answer = self.scope_answer
        return answer(title, tables, current, settings) if callable(answer) else answer

    def printer(self, parent, printer, pages):  # noqa: ANN001
        self.asked.append(("printer", pages))
        return self.printer_answer(printer, pages) if self.printer_answer else False

    def print_preview(self, dialog):  # noqa: ANN001
        self.asked.append(("print_preview", dialog.windowTitle()))
        if self.preview_answer:
            self.preview_answer(dialog)

    def last(self, kind: str):  # noqa: ANN201
        return next(value for k, value in reversed(self.asked) if k == kind)


@pytest.fixture
def answers() -> PublishAnswers:
    return PublishAnswers()


@pytest.fixture
def sample_window(qtbot, answers, tmp_path):  # noqa: ANN001
    window = show_window(qtbot, answers)
    open_sample(window, tmp_path / "project")
    yield window
    window.publishing.wait()
    nothing_to_ask(window)
