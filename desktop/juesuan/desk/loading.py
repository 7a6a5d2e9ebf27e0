"""Opening one unit's file for the desk: a .juesuan project or an official-layout workbook, never trusted."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Project

#: What the desk picks up in a folder.
SUFFIXES = (".juesuan", ".xlsx", ".xlsm")


def load_unit(path: Path) -> Project:
    """A project from a file; raises JuesuanError (Chinese message) for anything unreadable."""
    from .. import projectfile

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ..excel.importer import import_workbook

        return import_workbook(path).project
    return projectfile.load(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
