"""Undo commands: each user action is done once through ProjectDocument, then replayed on redo.

The first redo (QUndoStack.push calls it) is skipped because the action was already done, so a
refused action (a JuesuanError) never reaches the stack.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, Sequence

from PySide6.QtGui import QUndoCommand

from ...document import ProjectDocument, ProjectInfo, RowSnapshot
from ...findings import Cell
from ...totals import ValueEdit


class HasCore(Protocol):
    """What an undo command needs of the Qt document: the core document it replays on."""

    core: ProjectDocument


Edits = Sequence[tuple[Cell, Decimal | None]]


class _Done(QUndoCommand):
    def __init__(self, document: HasCore, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._first = True
        #: the last redo was the push of a new action (not a replay): the shell selects cells only on replays
        self.pushed = True

    @property
    def cells(self) -> list[Cell]:
        """The cells this command changes, for undo/redo to select them ([] when it changes no cells)."""
        return []

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.pushed = False
        self.replay()

    def replay(self) -> None:  # pragma: no cover - each subclass replays its own action
        raise NotImplementedError


class SetCells(_Done):
    """One typed edit, one paste, one Delete or one fill: old and new values of every cell the user set, and
    (`edit`) everything that followed — totals above them and manual marks — replayed exactly."""

    def __init__(self, document: HasCore, old: Edits, new: Edits, text: str, edit: ValueEdit | None = None) -> None:
        super().__init__(document, text)
        self.old = list(old)
        self.new = list(new)
        self.edit = edit

    @property
    def cells(self) -> list[Cell]:
        return [cell for cell, _ in self.new]

    def replay(self) -> None:
        if self.edit is not None:
            self.document.core.apply_edit(self.edit, undo=False)
        else:
            self.document.core.set_values(self.new)

    def undo(self) -> None:
        if self.edit is not None:
            self.document.core.apply_edit(self.edit, undo=True)
        else:
            self.document.core.set_values(self.old)


class AdoptComputed(_Done):
    """全部采用计算值: every total from its parts, totals follow from now on; one step."""

    def __init__(self, document: HasCore, edit: ValueEdit) -> None:
        super().__init__(document, "全部采用计算值")
        self.edit = edit

    @property
    def cells(self) -> list[Cell]:
        return [cell for cell, _ in self.edit.new]

    def replay(self) -> None:
        self.document.core.apply_edit(self.edit, undo=False)

    def undo(self) -> None:
        self.document.core.apply_edit(self.edit, undo=True)


class SetInfo(_Done):
    """项目信息: the unit and year before and after."""

    def __init__(self, document: HasCore, old: ProjectInfo, new: ProjectInfo) -> None:
        super().__init__(document, "修改项目信息")
        self.old, self.new = old, new

    def replay(self) -> None:
        self.document.core.set_info(self.new)

    def undo(self) -> None:
        self.document.core.set_info(self.old)


class AddSubjects(_Done):
    """A subject row and the 类/款 rows created with it."""

    def __init__(self, document: HasCore, table: str, added: list[str], names: dict[str, str], text: str) -> None:
        super().__init__(document, text)
        self.table = table
        self.added = added
        self.snapshots = [RowSnapshot(table, code, names[code], {}) for code in added]

    @property
    def cells(self) -> list[Cell]:
        return [Cell(self.table, code, "科目名称") for code in self.added]

    def replay(self) -> None:
        self.document.core.restore_subjects(self.snapshots)

    def undo(self) -> None:
        self.document.core.remove_subjects(self.table, self.added)


class RemoveSubjects(_Done):
    """Removed rows with their values; undo puts them back as they were."""

    def __init__(self, document: HasCore, table: str, snapshots: list[RowSnapshot], text: str) -> None:
        super().__init__(document, text)
        self.table = table
        self.snapshots = snapshots

    @property
    def cells(self) -> list[Cell]:
        return [Cell(self.table, s.code, "科目名称") for s in self.snapshots]

    def replay(self) -> None:
        self.document.core.remove_subjects(self.table, [s.code for s in self.snapshots])

    def undo(self) -> None:
        self.document.core.restore_subjects(self.snapshots)


class RenameSubject(_Done):
    def __init__(self, document: HasCore, table: str, code: str, old: str, new: str) -> None:
        super().__init__(document, f"修改科目名称 {code}")
        self.table, self.code, self.old, self.new = table, code, old, new

    @property
    def cells(self) -> list[Cell]:
        return [Cell(self.table, self.code, "科目名称")]

    def replay(self) -> None:
        self.document.core.rename_subject(self.table, self.code, self.new)

    def undo(self) -> None:
        self.document.core.rename_subject(self.table, self.code, self.old)


class SetNoData(_Done):
    def __init__(self, document: HasCore, table: str, old: tuple[bool, str], new: tuple[bool, str]) -> None:
        super().__init__(document, f"{table} 本表无数据")
        self.table, self.old, self.new = table, old, new

    def replay(self) -> None:
        self.document.core.set_no_data(self.table, *self.new)

    def undo(self) -> None:
        self.document.core.set_no_data(self.table, *self.old)


class FillTotals(SetCells):
    """填充空白合计: every empty total filled from its parts, as one step."""
