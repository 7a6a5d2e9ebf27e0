"""The one version number of a build, read from pyproject.toml (never typed into packaging files).

    python packaging/version.py            -> 0.1.0
    python packaging/version.py --windows  -> 0.1.0.0   (four numbers, as Windows resources need)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_version(root: Path = ROOT) -> str:
    with open(root / "pyproject.toml", "rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def windows_tuple(version: str) -> tuple[int, int, int, int]:
    """0.1.0 -> (0, 1, 0, 0); a pre-release suffix (0.2.0rc1) keeps only its release numbers."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version.strip())
    if match is None:
        raise ValueError(f"version {version!r} does not start with a number")
    numbers = [int(n) for n in match.groups() if n is not None]
    numbers = (numbers + [0, 0, 0, 0])[:4]
    if any(n > 65535 for n in numbers):
        raise ValueError(f"version {version} does not fit a Windows version resource")
    return tuple(numbers)  # type: ignore[return-value]


if __name__ == "__main__":
    value = read_version()
    print(".".join(map(str, windows_tuple(value))) if "--windows" in sys.argv[1:] else value)
