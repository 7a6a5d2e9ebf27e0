"""Shared helpers of the packaging tests (not a conftest.py: tests/packaging is no package, so that
the name `packaging` stays the library's): a temporary data folder, a breakable copy of the package."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """JUESUAN_DATA_DIR in a temp folder; the log handler is detached again afterwards."""
    from juesuan import logsetup

    folder = tmp_path / "userdata"
    monkeypatch.setenv(logsetup.DATA_DIR_ENV, str(folder))
    yield folder
    logsetup.shutdown_logging()


def source_tree_copy(target: Path) -> Path:
    """A copy of the package laid out as installed (juesuan/ with resources/ inside), for running
    `python -m juesuan` against a tree we may break; returns the folder to put on PYTHONPATH."""
    package = target / "juesuan"
    shutil.copytree(ROOT / "desktop" / "juesuan", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", package / "resources", ignore=shutil.ignore_patterns("__pycache__", "*.bak"))
    return target


def run_env(data: Path, pythonpath: Path | None = None) -> dict[str, str]:
    """Environment of a child process; with `pythonpath`, for `python -S` (see python_args)."""
    env = dict(os.environ)
    env["JUESUAN_DATA_DIR"] = str(data)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        libraries = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), *libraries])
    return env


def python_args(pythonpath: Path | None = None) -> list[str]:
    """`python`, or `python -S` for a copied tree: without site processing the editable install's
    import hook is not loaded, so a module missing from the copy is missing, not found in the checkout."""
    return [sys.executable] if pythonpath is None else [sys.executable, "-S"]


PYTHON = sys.executable
