"""Review fixtures: a ticking clock and a clean copy of the real 江汉区 决算 data."""

from __future__ import annotations

import pytest

from juesuan.model import Project

from .helpers import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def clean_project(sample_project) -> Project:
    """The sample's 决算 tables only (S-NAME fixed as the other tables print it): no errors."""
    tables = {k: v.model_copy(deep=True) for k, v in sample_project.tables.items()}
    project = Project(unit=sample_project.unit.model_copy(), year=sample_project.year, layout=sample_project.layout,
                      tables=tables)
    project.tables["表3"].subjects["2210202"] = "提租补贴"
    return project
