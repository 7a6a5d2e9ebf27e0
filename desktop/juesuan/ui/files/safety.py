"""Autosave to the recovery folder, the recovery offer at start, and the lock dialogs (read-only,
takeover naming the holder) — Qt helpers over juesuan.recovery and juesuan.filelock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ... import filelock, projectfile
from ...errors import JuesuanError
from ...filelock import FileLockedError, LockInfo, OpenedProject
from ...model import Project
from ...recovery import RecoveryEntry, RecoveryStore, new_session

#: first autosave this long after the last edit (ms) …
DEFAULT_DELAY_MS = 3000
#: … but never later than this after the first unsaved edit, even while the user keeps typing
MAX_DELAY_MS = 30000
#: signals of a document that mean "the project changed" (the first ones the source has are used)
EDIT_SIGNALS = ("changed", "cellsChanged", "rowsChanged")


class AutosaveController(QObject):
    """Writes the project to its recovery file a few seconds after the last edit.

    `source`: any object with `project` (a Project) and a `changed` signal — or the window's
    QtProjectDocument (cellsChanged/rowsChanged; its cleanChanged, pathChanged and projectReset
    are followed too). Call `mark_saved()` after a successful save and `discard()` when the user
    throws the edits away; until then the recovery file stays, even across crashes.
    """

    #: Path of the recovery file just written
    saved = Signal(object)
    #: Chinese reason when the recovery file could not be written (disk full, no permission)
    failed = Signal(str)

    def __init__(self, source: Any, *, store: RecoveryStore | None = None, delay_ms: int = DEFAULT_DELAY_MS,
                 max_delay_ms: int = MAX_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.store = store or RecoveryStore()
        self.delay_ms = delay_ms
        self.max_delay_ms = max_delay_ms
        self.session = new_session()
        self.base: projectfile.FileStamp | None = None
        self.recovery_file: Path | None = None
        #: False while the document is read-only (someone else's file): nothing of ours to keep
        self.enabled = True
        self._first_pending: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._path = self._source_path()
        connected = False
        for name in EDIT_SIGNALS:
            signal = getattr(source, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(self.note_change)
                connected = True
                if name == "changed":
                    break
        if not connected:
            raise TypeError("AutosaveController 需要带有 changed 信号的对象")
        for name, slot in (("cleanChanged", self._on_clean), ("pathChanged", self._on_path), ("projectReset", self._on_reset)):
            signal = getattr(source, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(slot)

    # state -----------------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        return self._first_pending is not None

    def set_base(self, stamp: projectfile.FileStamp | None) -> None:
        """The stamp of the file as opened (lets the recovery offer say whether it changed since)."""
        self.base = stamp

    def set_enabled(self, enabled: bool) -> None:
        """Turn autosave off (read-only document) or on again; turning it off keeps any file already written."""
        self.enabled = enabled
        if not enabled:
            self._timer.stop()
            self._first_pending = None

    def resume(self, entry: RecoveryEntry) -> None:
        """Continue the session of a restored recovery file (it is rewritten now, then kept up to date)."""
        self.session = entry.session or self.session
        self.recovery_file = entry.file
        self.base = entry.base
        self.note_change()
        self.flush()

    def set_path(self, path: str | Path | None) -> None:
        """The project now belongs to another file (Save As): its recovery file moves with it."""
        new = Path(path) if path else None
        if new != self._path:
            self._drop_file()
            self._path = new

    # edits -----------------------------------------------------------------------------------
    def note_change(self, *args: Any) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self._first_pending is None:
            self._first_pending = now
        left = self.max_delay_ms - (now - self._first_pending) * 1000
        self._timer.start(int(max(0, min(self.delay_ms, left))))

    def flush(self) -> Path | None:
        """Write the recovery file now if edits are pending; returns it (None if nothing to write)."""
        self._timer.stop()
        if self._first_pending is None:
            return None
        clean = getattr(self.source, "is_clean", None)
        if callable(clean) and clean():  # undone back to the saved state meanwhile: nothing to recover
            self._first_pending = None
            return None
        project = self._project()
        try:
            self.recovery_file = self.store.write(project, original=self._path, session=self.session, base=self.base)
        except JuesuanError as exc:
            self.failed.emit(f"自动保存失败：{exc}")
            self._timer.start(self.delay_ms * 5)  # try again later; the edits stay pending
            return None
        self._first_pending = None
        self.saved.emit(self.recovery_file)
        return self.recovery_file

    def mark_saved(self, path: str | Path | None = None, stamp: projectfile.FileStamp | None = None) -> None:
        """The project was saved to its file: nothing left to recover."""
        self._timer.stop()
        self._first_pending = None
        self._drop_file()
        if path is not None:
            self._path = Path(path)
        self.base = stamp if stamp is not None else (projectfile.stamp(self._path) if self._path else None)

    def discard(self) -> None:
        """The user threw the unsaved edits away (or closed cleanly): remove the recovery file."""
        self._timer.stop()
        self._first_pending = None
        self._drop_file()

    # source signals --------------------------------------------------------------------------
    def _on_clean(self, clean: bool) -> None:
        if clean:  # saved, or undone back to the saved state
            self.discard()

    def _on_path(self, path: Any) -> None:
        self.set_path(path)

    def _on_reset(self) -> None:
        """Another project was loaded into the document: a new editing session."""
        self._timer.stop()
        self._first_pending = None
        self.recovery_file = None
        self.session = new_session()
        self._path = self._source_path()
        self.base = projectfile.stamp(self._path) if self._path else None

    # helpers ---------------------------------------------------------------------------------
    def _project(self) -> Project:
        project = getattr(self.source, "project", None)
        return project() if callable(project) else project  # type: ignore[return-value]

    def _source_path(self) -> Path | None:
        path = getattr(self.source, "path", None)
        path = path() if callable(path) else path
        return Path(path) if path else None

    def _drop_file(self) -> None:
        """Delete the file this session wrote — never another session's file for the same path (a crashed
        session's edits that the user has not decided about yet)."""
        target, self.recovery_file = self.recovery_file, None
        if target is None:
            return
        try:
            self.store.discard(target)
        except JuesuanError as exc:
            self.failed.emit(str(exc))


