"""The file a window has open: the lock beside it, the version read from disk, autosave of unsaved edits, and the
read-only state while someone else edits it. The commands (open, save, Excel) are in actions.py (FileController)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from ... import filelock, projectfile
from ...errors import JuesuanError
from ...filelock import FileLockedError, LockError, LockInfo, ProjectLock
from ...recovery import RecoveryEntry, RecoveryStore
from ..base.window import WindowHost
from .safety import DEFAULT_DELAY_MS, AutosaveController, Recovered

#: how often the lock is looked at (taken over? released by the holder of a read-only file?)
POLL_MS = 5000
#: window actions that edit data (disabled while read-only)
EDIT_ACTIONS = ("action-paste", "action-clear", "action-add-subject", "action-remove-subject", "action-fill-totals")
READ_ONLY_MARK = "［只读］"
LABEL_STYLE = ("QLabel { background: #fdecea; color: #9b1c1c; border: 1px solid #e57373; border-radius: 3px;"
               " padding: 0 6px; }")


class FileSession(QObject):
    """Owned by the window's FileController as `files.session`; one per window."""

    #: read-only state, lock holder or lock problem changed
    stateChanged = Signal()

    def __init__(self, window: WindowHost, store: RecoveryStore | None = None, *, delay_ms: int = DEFAULT_DELAY_MS,
                 poll_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.store = store or RecoveryStore()
        self.autosave = AutosaveController(self.document, store=self.store, delay_ms=delay_ms, parent=self)
        self.autosave.failed.connect(self._autosave_failed)
        # every undoable edit (tables, 自评 forms, rows) moves the undo stack: the widest "something changed"
        self.document.undo_stack.indexChanged.connect(self.autosave.note_change)
        #: our lock on the open file (None: untitled, read-only, review mode, or no lock possible)
        self.lock: ProjectLock | None = None
        #: the file as read (or last saved): saving refuses to overwrite a version someone else wrote since
        self.stamp: projectfile.FileStamp | None = None
        #: who edits the file this window shows read-only
        self.holder: LockInfo | None = None
        #: why there is no lock although the file is editable (read-only folder; restored edits of a file in use)
        self.lock_problem: str | None = None
        #: who took over our lock (from another machine): we may only save as
        self.lost_to: LockInfo | None = None
        #: the project was loaded by the review controller (审核打开): its own rules apply, no lock, no autosave
        self.foreign = False
        self._core = self.document.core
        self._adopting = False
        self.document.projectReset.connect(self._on_reset)
        self.label = QLabel(window)
        self.label.setObjectName("file-lock-state")
        self.label.setStyleSheet(LABEL_STYLE)
        self.label.hide()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.poll)

    def install(self) -> None:
        """Once the window is built: the state label in the status bar; review notes are unsaved work too."""
        self.window.statusBar().insertPermanentWidget(0, self.label)
        review = getattr(self.window, "review", None)
        if review is not None and hasattr(review, "changed"):
            review.changed.connect(self.autosave.note_change)
        self._apply()

    # state ------------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.holder is not None

    def title_mark(self) -> str:
        return READ_ONLY_MARK if self.read_only else ""

    def read_only_reason(self) -> str:
        name = self.document.path.name if self.document.path else "文件"
        return (f"只读：{name} 正由 {self.holder.describe() if self.holder else '他人'}编辑，不能修改。"
                "对方关闭文件后本窗口会自动变为可编辑；也可以“另存为”一个副本再修改。")

    def user_name(self) -> str | None:
        """The name the lock shows to others: the user the review tools know (else the login name)."""
        review = getattr(self.window, "review", None)
        who = review.user if review is not None else None
        return who.name if who is not None else None

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """Around document.load by the file commands (a load by anyone else leaves the file without a lock)."""
        self._adopting = True
        try:
            yield
        finally:
            self._adopting = False

    def adopt(self, path: Path | None, stamp: projectfile.FileStamp | None, lock: ProjectLock | None,
              holder: LockInfo | None = None, lock_problem: str | None = None) -> None:
        """The document now shows `path` as read with `stamp`: keep its lock, release the previous one."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock, self.stamp, self.holder, self.lock_problem = lock, stamp, holder, lock_problem
        self.lost_to = None
        self.foreign = False
        self._core = self.document.core
        self.autosave.set_base(stamp)
        self._apply()

    def saved(self, path: Path, lock: ProjectLock | None, *, moved: bool, lock_problem: str | None = None) -> None:
        """Written to `path`: the new version is the base; after Save As the new file's lock replaces the old one."""
        if moved:
            if self.lock is not None and self.lock is not lock:
                self.lock.release()
            self.lock, self.lock_problem, self.lost_to = lock, lock_problem, None
        self.holder = None
        self.stamp = projectfile.stamp(path)
        self.autosave.mark_saved(path, self.stamp)
        self._apply()

    def close(self) -> None:
        """The window closes or drops the project (after the unsaved-changes question): nothing to recover, lock freed."""
        self.poll_timer.stop()
        self.autosave.discard()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _on_reset(self) -> None:
        if self._adopting or self.document.core is self._core:
            return  # our own load (adopt follows), or a revalidation of the same project
        # loaded by the review controller (审核打开): not opened for editing, so no lock and no version of ours
        self._core = self.document.core
        if self.lock is not None:
            self.lock.release()
        self.lock = self.stamp = self.holder = self.lock_problem = self.lost_to = None
        self.foreign = True
        self._apply()

    def _apply(self) -> None:
        """Show the state: read-only data and actions, autosave on or off, the label, the title."""
        review = getattr(self.window, "review", None)
        review_mode = self.foreign or bool(review is not None and review.review_mode)
        if not review_mode:  # review mode keeps the data read-only itself
            self.document.set_read_only(self.read_only_reason() if self.read_only else "")
            for name in EDIT_ACTIONS:
                action = self.window.findChild(QAction, name)
                if action is not None:
                    action.setEnabled(not self.read_only)
        self.autosave.set_enabled(not self.read_only and not review_mode)
        self._show_label()
        if self.lock is not None or self.holder is not None:
            self.poll_timer.start()
        else:
            self.poll_timer.stop()
        update = getattr(self.window, "_update_title", None)
        if callable(update):
            update()
        self.stateChanged.emit()

    def _show_label(self) -> None:
        text, tip = "", ""
        if self.holder is not None:
            text, tip = f"只读 · 正由 {self.holder.describe()}编辑", self.read_only_reason()
        elif self.lost_to is not None:
            text = f"编辑已被 {self.lost_to.describe()}接管 · 只能另存为"
        elif self.lock_problem:
            text, tip = "未锁定 · 别人打开时不会知道你正在编辑", self.lock_problem
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.label.setVisible(bool(text))

    # saving -------------------------------------------------------------------------------------
    def may_write(self, path: Path) -> str | None:
        """None when this window may write `path` (taking the lock first if it has none), else why not (Chinese)."""
        keep = "为避免覆盖对方的内容，不能保存到原文件。你的修改仍在窗口中，可以“另存为”一个新文件，再与对方核对。"
        if self.holder is not None:
            return f"{path.name} 正由 {self.holder.describe()}编辑，本窗口是只读打开的。{keep}"
        if self.lock is not None:
            if self.lock.is_held():
                return None
            holder = self.lock.holder()
            if holder is None:  # the lock file was deleted (by hand?): take it again
                try:
                    self.lock = filelock.acquire(path, user=self.user_name())
                    return None
                except (FileLockedError, LockError):
                    holder = filelock.read_lock(path)
            self.lost_to = holder or LockInfo("未知用户", "未知计算机", 0, "", "", readable=False)
            self._apply()
            return f"你对 {path.name} 的编辑已被 {self.lost_to.describe()}接管。{keep}"
        try:  # no lock yet (restored edits; a folder where none could be made): take one now if we can
            self.lock = filelock.acquire(path, user=self.user_name())
        except FileLockedError as exc:
            if exc.own:
                return f"{path.name} 已在本程序的另一个窗口中打开。为避免两个窗口互相覆盖，不能保存到原文件；请“另存为”。"
            return f"{path.name} 正由 {exc.holder.describe()}编辑。{keep}"
        except LockError:
            return None  # a folder without write access: writing will say so
        self.lock_problem = None
        self._apply()
        return None

    # restoring ----------------------------------------------------------------------------------
    def restore(self, recovered: Recovered) -> list[str]:
        """Show restored edits, unsaved, bound to their original file; returns notes for the user (Chinese)."""
        entry: RecoveryEntry = recovered.entry
        original = entry.original
        lock, problem, notes = None, None, []
        if original is not None and original.exists():
            try:
                lock = filelock.acquire(original, user=self.user_name())
            except FileLockedError as exc:
                who = "本程序的另一个窗口" if exc.own else exc.holder.describe()
                problem = f"{original.name} 现在正由 {who}编辑：恢复的修改不能保存到原文件，请“另存为”。"
                notes.append(problem)
            except LockError as exc:
                problem = str(exc)
        elif original is not None:
            notes.append(f"原文件 {original} 已不存在；保存时会重新建立它。")
        try:
            with self.loading():
                self.document.load(recovered.project, original)
        except JuesuanError:
            if lock is not None:
                lock.release()
            raise
        self.document.undo_stack.resetClean()  # unsaved: the window asks before these edits could be lost
        self.adopt(original, entry.base, lock, lock_problem=problem)
        self.autosave.resume(entry)
        if original is not None and original.exists() and entry.original_changed():
            notes.append(f"{original.name} 在这些修改自动保存之后又被修改过（可能是别人保存的）。"
                         "保存时程序会提示，请先核对，再决定覆盖还是另存为。")
        return notes

    # watching the lock ---------------------------------------------------------------------------
    def poll(self) -> None:
        """Every few seconds: was our lock taken over; did the holder of a read-only file close it?"""
        path = self.document.path
        if path is None:
            return
        if self.lock is not None and self.lost_to is None:
            if self.lock.is_held():
                return
            holder = self.lock.holder()
            if holder is None:  # the lock file was deleted (by hand, a sync client): put ours back
                try:
                    self.lock = filelock.acquire(path, user=self.user_name())
                except (FileLockedError, LockError):
                    pass
                return
            self.lost_to = holder
            self._apply()
            self.window.prompts.notice(self.window, "编辑已被接管",
                                       f"{path.name} 的编辑已被 {holder.describe()}接管。\n"
                                       "你的修改仍在窗口中；为避免覆盖对方的内容，只能“另存为”一个新文件。")
            return
        if self.holder is not None:
            self._try_edit(path)

    def _try_edit(self, path: Path) -> None:
        """The holder may have closed the file: take the lock and make the window editable (reloading if changed)."""
        current = filelock.read_lock(path)
        if current is not None and not filelock.is_stale(current, filelock.lock_path_for(path)):
            if self.holder is not None and current.token != self.holder.token:
                self.holder = current  # someone else has it now
                self._apply()
            return
        if not self.document.is_clean():
            return  # notes typed while read-only: never thrown away by a reload
        try:
            lock = filelock.acquire(path, user=self.user_name())
        except (FileLockedError, LockError):
            return
        previous = self.holder
        reloaded = False
        try:
            stamp = projectfile.stamp(path)
            if stamp != self.stamp:
                project, stamp = projectfile.load_stamped(path)
                with self.loading():
                    self.document.load(project, path)
                reloaded = True
        except JuesuanError:
            lock.release()
            return
        self.adopt(path, stamp, lock)
        text = f"{previous.user if previous else '对方'} 已关闭 {path.name}，现在可以编辑。"
        if reloaded:
            text += "对方保存了新的内容，窗口中显示的是最新版本。"
        self.window.status(text)
        self.window.prompts.notice(self.window, "现在可以编辑", text)

    def _autosave_failed(self, text: str) -> None:
        self.window.status(text)
