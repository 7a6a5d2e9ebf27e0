"""Qt fixtures for every UI test (each room's directory adds its own): a CJK font, settings in a temp folder, and a
window with answers instead of dialogs (tests/helpers/windows.py makes it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.answers import RecordingAnswers
from helpers.windows import nothing_to_ask, show_window
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from juesuan.document import ProjectInfo


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path):
    """Recent files and other QSettings go to a temp folder, never the user's."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def cjk_font(qapp: QApplication):
    from juesuan.ui.shell.app import apply_cjk_font

    return apply_cjk_font(qapp)


class Answers(RecordingAnswers):
    """Stands in for the dialogs: records what was asked and answers as told."""

    def __init__(self) -> None:
        super().__init__()
        self.open_answer: str | None = None
        self.save_path_answer: str | None = None
        self.subject: tuple[str, str] | None = None
        #: what 新建 / 项目信息 answer (None: cancel)
        self.info_answer = ProjectInfo(name="测试单位", year=2022)

    def open_path(self, parent, folder):  # noqa: ANN001
        self.asked.append(("open_path", folder))
        return self.open_answer

    def save_path(self, parent, suggested):  # noqa: ANN001
        self.asked.append(("save_path", suggested))
        return self.save_path_answer

    def pick_subject(self, parent, catalog, existing, table):  # noqa: ANN001
        self.asked.append(("pick_subject", table))
        return self.subject

    def project_info(self, parent, info, title):  # noqa: ANN001
        self.asked.append(("project_info", title))
        return self.info_answer

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot, answers):  # noqa: ANN001
    win = show_window(qtbot, answers)
    yield win
    nothing_to_ask(win)


@pytest.fixture
def sample_window(window, sample_path):  # noqa: ANN001
    """The window on `sample_path` (a copy of the sample, made by helpers.windows.copy_sample)."""
    assert window.open_path(sample_path)
    return window
