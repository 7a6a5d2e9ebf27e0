"""Fixtures of the 自评 tests: the shipped samples and their findings."""

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


@pytest.fixture
def anju(tmp_path):
    """The 安居区 sample (seed 001), opened from a copy."""
    import shutil

    from juesuan import projectfile
    from juesuan.datafiles import resource

    path = tmp_path / "anju-2022.juesuan"
    shutil.copyfile(str(resource("samples", "anju-2022.juesuan")), path)
    return projectfile.load(path)


def check(project):
    from juesuan.validation import rulebook

    return rulebook(project.layout).check(project)
