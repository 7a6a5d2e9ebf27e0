"""Shared test set-up: Qt offscreen, the bundled sample, a place for screenshots."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Times are shown in the computer's own time zone: the tests run as the users' machines do, in China (UTC+8).
os.environ["TZ"] = "Asia/Shanghai"
if hasattr(time, "tzset"):
    time.tzset()
# Recovery files and logs of the windows under test go to a temp folder, never the user's data folder.
if not os.environ.get("JUESUAN_DATA_DIR"):
    os.environ["JUESUAN_DATA_DIR"] = tempfile.mkdtemp(prefix="juesuan-test-data-")
    atexit.register(shutil.rmtree, os.environ["JUESUAN_DATA_DIR"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def sample_path(tmp_path_factory) -> Path:
    """A copy of the bundled sample: a window that opens it takes a lock beside it, and parallel test runs
    must not meet at the one in the package folder."""
    from helpers.windows import copy_sample

    return copy_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def sample_project(sample_path):
    from juesuan import projectfile

    return projectfile.load(sample_path)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