# -- the recovery offer at start ----------------------------------------------------------------


@dataclass
class Recovered:
    """A project brought back from its recovery file: open it unsaved, bound to `entry.original`."""

    entry: RecoveryEntry
    project: Project


class RecoveryDialog(QDialog):
    """Lists the recovery files (which file, where, when) and asks: restore, discard, or later."""

    RESTORE, DISCARD, LATER = "restore", "discard", "later"

    def __init__(self, entries: list[RecoveryEntry], parent: QWidget | None = None, *, opening: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("recovery-dialog")
        self.setWindowTitle("恢复未保存的修改")
        self.entries = entries
        self.action = self.LATER
        layout = QVBoxLayout(self)
        intro = QLabel("要打开的文件有上次程序意外退出前自动保存的、尚未保存的修改。恢复这些修改，还是丢弃它们、打开磁盘上的文件？"
                       if opening else "上次程序没有正常关闭。以下文件有自动保存的、尚未保存的修改，可以恢复：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QTreeWidget()
        self.list.setObjectName("recovery-list")
        self.list.setHeaderLabels(["文件", "自动保存时间", "位置", "说明"])
        self.list.setRootIsDecorated(False)
        self.list.setTextElideMode(Qt.ElideMiddle)  # a long folder keeps its start and its end visible
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        for entry in entries:
            where = str(entry.original.parent) if entry.original else "（从未保存过）"
            note = "原文件之后又被修改过，恢复前请核对" if entry.original_changed() else ""
            item = QTreeWidgetItem([entry.name, entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M"), where, note])
            item.setToolTip(2, str(entry.original or ""))
            self.list.addTopLevelItem(item)
            item.setSelected(True)
        for column, width in enumerate((220, 130, 260, 220)):
            self.list.setColumnWidth(column, width)
        layout.addWidget(self.list)
        hint = QLabel("恢复后请检查并“保存”；在保存或丢弃之前，自动保存的修改不会被删除。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button = QPushButton("恢复所选")
        self.discard_button = QPushButton("丢弃所选…")
        self.later_button = QPushButton("取消打开" if opening else "以后再说")
        for button in (self.restore_button, self.discard_button, self.later_button):
            buttons.addWidget(button)
        self.restore_button.setDefault(True)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(lambda: self._finish(self.RESTORE))
        self.discard_button.clicked.connect(self._ask_discard)
        self.later_button.clicked.connect(lambda: self._finish(self.LATER))
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.resize(880, 360)

    def chosen(self) -> list[RecoveryEntry]:
        rows = sorted(self.list.indexOfTopLevelItem(item) for item in self.list.selectedItems())
        return [self.entries[row] for row in rows]

    def _selection_changed(self) -> None:
        some = bool(self.list.selectedItems())
        self.restore_button.setEnabled(some)
        self.discard_button.setEnabled(some)

    def _ask_discard(self) -> None:
        names = "、".join(e.name for e in self.chosen())
        box = QMessageBox(QMessageBox.Warning, "丢弃修改", f"丢弃后，{names} 的这些修改将无法找回。确定丢弃吗？", parent=self)
        yes = box.addButton("丢弃", QMessageBox.DestructiveRole)
        no = box.addButton("取消", QMessageBox.RejectRole)
        box.setDefaultButton(no)
        box.setObjectName("confirm-discard")
        box.exec()
        if box.clickedButton() is yes:
            self._finish(self.DISCARD)

    def _finish(self, action: str) -> None:
        self.action = action
        self.accept() if action != self.LATER else self.reject()


def offer_recovery(parent: QWidget | None, store: RecoveryStore | None = None, *, ask: Any = None,
                   entries: list[RecoveryEntry] | None = None) -> list[Recovered]:
    """At start: if recovery files of crashed sessions exist, ask; return the projects to reopen
    (unsaved, each bound to its original file). Discarded ones are deleted; 'later' keeps all.

    `ask`: the window's prompts (`recovery(parent, entries, opening)` and `error`); `entries`: only these
    (opening a file that has some), in which case 'later' means "do not open"."""
    store = store or RecoveryStore()
    ask = ask or Dialogs()
    opening = entries is not None
    entries = store.entries() if entries is None else entries
    if not entries:
        return []
    action, chosen = ask.recovery(parent, entries, opening)
    if action == RecoveryDialog.DISCARD:
        for entry in chosen:
            try:
                store.discard(entry)
            except JuesuanError as exc:
                ask.error(parent, "无法丢弃", str(exc))
        return []
    if action != RecoveryDialog.RESTORE:
        return []
    restored = []
    for entry in chosen:
        try:
            restored.append(Recovered(entry, store.restore(entry)))
        except JuesuanError as exc:
            ask.error(parent, "无法恢复", f"{entry.name} 的自动保存文件无法读取：{exc}\n该文件保留在 {entry.file.parent} 中。")
    return restored


# -- locks ---------------------------------------------------------------------------------------


class LockedDialog(QDialog):
    """Someone else has the file: open read-only, take over (another machine's lock only), or cancel."""

    READ_ONLY, REVIEW, TAKE_OVER, CANCEL = "read_only", "review", "take_over", "cancel"

    def __init__(self, error: FileLockedError, parent: QWidget | None = None, *, review: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("locked-dialog")
        self.setWindowTitle("文件正在被使用")
        self.error = error
        self.action = self.CANCEL
        holder = error.holder
        layout = QVBoxLayout(self)
        text = (f"<b>{_html(error.path.name)}</b> 正由 <b>{_html(holder.user)}</b> 在计算机 "
                f"<b>{_html(holder.machine)}</b> 上编辑（{_html(holder.when())} 起）。<br><br>"
                "可以以只读方式打开查看；要修改，请等对方关闭文件后再打开。")
        if review:
            text += "<br>审核人可以以审核方式打开：数据只读，可以写批注、审核说明和签字。"
        if error.can_take_over:
            text += "<br><br>如果确定对方已不再使用（例如对方电脑已关机或程序已意外退出），可以接管编辑。"
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.RichText)
        layout.addWidget(label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.read_only_button = QPushButton("以只读方式打开")
        self.review_button = QPushButton("以审核方式打开（只读）")
        self.take_over_button = QPushButton("接管编辑…")
        self.cancel_button = QPushButton("取消")
        buttons.addWidget(self.read_only_button)
        if review:
            buttons.addWidget(self.review_button)
        if error.can_take_over:
            buttons.addWidget(self.take_over_button)
        buttons.addWidget(self.cancel_button)
        self.read_only_button.setDefault(True)
        layout.addLayout(buttons)
        self.read_only_button.clicked.connect(lambda: self._finish(self.READ_ONLY))
        self.review_button.clicked.connect(lambda: self._finish(self.REVIEW))
        self.take_over_button.clicked.connect(lambda: self._finish(self.TAKE_OVER))
        self.cancel_button.clicked.connect(lambda: self._finish(self.CANCEL))
        self.resize(600 if review else 520, 200)

    def _finish(self, action: str) -> None:
        self.action = action
        self.accept() if action != self.CANCEL else self.reject()


def confirm_take_over(parent: QWidget | None, holder: LockInfo, name: str) -> bool:
    """Ask before displacing `holder`; the question names them. Default answer: no."""
    box = QMessageBox(QMessageBox.Warning, "接管编辑",
                      f"确定要接管 {holder.user}（计算机 {holder.machine}，{holder.when()} 起）对 {name} 的编辑吗？\n\n"
                      "如果对方其实还在编辑，对方之后将无法保存到这个文件（只能另存为），"
                      "对方尚未保存的修改需要对方另行处理。", parent=parent)
    box.setObjectName("confirm-take-over")
    yes = box.addButton(f"接管（{holder.user}）", QMessageBox.DestructiveRole)
    no = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


@dataclass(frozen=True)
class ReviewChosen:
    """The answer "以审核方式打开（只读）" to a locked file: the caller opens it for review."""

    path: Path
    holder: LockInfo


def open_with_lock(parent: QWidget | None, path: str | Path, *, user: str | None = None, ask: Any = None,
                   review: bool = False) -> OpenedProject | ReviewChosen | None:
    """Open a project for editing, asking what to do when someone else has it.

    Returns the opened project (its `lock` set when editable, `read_only` otherwise), ReviewChosen when
    `review` was offered and chosen, or None when the user cancelled. ProjectFileError (unreadable file)
    propagates for the caller to show; opening a file this program already has open is reported here
    and returns None. `ask`: the window's prompts (`locked`, `take_over`, `error`); default: the dialogs.
    """
    path = Path(path)
    ask = ask or Dialogs()
    try:
        lock = filelock.acquire(path, user=user)
    except FileLockedError as exc:
        if exc.own:
            ask.error(parent, "文件已打开", f"{path.name} 已经在本程序的另一个窗口中打开。")
            return None
        locked = exc
    except filelock.LockError as exc:  # read-only folder, CD, share without write access
        project, stamp = projectfile.load_stamped(path)
        return OpenedProject(path, project, stamp, None, None, str(exc))
    else:
        try:
            project, stamp = projectfile.load_stamped(path)
        except BaseException:
            lock.release()
            raise
        return OpenedProject(path, project, stamp, lock)
    while True:
        action = ask.locked(parent, locked, review)
        if action == LockedDialog.CANCEL:
            return None
        if action == LockedDialog.REVIEW and review:
            return ReviewChosen(path, locked.holder)
        if action == LockedDialog.READ_ONLY:
            project, stamp = projectfile.load_stamped(path)
            return OpenedProject(path, project, stamp, None, locked.holder)
        if action != LockedDialog.TAKE_OVER or not locked.can_take_over:
            return None
        if not ask.take_over(parent, locked.holder, path.name):
            continue
        try:
            lock = filelock.take_over(path, locked.holder, user=user)
        except FileLockedError as again:  # the lock changed hands meanwhile: ask again about the new holder
            locked = again
            continue
        except JuesuanError as exc:
            ask.error(parent, "无法接管", str(exc))
            return None
        try:
            project, stamp = projectfile.load_stamped(path)
        except BaseException:
            lock.release()
            raise
        return OpenedProject(path, project, stamp, lock, None)


class Dialogs:
    """The real dialogs, for callers without a window's prompts object (same methods as FilePrompts)."""

    def recovery(self, parent: QWidget | None, entries: list[RecoveryEntry], opening: bool = False) -> tuple[str, list[RecoveryEntry]]:
        dialog = RecoveryDialog(entries, parent, opening=opening)
        dialog.exec()
        return dialog.action, dialog.chosen()

    def locked(self, parent: QWidget | None, error: FileLockedError, review: bool = False) -> str:
        dialog = LockedDialog(error, parent, review=review)
        dialog.exec()
        return dialog.action

    def take_over(self, parent: QWidget | None, holder: LockInfo, name: str) -> bool:
        return confirm_take_over(parent, holder, name)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Critical, title, text, parent=parent)
        box.addButton("确定", QMessageBox.AcceptRole)
        box.exec()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
