"""Qt layer: views and adapters over the pure core (`MainWindow` is the accountant's main screen)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "MainWindow":
        from .shell.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
