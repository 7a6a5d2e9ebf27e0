"""Shared helpers of the publishing tests: run the CLI in a real process, read a .docx back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=300, env=environment)


def docx_texts(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """Every paragraph's text (body order) and every table as rows of cell texts."""
    import docx

    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables
