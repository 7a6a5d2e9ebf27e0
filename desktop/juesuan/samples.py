"""The bundled sample projects: opened as unsaved copies, so an installed (read-only) sample folder never gets a
lock file, a backup or an accidental save."""

from __future__ import annotations

import os
from pathlib import Path

from .datafiles import resource

SAMPLES_FOLDER = "samples"


def sample_path(name: str) -> Path:
    """The shipped file of a sample, e.g. `sample_path("jianghan-2022")`."""
    file = name if name.endswith(".juesuan") else f"{name}.juesuan"
    return Path(str(resource(SAMPLES_FOLDER, file)))


def is_bundled_sample(path: str | Path) -> bool:
    """True for a file inside the shipped samples folder (however the path is spelled)."""
    folder = Path(str(resource(SAMPLES_FOLDER)))
    try:
        candidate = os.path.normcase(os.path.realpath(path))
        root = os.path.normcase(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
    return os.path.dirname(candidate) == root
