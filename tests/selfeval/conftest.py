"""Fixtures of the 自评 tests: both shipped samples and their findings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def jianghan_path() -> Path:
    from juesuan.datafiles import resource

    return Path(str(resource("samples", "jianghan-2022.juesuan")))


@pytest.fixture(scope="session")
def hetang_path() -> Path:
    from juesuan.datafiles import resource

    return Path(str(resource("samples", "hetang-2022.juesuan")))


@pytest.fixture
def jianghan(jianghan_path):
    from juesuan import projectfile

    return projectfile.load(jianghan_path)


@pytest.fixture
def hetang(hetang_path):
    from juesuan import projectfile

    return projectfile.load(hetang_path)


def check(project):
    from juesuan.validation import rulebook

    return rulebook(project.layout).check(project)
