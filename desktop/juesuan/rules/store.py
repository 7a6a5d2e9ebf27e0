"""The engine's findings, kept in display order as they change, so that an edit costs what it changes
and the panels learn exactly which rows to remove and insert."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding

#: (rule position, position within the rule, 0): what orders findings for display
Order = tuple[Any, ...]


@dataclass(frozen=True)
class FindingsDelta:
    """What one update did to the ordered findings: remove `removed` (old positions, descending), then
    insert `added` (new positions, ascending), and the old tuple becomes the new one."""

    removed: tuple[tuple[int, Finding], ...] = ()
    added: tuple[tuple[int, Finding], ...] = ()
    rebuilt: bool = field(default=False)

    def apply(self, old: list[Finding]) -> list[Finding]:
        """The new list from the old one (what a panel model does with beginRemoveRows/beginInsertRows)."""
        items = list(old)
        for index, _ in self.removed:
            del items[index]
        for index, finding in self.added:
            items.insert(index, finding)
        return items


class FindingStore:
    """Findings by key, and their keys in display order (a sorted list updated by bisection)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[Order, Finding]] = {}
        self._order: list[tuple[Order, str]] = []
        #: the findings in the same order as `_order` (so that `findings()` is one C-level copy)
        self._list: list[Finding] = []
        self._cache: tuple[Finding, ...] | None = ()
        #: while an update runs: key → (order, finding) before it (None: none)
        self._journal: dict[str, tuple[Order, Finding] | None] | None = None

    def clear(self) -> None:
        self._items.clear()
        self._order.clear()
        self._list.clear()
        self._cache = ()

    def put(self, key: str, finding: Finding | None, order: Order = (0, 0, 0)) -> None:
        """The only writer; journals the old value during an update."""
        old = self._items.get(key)
        if old is None and finding is None and self._journal is None:
            return  # the common case of a full run: a check that holds
        if self._journal is not None and key not in self._journal:
            self._journal[key] = old
        if old is not None:
            if finding is not None and old[0] == order:
                if old[1] != finding:
                    self._items[key] = (order, finding)
                    self._list[bisect_left(self._order, (order, key))] = finding
                    self._cache = None
                return
            index = bisect_left(self._order, (old[0], key))
            del self._order[index]
            del self._list[index]
            del self._items[key]
            self._cache = None
        if finding is not None:
            self._items[key] = (order, finding)
            entry = (order, key)
            index = bisect_left(self._order, entry)
            self._order.insert(index, entry)
            self._list.insert(index, finding)
            self._cache = None

    def get(self, key: str) -> Finding | None:
        item = self._items.get(key)
        return item[1] if item else None

    def findings(self) -> tuple[Finding, ...]:
        if self._cache is None:
            self._cache = tuple(self._list)
        return self._cache

    def __len__(self) -> int:
        return len(self._order)

    def index(self, key: str) -> int | None:
        """Position of a finding (by key) in `findings()`."""
        item = self._items.get(key)
        return None if item is None else bisect_left(self._order, (item[0], key))

    # journal --------------------------------------------------------------------------
    def begin(self) -> None:
        self._journal = {}

    def end(self) -> tuple[list[Finding], list[Finding], FindingsDelta]:
        """(added, removed, delta) since `begin`. The lists hold the findings whose value changed; the delta
        also moves findings that only changed place (a row added above them), so that it is exact."""
        journal, self._journal = self._journal or {}, None
        added: list[tuple[Order, str, Finding]] = []
        removed: list[tuple[Order, str, Finding]] = []
        changed_added: list[Finding] = []
        changed_removed: list[Finding] = []
        for key, old in journal.items():
            new = self._items.get(key)
            if old == new:
                continue
            if (old[1] if old else None) != (new[1] if new else None):
                if old is not None:
                    changed_removed.append(old[1])
                if new is not None:
                    changed_added.append(new[1])
            if old is not None:
                removed.append((old[0], key, old[1]))
            if new is not None:
                added.append((new[0], key, new[1]))
        added.sort(key=lambda a: (a[0], a[1]))
        removed.sort(key=lambda r: (r[0], r[1]))
        added_entries = [(a[0], a[1]) for a in added]
        new_positions = tuple((bisect_left(self._order, (a[0], a[1])), a[2]) for a in added)
        old_positions = []
        for n, (order, key, finding) in enumerate(removed):
            entry = (order, key)
            old_index = bisect_left(self._order, entry) - bisect_left(added_entries, entry) + n
            old_positions.append((old_index, finding))
        old_positions.reverse()
        return changed_added, changed_removed, FindingsDelta(tuple(old_positions), new_positions)
