"""Edits of the 决算公开 texts as steps on the window's undo stack (typing into one field is one step)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from ...errors import JuesuanError
from ..base.qt_document import QtProjectDocument
from ..base.undo import _Done

MERGE_ID = 0x4A53_5055  # "JSPU": consecutive edits of one field merge into one undo step


class SetPublication(_Done):
    """One field of `project.publication` from `old` to `new`; keystrokes in the same field merge."""

    def __init__(self, editor: "PublicationEditor", field: str, old: Any, new: Any, text: str) -> None:
        super().__init__(editor.document, text)
        self.editor, self.field, self.old, self.new = editor, field, old, new
        #: set when the user leaves the field: the next edit starts a new undo step
        self.sealed = False

    def id(self) -> int:
        return MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetPublication) or other.field != self.field or self.sealed:
            return False
        self.new = other.new
        return True

    def replay(self) -> None:
        self.editor.apply(self.field, self.new)

    def undo(self) -> None:
        self.editor.apply(self.field, self.old)


class PublicationEditor(QObject):
    """The Qt edit path of the 决算公开 texts: each change goes through `ProjectDocument.set_publication`."""

    #: a field's value changed (by an edit, undo or redo): its name
    changed = Signal(str)

    def __init__(self, document: QtProjectDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document

    def value(self, field: str) -> Any:
        return getattr(self.document.project.publication, field)

    def set(self, field: str, value: Any, text: str) -> bool:
        """Change one field as an undo step (merged with the previous keystrokes in that field); False if equal."""
        if self.document.read_only_reason:
            raise JuesuanError(self.document.read_only_reason)
        old = self.value(field)
        if old == value:
            return False
        self.document.core.set_publication(**{field: value})
        self.document.undo_stack.push(SetPublication(self, field, old, value, text))
        self.changed.emit(field)
        return True

    def seal(self) -> None:
        """Close the current typing step (the user left the field)."""
        stack = self.document.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if isinstance(top, SetPublication):
            top.sealed = True

    def apply(self, field: str, value: Any) -> None:
        self.document.core.set_publication(**{field: value})
        self.changed.emit(field)
