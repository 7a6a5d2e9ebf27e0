"""New / Open / Save / Save As / recent files for the window, with the unsaved-changes question."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from .. import projectfile
from ..document import new_project
from ..errors import JuesuanError

if TYPE_CHECKING:
    from .main_window import MainWindow

RECENT_KEY = "recent_files"
RECENT_LIMIT = 8
UNTITLED = "未命名"


class FileController(QObject):
    """Owns the file side of the window; later work (autosave, locking) hooks into its signals."""

    #: a project was loaded from this path
    fileOpened = Signal(object)
    #: the project was written to this path
    fileSaved = Signal(object)

    def __init__(self, window: "MainWindow", settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings

    @property
    def document(self):  # noqa: ANN201 - QtProjectDocument
        return self.window.document

    def display_name(self) -> str:
        path = self.document.path
        return path.name if path else UNTITLED

    # unsaved changes ------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded, or nothing to lose)."""
        if self.document.is_clean():
            return True
        answer = self.window.prompts.save_changes(self.window, self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    # commands -------------------------------------------------------------------------------
    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.document.load(new_project(layout=self.document.project.layout), None)
        self.window.status(f"已新建项目")
        return True

    def open(self, path: str | Path | None = None) -> bool:
        """Open a project (asking first about unsaved changes); errors are shown, nothing is lost."""
        if not self.maybe_save():
            return False
        if path is None:
            folder = str(self.document.path.parent) if self.document.path else ""
            chosen = self.window.prompts.open_path(self.window, folder)
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        try:
            project = projectfile.load(path)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法打开项目", str(exc))
            self.forget(path)
            return False
        try:
            self.document.load(project, path)
        except JuesuanError as exc:  # a project whose layout is unknown to this version
            self.window.prompts.error(self.window, "无法打开项目", str(exc))
            return False
        self.remember(path)
        self.fileOpened.emit(path)
        self.window.status(f"已打开 {path.name}：{len(self.document.findings)} 条审核结果")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        review = getattr(self.window, "review", None)
        if review is not None and not review.may_save_to(self.document.path):  # review mode: never over newer work
            return self.save_as()
        return self._write(self.document.path)

    def save_as(self) -> bool:
        suggested = str(self.document.path) if self.document.path else f"{self.document.project.unit.name or UNTITLED}.juesuan"
        chosen = self.window.prompts.save_path(self.window, suggested)
        if not chosen:
            return False
        return self._write(Path(chosen))

    def _write(self, path: Path) -> bool:
        try:
            projectfile.save(self.document.project, path)
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window.prompts.error(self.window, "保存失败", f"无法保存到 {path}：{reason}\n修改仍在窗口中，请换个位置另存。")
            return False
        self.document.set_path(path)
        self.remember(path)
        self.fileSaved.emit(path)
        self.window.status(f"已保存 {path.name}")
        return True

    # recent files ------------------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v][:RECENT_LIMIT]

    def remember(self, path: Path) -> None:
        text = str(Path(path).resolve())
        items = [text, *[p for p in self.recent() if p != text]][:RECENT_LIMIT]
        self.settings.setValue(RECENT_KEY, items)

    def forget(self, path: Path) -> None:
        text = str(Path(path).resolve())
        self.settings.setValue(RECENT_KEY, [p for p in self.recent() if p != text])
