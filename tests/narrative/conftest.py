"""The two 情况说明 samples, opened as copies, and the seeds' published narratives transcribed in tests/data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.datafiles import resource

DATA = Path(__file__).resolve().parent.parent / "data"


def sample_copy(tmp_path_factory, name: str) -> Path:
    copy = tmp_path_factory.mktemp("narrative") / name
    shutil.copyfile(str(resource("samples", name)), copy)
    return copy


@pytest.fixture
def jianghan_path(tmp_path_factory) -> Path:
    return sample_copy(tmp_path_factory, "jianghan-2022.juesuan")


@pytest.fixture
def zengdu_path(tmp_path_factory) -> Path:
    return sample_copy(tmp_path_factory, "zengdu-2022.juesuan")


@pytest.fixture
def jianghan(jianghan_path):
    return projectfile.load(jianghan_path)


@pytest.fixture
def zengdu(zengdu_path):
    return projectfile.load(zengdu_path)


@pytest.fixture
def seed003() -> str:
    return (DATA / "jianghan-2022-narrative.txt").read_text("utf-8")


@pytest.fixture
def seed000() -> str:
    return (DATA / "zengdu-2022-narrative.txt").read_text("utf-8")
