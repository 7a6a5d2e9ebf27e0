"""The benchmark script runs end to end (tiny numbers; the real run writes docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_script_runs_with_tiny_numbers(tmp_path):
    out = tmp_path / "performance.md"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_ui.py"), "--rows", "60", "--edits", "4",
                          "--out", str(out)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode in (0, 1), run.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "| 样例（江汉区） | 4 |" in text and "合成大项目（表2/3/5 各 60 行） | 4 |" in text
    assert "handled p95" in text and "full validation" in text and "## Targets" in text
