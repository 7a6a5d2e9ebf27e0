"""Window fixtures for the file-safety tests: settings, recovery folder and user of their own; answers instead of dialogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from juesuan.datafiles import resource
from juesuan.review.model import Person
from juesuan.ui.review.user import store_user

from .helpers import FileAnswers

USER = Person(name="李会计", unit="江汉区人民政府办公室财务科")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch):  # noqa: ANN001
    """QSettings and the data folder (recovery files) in temp folders, never the user's."""
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("JUESUAN_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture(autouse=True)
def cjk_font(qapp: QApplication):
    from juesuan.ui.shell.app import apply_cjk_font

    return apply_cjk_font(qapp)


@pytest.fixture
def recovery_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "recovery"


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """The 江汉区 sample as a file in a shared folder."""
    path = tmp_path / "共享" / "江汉区2022.juesuan"
    path.parent.mkdir()
    shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), path)
    return path


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    made = QSettings(str(tmp_path / "settings-test.ini"), QSettings.IniFormat)
    store_user(made, USER)
    return made


@pytest.fixture
def make_window(qtbot, settings):  # noqa: ANN001
    """make_window() → (window, answers): a shown MainWindow whose autosave writes 100 ms after an edit."""
    from juesuan.ui import MainWindow

    made = []

    def make():  # noqa: ANN202
        answers = FileAnswers()
        window = MainWindow(settings=settings, prompts=answers)  # type: ignore[arg-type]
        window.files.session.autosave.delay_ms = 100
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window, answers

    yield make
    for window in made:
        window.document.undo_stack.setClean()  # nothing to ask on teardown


@pytest.fixture
def window_and_answers(make_window):  # noqa: ANN001
    return make_window()
