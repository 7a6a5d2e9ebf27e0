"""A window on a copy of a sample: the one way every UI test makes a main window and gives it a project. A copy,
because a window that opens a file takes a lock beside it, and the shipped sample must never get one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

JIANGHAN = "jianghan-2022.juesuan"
HETANG = "hetang-2022.juesuan"


def copy_sample(folder: Path, name: str = JIANGHAN, as_name: str | None = None) -> Path:
    """The bundled sample `name` copied into `folder` (created if missing), as `as_name` when given."""
    from juesuan.datafiles import resource

    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / (as_name or name)
    shutil.copyfile(str(resource("samples", name)), copy)
    return copy


def show_window(qtbot: Any, prompts: Any, settings: Any = None) -> Any:
    """A shown MainWindow whose dialogs are `prompts` (a test's answers), closed with the test by qtbot."""
    from juesuan.ui import MainWindow

    window = MainWindow(settings=settings, prompts=prompts)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_sample(window: Any, folder: Path, name: str = JIANGHAN) -> Path:
    """Open a copy of the sample `name` in `window`; returns the copy's path."""
    copy = copy_sample(folder, name)
    assert window.open_path(copy), f"the window did not open {copy}"
    return copy


def nothing_to_ask(*windows: Any) -> None:
    """At teardown: mark the windows' edits saved so that closing them asks nothing."""
    for window in windows:
        window.document.undo_stack.setClean()
