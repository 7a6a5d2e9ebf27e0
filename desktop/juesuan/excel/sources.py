"""A project from whatever the user names: a `.juesuan` file, or an official-layout workbook imported."""

from __future__ import annotations

from pathlib import Path

from ..model import Project


def load_any(path: Path) -> Project:
    """A `.juesuan` file, or an official-layout workbook (.xlsx/.xlsm), imported."""
    from .. import projectfile

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .importer import import_workbook

        return import_workbook(path).project
    return projectfile.load(path)
