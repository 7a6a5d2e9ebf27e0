"""The layering contract in pyproject.toml ([tool.importlinter]) holds for the tree, and `lint-imports` really
fails when a core module imports Qt, a feature package imports the window, a room imports the shell, or a cycle
appears (each proven on a copy of the package with one import added)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def lint(pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).with_name("lint-imports")
    command = str(tool) if tool.exists() else shutil.which("lint-imports")
    assert command, "import-linter is in the test extras: pip install -e .[test]"
    env = dict(os.environ)
    if pythonpath is not None:  # this copy of juesuan is found before the installed one
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([command, "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_tree_keeps_every_contract():
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("money.py", "from PySide6 import QtCore", "never import Qt"),
    ("review/diff.py", "from ..ui.base import style", "never import the window, the command line or the entry point"),
    ("excel/export.py", "from ..cli import common", "never import the window, the command line or the entry point"),
    ("ui/tables/page.py", "from ..shell import prompts", "a room uses only the tables and the base below it"),
    ("ui/review/commands.py", "from ...cli import common", "The window and the command line are independent"),
    ("templates.py", "from . import labels", "No import cycles"),
], ids=["core-imports-qt", "feature-imports-ui", "feature-imports-cli", "room-imports-shell", "ui-imports-cli",
        "cycle"])
def test_a_broken_contract_fails(tmp_path, module, line, contract):
    copy = tmp_path / "juesuan"
    shutil.copytree(ROOT / "desktop" / "juesuan", copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint(tmp_path)
    out = " ".join(result.stdout.split())  # long contract names wrap
    assert result.returncode == 1, out
    summary = out.split("Broken contracts")[0]  # one line per contract: its name, then KEPT or BROKEN
    assert re.search(re.escape(contract) + r"(?:(?!KEPT|BROKEN).)* BROKEN", summary), out


def test_every_package_on_disk_is_listed_for_installation():
    """pyproject lists the packages (discovery cannot be combined with the juesuan.resources mapping there): a new
    package missing from the list would be left out of the wheel and the installed application."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    source = ROOT / "desktop"
    on_disk = {".".join(p.parent.relative_to(source).parts) for p in source.rglob("__init__.py")
               if "__pycache__" not in p.parts}
    assert on_disk | {"juesuan.resources"} == listed
