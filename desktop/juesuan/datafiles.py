"""Reading shipped and user-supplied data files with errors that name the file and the line."""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .errors import DataFileError

MAX_DATA_FILE = 2 * 1024 * 1024


def resource_root() -> Traversable:
    """The shipped resources/ folder, wherever the package was installed or bundled."""
    return importlib.resources.files("juesuan.resources")


def resource(*parts: str) -> Traversable:
    node = resource_root()
    for part in parts:
        node = node / part
    return node


def read_text(source: Traversable | Path, label: str | None = None) -> tuple[str, str]:
    """Return (label, text) of a UTF-8 data file, refusing oversized or undecodable ones."""
    name = label or _label(source)
    try:
        data = source.read_bytes()
    except (OSError, FileNotFoundError) as exc:
        raise DataFileError(name, f"无法读取文件（{exc.__class__.__name__}）") from None
    if len(data) > MAX_DATA_FILE:
        raise DataFileError(name, "文件过大")
    try:
        return name, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(name, "不是 UTF-8 编码的文本", line) from None


def load_toml(source: Traversable | Path, label: str | None = None) -> tuple[str, str, dict[str, Any]]:
    """Return (label, text, data) of a TOML file; a syntax error names its line."""
    name, text = read_text(source, label)
    try:
        return name, text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise DataFileError(name, f"TOML 语法错误：{reason}", line) from None


def line_of(text: str, *needles: str, last: bool = False) -> int | None:
    """Best-effort line number of the first (or last) line containing all needles (for semantic errors)."""
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        if all(n in line for n in needles):
            if not last:
                return number
            found = number
    return found


def _label(source: Traversable | Path) -> str:
    if isinstance(source, Path):
        return str(source)
    text = str(source)
    marker = "resources"
    index = text.replace("\\", "/").rfind("/" + marker + "/")
    return text[index + 1 :] if index >= 0 else getattr(source, "name", text)
