"""Fill the Windows version-resource template (version_info.txt.in) from pyproject's version and app.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from version import windows_tuple  # packaging/version.py (the spec puts packaging/ on sys.path)

TEMPLATE = Path(__file__).with_name("version_info.txt.in")


def render(version: str, app: Mapping[str, str], template: Path = TEMPLATE) -> str:
    fields = {
        "@VERSION_TUPLE@": repr(windows_tuple(version)),
        "@VERSION@": version,
        "@NAME@": app["name"],
        "@DESCRIPTION@": app["display_name"],
        "@PUBLISHER@": app["publisher"],
        "@COPYRIGHT@": app["copyright"],
    }
    text = template.read_text(encoding="utf-8")
    for key, value in fields.items():
        if "'" in value or "\\" in value:
            raise ValueError(f"{key} must not contain quotes or backslashes: {value!r}")
        text = text.replace(key, value)
    return text
