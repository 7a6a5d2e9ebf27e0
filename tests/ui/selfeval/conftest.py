"""Qt fixtures for the 自评 forms: a CJK font, settings in a temp folder, a window whose dialogs are answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.answers import RecordingAnswers
from helpers.windows import HETANG, JIANGHAN, nothing_to_ask, open_sample, show_window


class Answers(RecordingAnswers):
    """Stands in for every dialog: records what was asked, answers from queues."""

    def __init__(self) -> None:
        super().__init__()
        self.save_answer = "discard"
        self.names: list[str | None] = []
        self.scheme_answer = None  # callable(scheme, taken, can_save) -> (Scheme, bool) | None

    def selfeval_name(self, parent, title, label, text):  # noqa: ANN001
        self.asked.append(("selfeval_name", text))
        return self.names.pop(0) if self.names else None

    def selfeval_scheme_copy(self, parent, scheme, taken, can_save):  # noqa: ANN001
        self.asked.append(("selfeval_scheme_copy", scheme.id))
        return self.scheme_answer(scheme, taken, can_save) if self.scheme_answer else None

    def __getattr__(self, name: str):  # any other question (review, files): asked and declined
        if name.startswith("__"):
            raise AttributeError(name)

        def decline(*args, **kwargs):  # noqa: ANN002, ANN003
            self.asked.append((name, ""))
            return None

        return decline

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot, answers, tmp_path):  # noqa: ANN001
    win = show_window(qtbot, answers)
    win.selfeval.user_folder = tmp_path / "schemes"
    yield win
    nothing_to_ask(win)


def _open(window, name: str, folder: Path):  # noqa: ANN001, ANN202
    """Open a copy of a shipped sample on the 绩效自评表 tab."""
    open_sample(window, folder, name)
    window.tabs.setCurrentWidget(window.selfeval)
    return window


@pytest.fixture
def jianghan(window, tmp_path):  # noqa: ANN001
    """The window with the 江汉区 sample (湖北: 整体 form with six 年度目标, six 项目 forms)."""
    return _open(window, JIANGHAN, tmp_path)


@pytest.fixture
def hetang(window, tmp_path):  # noqa: ANN001
    """The window with the 荷塘区 sample (湖南: 整体 and one 项目 form, 分值 printed per indicator)."""
    return _open(window, HETANG, tmp_path)
