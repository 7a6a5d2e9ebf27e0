"""The cycle collector around work that builds many long-lived objects at once (loading a project, expanding the
rules): left running, it re-scans the growing heap again and again, so big projects cost more than linear time."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


def promote_survivors() -> None:
    """Every tracked object to the oldest generation untraced (`freeze` then `unfreeze`: two list splices), so no
    young collection traces them all once more; full collections still see and free them. Never keep them frozen:
    that once crashed the window when Qt wrappers whose C++ objects had been deleted were collected later."""
    gc.freeze()
    gc.unfreeze()


@contextmanager
def collector_paused(promote: bool = False) -> Iterator[None]:
    """No automatic collections inside; with `promote`, what was built goes straight to the oldest generation."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if promote:
                promote_survivors()
            gc.enable()
