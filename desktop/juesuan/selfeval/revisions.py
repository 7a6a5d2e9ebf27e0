"""Edit stamps of the 自评 models, so scorecards can be cached per form and recomputed only after its own edits."""

from __future__ import annotations

from itertools import count
from typing import Any

_counter = count(1)
#: id(model object) → stamp of its last assignment (objects never assigned have none)
_stamps: dict[int, int] = {}
#: bumped on every assignment: a cache that saw this value knows nothing changed anywhere
_state = {"generation": 0, "epoch": 0}
MAX_STAMPS = 200_000


def stamp(obj: Any) -> None:
    """Record that `obj` was just assigned to."""
    if len(_stamps) >= MAX_STAMPS:
        _stamps.clear()
        _state["epoch"] += 1  # every fingerprint taken before is now different
    value = next(_counter)
    _stamps[id(obj)] = value
    _state["generation"] = value


def generation() -> int:
    """Changes whenever any 自评 model object is assigned to."""
    return _state["generation"]


def fingerprint(objects: list[Any]) -> tuple[int, ...]:
    """Identity and last stamp of each object: equal fingerprints mean nothing in them was assigned since."""
    values = [_state["epoch"]]
    for obj in objects:
        key = id(obj)
        values.append(key)
        values.append(_stamps.get(key, 0))
    return tuple(values)
