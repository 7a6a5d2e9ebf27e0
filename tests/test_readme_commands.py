"""The README's two commands work from a fresh clone (slow: creates a new venv and installs)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_readme_shows_exactly_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## 两条命令.*?```bash\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["bash scripts/run", "bash scripts/test"]
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_both_commands_work_in_a_fresh_clone(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.fail("not a git checkout")
    clone = tmp_path / "clone"  # its parent holds nothing else: no folder beside the clone to lean on
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    assert [p.name for p in tmp_path.iterdir()] == ["clone"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST", "QT_"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    test = subprocess.run(["bash", "scripts/test", "-q", "tests/core"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=1200)
    assert test.returncode == 0, test.stdout[-2000:] + test.stderr[-2000:]
    assert re.search(r"\d+ passed", test.stdout)
    run = subprocess.run(["bash", "scripts/run"], cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    shot = clone / "tests" / "artifacts" / "launch.png"
    assert shot.exists() and shot.stat().st_size > 10_000
    shutil.copy(shot, ROOT / "tests" / "artifacts" / "launch-fresh-clone.png") if (ROOT / "tests" / "artifacts").exists() else None
