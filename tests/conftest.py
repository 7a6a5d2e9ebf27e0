"""Shared test set-up: Qt offscreen, the bundled sample, a place for screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def sample_path() -> Path:
    from juesuan.datafiles import resource

    return Path(str(resource("samples", "jianghan-2022.juesuan")))


@pytest.fixture
def sample_project(sample_path):
    from juesuan import projectfile

    return projectfile.load(sample_path)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
