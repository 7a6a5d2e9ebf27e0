"""What every command group shares: exit codes, the parser that exits 2, printing, reading any project."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from ..excel.sources import load_any
from ..findings import Finding

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_UNREADABLE", "Parser", "findings_json", "load_any", "write"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """A usage error is exit code 2 with a Chinese message, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"juesuan：参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def findings_json(path: Path, findings: Sequence[Finding]) -> str:
    return json.dumps({"file": str(path), "issues": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2)


def write(text: str) -> None:
    """One line to stdout, in UTF-8 when the console's code page cannot show it."""
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.buffer.write((text + "\n").encode("utf-8"))  # type: ignore[attr-defined]
    stream.flush()
