"""Review-mode fixtures: two users with their own settings, a ticking clock, answers instead of dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.windows import nothing_to_ask, show_window
from PySide6.QtCore import QSettings

from juesuan import projectfile
from juesuan.model import Project
from juesuan.review.model import Person
from juesuan.ui.review.user import store_user

from .helpers import PREPARER, Clock, ReviewAnswers


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_window(qtbot, tmp_path, clock):  # noqa: ANN001
    """make_window(user, settings_name) → (window, answers): a shown MainWindow with its own settings file."""
    made = []

    def make(user: Person | None = PREPARER, settings_name: str = "a") -> tuple:
        settings = QSettings(str(tmp_path / f"settings-{settings_name}.ini"), QSettings.IniFormat)
        if user is not None:
            store_user(settings, user)
        answers = ReviewAnswers()
        window = show_window(qtbot, answers, settings)
        window.review.clock = clock
        made.append(window)
        return window, answers

    yield make
    nothing_to_ask(*made)


@pytest.fixture
def seed_project(sample_project) -> Project:
    """The 江汉区 决算 tables exactly as seed 003 prints them (one real error: S-NAME), without the 自评 forms."""
    tables = {k: v.model_copy(deep=True) for k, v in sample_project.tables.items()}
    return Project(unit=sample_project.unit.model_copy(), year=sample_project.year, layout=sample_project.layout,
                   tables=tables)


@pytest.fixture
def seed_file(tmp_path, seed_project) -> Path:
    path = tmp_path / "江汉区-2022.juesuan"
    projectfile.save(seed_project, path)
    return path


@pytest.fixture
def clean_file(tmp_path, seed_project) -> Path:
    """The seed tables with S-NAME fixed as the other tables print it: no errors, ready to submit."""
    seed_project.tables["表3"].subjects["2210202"] = "提租补贴"
    path = tmp_path / "江汉区-2022-无错.juesuan"
    projectfile.save(seed_project, path)
    return path

