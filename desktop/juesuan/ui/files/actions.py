"""New / Open / Save / Save As / recent files for the window, with the unsaved-changes question, the lock
of the open file, the check that nobody saved it meanwhile, and restoring autosaved edits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from ... import filelock, projectfile
from ...document import ProjectInfo, new_project
from ...errors import JuesuanError
from ...filelock import FileLockedError, LockError
from ...memory import collector_paused
from ...model import Project
from ...recovery import RecoveryEntry
from ...samples import is_bundled_sample
from ..base.window import WindowHost
from .excel_actions import ExcelActions
from .project_info import ProjectActions
from .prompts import OVERWRITE, SAVE_AS
from .safety import Recovered, ReviewChosen, offer_recovery, open_with_lock
from .session import FileSession
from .years import YearActions, older_format

RECENT_KEY = "recent_files"
RECENT_LIMIT = 8
UNTITLED = "未命名"


class FileController(QObject):
    """Owns the file side of the window: commands here, the lock/autosave state in `session`, Excel in `excel`."""

    #: a project was loaded from this path
    fileOpened = Signal(object)
    #: the project was written to this path
    fileSaved = Signal(object)

    def __init__(self, window: WindowHost, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.session = FileSession(window)
        self.excel = ExcelActions(window, self.open_unsaved)
        self.years = YearActions(window, self.open_unsaved)
        self.project_actions = ProjectActions(window)

    def install(self) -> None:
        """Called once the window's menus and review controller exist."""
        self.session.install()
        self.excel.install()
        self.years.install()
        self.project_actions.install()

    @property
    def document(self):  # noqa: ANN201 - QtProjectDocument
        return self.window.document

    @property
    def prompts(self):  # noqa: ANN201 - Prompts
        return self.window.prompts

    def display_name(self) -> str:
        path = self.document.path
        return path.name if path else UNTITLED

    def title_mark(self) -> str:
        return self.session.title_mark()

    # unsaved changes ------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded, or nothing to lose)."""
        if self.document.is_clean():
            return True
        answer = self.prompts.save_changes(self.window, self.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def close(self) -> None:
        """The window closes (after maybe_save): the recovery file goes, the lock is released."""
        self.session.close()

    # commands -------------------------------------------------------------------------------
    def new(self) -> bool:
        """Ask the project information (unit, code, year …), then start an empty project whose totals compute
        themselves."""
        if not self.maybe_save():
            return False
        current = self.document.project
        info = self.prompts.project_info(self.window, ProjectInfo(year=current.year), "新建项目")
        if info is None:
            return False
        with self.session.loading():
            self.document.load(new_project(info, layout=current.layout), None)
        self.session.adopt(None, None, None)
        self.window.status(f"已新建项目：{info.name} {info.year}年度")
        return True

    def open(self, path: str | Path | None = None) -> bool:
        """Open a project for editing (asking first about unsaved changes); errors are shown, nothing is lost."""
        if not self.maybe_save():
            return False
        if path is None:
            folder = str(self.document.path.parent) if self.document.path else ""
            chosen = self.prompts.open_path(self.window, folder)
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        if is_bundled_sample(path):
            return self._open_sample_copy(path)
        if self._is_current(path) and self.session.lock is not None and self.session.lock.is_held():
            return self._reload(path)
        pending = self._pending_recovery(path)
        if pending:
            restored = offer_recovery(self.window, self.session.store, ask=self.prompts, entries=pending)
            if restored:
                return self.restore(restored[0])
            if any(entry.file.exists() for entry in pending):  # 取消打开: the autosaved edits are kept
                self.window.status(f"没有打开 {path.name}：它的未保存修改仍保留，下次打开时还会询问")
                return False
        try:
            with collector_paused():  # parsing a big file: no collections of the objects it is still building
                opened = open_with_lock(self.window, path, user=self.session.user_name(), ask=self.prompts,
                                        review=callable(getattr(self.window, "open_for_review", None)))
        except JuesuanError as exc:
            self.prompts.error(self.window, "无法打开项目", str(exc))
            self.forget(path)
            return False
        if opened is None:
            return False
        if isinstance(opened, ReviewChosen):
            return bool(self.window.open_for_review(path, ask_to_save=False))
        try:
            with self.session.loading():
                self.document.load(opened.project, path)
        except JuesuanError as exc:  # a project whose layout is unknown to this version
            if opened.lock is not None:
                opened.lock.release()
            self.prompts.error(self.window, "无法打开项目", str(exc))
            return False
        self.session.adopt(path, opened.stamp, opened.lock, opened.holder, opened.lock_problem)
        self.remember(path)
        self.fileOpened.emit(path)
        text = f"已打开 {path.name}：{len(self.document.findings)} 条审核结果"
        if opened.holder is not None:
            text += f"（只读：正由 {opened.holder.describe()}编辑）"
        elif opened.lock_problem:
            text += f"（未能建立锁文件：{opened.lock_problem}）"
        self.window.status(text)
        return True

    def _open_sample_copy(self, path: Path) -> bool:
        """A bundled sample opens as a new unsaved copy: the shipped file is never locked, backed up or saved."""
        try:
            project = projectfile.load(path)
        except JuesuanError as exc:
            self.prompts.error(self.window, "无法打开示例项目", str(exc))
            return False
        name = project.unit.name or path.stem
        return self._show_unsaved(project, f"已打开示例项目（{name}）的副本：修改后请“另存为”保存到自己的文件夹",
                                 modified=False)

    def _reload(self, path: Path) -> bool:
        """Open again the file this window has locked (its unsaved changes were just discarded)."""
        try:
            project, stamp = projectfile.load_stamped(path)
            with self.session.loading():
                self.document.load(project, path)
        except JuesuanError as exc:
            self.prompts.error(self.window, "无法打开项目", str(exc))
            return False
        self.session.adopt(path, stamp, self.session.lock)
        self.window.status(f"已重新打开 {path.name}")
        return True

    def _pending_recovery(self, path: Path) -> list[RecoveryEntry]:
        """Autosaved edits of `path` left by a crash: asked about before the file is opened (else they would be
        overwritten by this session's autosave)."""
        key = _same(path)
        return [entry for entry in self.session.store.entries() if entry.original and _same(entry.original) == key]

    def restore(self, recovered: Recovered) -> bool:
        """Show autosaved edits, unsaved, bound to their original file (the caller asked about unsaved changes)."""
        try:
            notes = self.session.restore(recovered)
        except JuesuanError as exc:
            self.prompts.error(self.window, "无法恢复", str(exc))
            return False
        entry = recovered.entry
        self.window.status(f"已恢复 {entry.name} 在 {entry.saved_at.astimezone().strftime('%Y-%m-%d %H:%M')} 自动保存的修改：请检查后保存")
        if notes:
            self.prompts.notice(self.window, "已恢复未保存的修改", "\n\n".join(notes))
        return True

    def open_unsaved(self, project: Project, text: str) -> bool:
        """Show a project that exists only in memory (an Excel import) as a new, unsaved, autosaved project."""
        return self.maybe_save() and self._show_unsaved(project, text)

    def _show_unsaved(self, project: Project, text: str, *, modified: bool = True) -> bool:
        """Show an in-memory project with no file; `modified` marks it unsaved (an import) or clean (a sample copy)."""
        try:
            with self.session.loading():
                self.document.load(project, None)
        except JuesuanError as exc:
            self.prompts.error(self.window, "无法打开项目", str(exc))
            return False
        self.session.adopt(None, None, None)
        if modified:
            self.document.undo_stack.resetClean()
            self.session.autosave.note_change()
        self.window.status(text)
        return True

    def save(self) -> bool:
        path = self.document.path
        if path is None:
            return self.save_as()
        review = getattr(self.window, "review", None)
        if review is not None and review.review_mode:  # review mode: its own check against newer work
            return self._write(path) if review.may_save_to(path) else self.save_as()
        return self._save_here(path)

    def save_as(self) -> bool:
        suggested = str(self.document.path) if self.document.path else f"{self.document.project.unit.name or UNTITLED}.juesuan"
        chosen = self.prompts.save_path(self.window, suggested)
        if not chosen:
            return False
        target = Path(chosen)
        review = getattr(self.window, "review", None)
        if review is not None and review.review_mode:
            return self._write(target)
        if self._is_current(target):
            return self._save_here(target)
        try:  # lock the new file first: never replace a file someone is editing
            lock, problem = filelock.acquire(target, user=self.session.user_name()), None
        except FileLockedError as exc:
            who = "本程序的另一个窗口" if exc.own else exc.holder.describe()
            self.prompts.error(self.window, "另存为失败", f"{target.name} 正由 {who}打开编辑，不能覆盖它。请换一个文件名。")
            return False
        except LockError as exc:
            lock, problem = None, str(exc)
        if not self._write(target, lock=lock, moved=True, lock_problem=problem):
            if lock is not None:
                lock.release()
            return False
        return True

    def _save_here(self, path: Path) -> bool:
        """Save to the open file: only while it is ours and nobody saved it since we read it."""
        blocked = self.session.may_write(path)
        if blocked:
            answer = self.prompts.save_problem(self.window, "不能保存到原文件", blocked, False)
            return self.save_as() if answer == SAVE_AS else False
        try:
            return self._write(path, expected=self.session.stamp, conflicts=True)
        except projectfile.ConflictError as exc:
            text = (f"{exc}。\n\n选择“仍然覆盖”会用窗口中的内容替换磁盘上的版本（被替换的版本保留为 {path.name}.bak）；"
                    "选择“另存为”则两个版本都保留。")
            answer = self.prompts.save_problem(self.window, "文件已被他人修改", text, True)
        if answer == OVERWRITE:
            return self._write(path)
        return self.save_as() if answer == SAVE_AS else False

    def _write(self, path: Path, *, expected: projectfile.FileStamp | None = None, conflicts: bool = False,
               lock: filelock.ProjectLock | None = None, moved: bool = False, lock_problem: str | None = None) -> bool:
        older = older_format(path)
        try:
            result = projectfile.save(self.document.project, path, expected=expected)
        except projectfile.ConflictError:
            if conflicts:
                raise
            self.prompts.error(self.window, "保存失败", f"{path.name} 已被他人修改，没有保存。修改仍在窗口中，请“另存为”。")
            return False
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.prompts.error(self.window, "保存失败", f"无法保存到 {path}：{reason}\n修改仍在窗口中，请换个位置另存。")
            return False
        self.document.set_path(path)
        review = getattr(self.window, "review", None)
        if review is None or not review.review_mode:
            self.session.saved(path, lock, moved=moved, lock_problem=lock_problem)
        self.remember(path)
        self.fileSaved.emit(path)
        text = f"已保存 {path.name}"
        if result.backup_problem:
            text += f"（{result.backup_problem}）"
        if older:
            text += f"；{older}"
        self.window.status(text)
        return True

    def _is_current(self, path: Path) -> bool:
        return self.document.path is not None and _same(self.document.path) == _same(path)

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


def _same(path: Path) -> str:
    """A path as compared for "the same file" (case-insensitive on Windows)."""
    import os

    return os.path.normcase(os.path.abspath(os.fspath(path)))
