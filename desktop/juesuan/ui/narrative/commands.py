"""Undo commands of the 情况说明 room: the unit's text (typing coalesced into steps), one data field, one 主要原因."""

from __future__ import annotations

import time
from decimal import Decimal

from PySide6.QtGui import QUndoCommand

from ...findings import Cell
from ..base.undo import HasCore

TYPING_ID = 0x5A11
#: typing pauses longer than this (seconds) start a new undo step
TYPING_PAUSE = 2.0


class SetNarrativeText(QUndoCommand):
    """A change of the unit's text, already applied; consecutive typing merges into one step until sealed or paused."""

    def __init__(self, document: HasCore, old: str, new: str, text: str = "编辑情况说明", typing: bool = False) -> None:
        super().__init__(text)
        self.document = document
        self.old, self.new = old, new
        self.typing = typing
        self.sealed = not typing
        self.last = time.monotonic()
        self._first = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        return TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, SetNarrativeText) or self.sealed or not other.typing:
            return False
        if other.last - self.last > TYPING_PAUSE:
            return False
        self.new, self.last = other.new, other.last
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.document.core.set_narrative_text(self.new)

    def undo(self) -> None:
        self.sealed = True
        self.document.core.set_narrative_text(self.old)


class SetNarrativeData(QUndoCommand):
    """One field of the 情况说明数据 page (上年决算数, 年初预算数, a figure or a count)."""

    def __init__(self, document: HasCore, cell: Cell, old: Decimal | None, new: Decimal | None, label: str) -> None:
        super().__init__(f"情况说明数据 {label}")
        self.document, self.cell, self.old, self.new = document, cell, old, new
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.document.core.set_narrative_data(self.cell, self.new)

    def undo(self) -> None:
        self.document.core.set_narrative_data(self.cell, self.old)


class SetReason(QUndoCommand):
    """The 主要原因 of one section (or of one 表5 row's 完成年初预算)."""

    def __init__(self, document: HasCore, key: str, old: str, new: str, label: str) -> None:
        super().__init__(f"主要原因 {label}")
        self.document, self.key, self.old, self.new = document, key, old, new
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.document.core.set_narrative_reason(self.key, self.new)

    def undo(self) -> None:
        self.document.core.set_narrative_reason(self.key, self.old)


class SetNotData(QUndoCommand):
    """Mark numbers of the unit's text as "不是数据" or take the marks off (one step for any number of them)."""

    def __init__(self, document: HasCore, old: list, new: list, label: str) -> None:
        super().__init__(label)
        self.document, self.old, self.new = document, list(old), list(new)

    def redo(self) -> None:
        self.document.core.set_narrative_not_data(self.new)

    def undo(self) -> None:
        self.document.core.set_narrative_not_data(self.old)
