"""The benchmark script runs end to end (tiny numbers) and rewrites only its own section of the doc."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_script_runs_with_tiny_numbers_and_keeps_the_other_sections(tmp_path):
    out = tmp_path / "performance.md"
    others = "# Performance\n\nintro\n\n<!-- bench:core -->\ncore figures\n<!-- /bench:core -->\n"
    out.write_text(others.replace("intro\n", "intro\n\n<!-- bench:ui -->\nold figures\n<!-- /bench:ui -->\n"),
                   encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_ui.py"), "--sizes", "60", "--edits", "4",
                          "--out", str(out)], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode in (0, 1), run.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert "intro" in text and "<!-- bench:core -->\ncore figures\n<!-- /bench:core -->" in text
    section = text[text.index("<!-- bench:ui -->"):text.index("<!-- /bench:ui -->")]
    assert "| 样例（江汉区） | 4 |" in section and "| 合成 60 行 | 4 |" in section
    assert "handled p95" in section and "raw openpyxl write" in section and "cold start" in section
