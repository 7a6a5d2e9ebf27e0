"""Window fixtures for the file-safety tests: settings, recovery folder and user of their own; answers instead of dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.windows import copy_sample, nothing_to_ask, show_window
from PySide6.QtCore import QSettings

from juesuan.review.model import Person
from juesuan.ui.review.user import store_user

from .helpers import FileAnswers

USER = Person(name="李会计", unit="江汉区人民政府办公室财务科")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch):  # noqa: ANN001
    """The data folder (recovery files) in a temp folder, never the user's (tests/ui/conftest.py moves QSettings)."""
    monkeypatch.setenv("JUESUAN_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture
def recovery_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "recovery"


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """The 江汉区 sample as a file in a shared folder."""
    return copy_sample(tmp_path / "共享", as_name="江汉区2022.juesuan")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    made = QSettings(str(tmp_path / "settings-test.ini"), QSettings.IniFormat)
    store_user(made, USER)
    return made


@pytest.fixture
def make_window(qtbot, settings):  # noqa: ANN001
    """make_window() → (window, answers): a shown MainWindow whose autosave writes 100 ms after an edit."""
    made = []

    def make():  # noqa: ANN202
        answers = FileAnswers()
        window = show_window(qtbot, answers, settings)
        window.files.session.autosave.delay_ms = 100
        made.append(window)
        return window, answers

    yield make
    nothing_to_ask(*made)


@pytest.fixture
def window_and_answers(make_window):  # noqa: ANN001
    return make_window()
