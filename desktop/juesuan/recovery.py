"""Recovery files: unsaved edits written to the user's data folder, offered again after a crash.

A recovery file is a project file (same envelope, same checks) with a `recovery` section saying
which file it belongs to, when it was written and by which process, so that the next start can
offer "江汉区2022.juesuan, 14:32 的未保存修改" and leave alone those of an instance still running.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import filelock, logsetup, projectfile
from .errors import ProjectFileError
from .model import Project

SUFFIX = ".juesuan-recovery"
#: Environment variable that moves the whole per-user data folder (portable use, tests).
DATA_DIR_ENV = logsetup.DATA_DIR_ENV


def data_dir() -> Path:
    """Per-user data folder: %LOCALAPPDATA%\\juesuan on Windows, ~/.local/share/juesuan on Linux."""
    return logsetup.data_dir()


def recovery_dir() -> Path:
    return logsetup.recovery_dir()


def new_session() -> str:
    """An id for one editing session of a never-saved project."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class RecoveryEntry:
    file: Path
    #: the project file the edits belong to; None for a project never saved
    original: Path | None
    saved_at: datetime
    title: str
    session: str
    pid: int
    machine: str
    process_start: str | None
    #: stamp of the original file when it was opened (to tell whether it changed since)
    base: projectfile.FileStamp | None

    @property
    def name(self) -> str:
        return self.original.name if self.original else f"未命名项目（{self.title or '无单位名称'}）"

    def describe(self) -> str:
        return f"{self.name}，{self.saved_at.astimezone().strftime('%Y-%m-%d %H:%M')} 自动保存"

    def original_changed(self) -> bool:
        """True when the original file is gone or differs from the version the edits started from."""
        if self.original is None:
            return False
        return projectfile.stamp(self.original) != self.base

    def is_live(self) -> bool:
        """Written by a process that is still running here (another open window): not a crash."""
        if self.machine.casefold() != filelock.this_machine().casefold() or not filelock.pid_alive(self.pid):
            return False
        if self.process_start is None:
            return True
        return filelock.process_start(self.pid) == self.process_start


class RecoveryStore:
    """The recovery folder: write one file per open project, list them, restore, discard."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else recovery_dir()

    def file_for(self, original: str | os.PathLike[str] | None, session: str) -> Path:
        if original is not None:
            key = os.path.normcase(os.path.abspath(os.fspath(original)))
            name = "p-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        else:
            name = "u-" + hashlib.sha256(session.encode("utf-8")).hexdigest()[:20]
        return self.folder / (name + SUFFIX)

    def write(self, project: Project, *, original: str | os.PathLike[str] | None, session: str,
              base: projectfile.FileStamp | None = None) -> Path:
        """Write (atomically) the recovery file of one editing session; returns its path."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectFileError(f"无法创建恢复文件夹 {self.folder}：{exc.strerror or exc}") from None
        pid = os.getpid()
        meta = {
            "original": os.path.abspath(os.fspath(original)) if original is not None else None,
            "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "title": project.unit.name[:200],
            "session": session,
            "pid": pid,
            "machine": filelock.this_machine(),
            "process_start": filelock.process_start(pid),
            "base": {"size": base.size, "sha256": base.sha256} if base else None,
        }
        target = self.file_for(original, session)
        projectfile.write_atomic(target, projectfile.dumps(project, recovery=meta))
        return target

    def entries(self, *, include_live: bool = False) -> list[RecoveryEntry]:
        """Readable recovery files, newest first (those of still-running instances left out)."""
        found = []
        try:
            files = [p for p in self.folder.iterdir() if p.name.endswith(SUFFIX)]
        except OSError:
            return []
        for file in files:
            entry = self._entry(file)
            if entry is not None and (include_live or not entry.is_live()):
                found.append(entry)
        return sorted(found, key=lambda e: e.saved_at, reverse=True)

    def restore(self, entry: RecoveryEntry) -> Project:
        """The project as it was at the last autosave (the recovery file stays until discarded)."""
        raw = projectfile.parse_envelope(projectfile.read_limited(entry.file), "恢复文件")
        return projectfile.project_of(raw, "恢复文件")

    def discard(self, entry: RecoveryEntry | Path) -> None:
        file = entry.file if isinstance(entry, RecoveryEntry) else Path(entry)
        try:
            file.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ProjectFileError(f"无法删除恢复文件 {file.name}：{exc.strerror or exc}") from None

    def discard_for(self, original: str | os.PathLike[str] | None, session: str) -> None:
        self.discard(self.file_for(original, session))

    def _entry(self, file: Path) -> RecoveryEntry | None:
        try:
            raw = projectfile.parse_envelope(projectfile.read_limited(file), file.name)
        except ProjectFileError:
            return None
        meta = raw.get("recovery")
        return _meta_entry(file, meta) if isinstance(meta, dict) else None


def _meta_entry(file: Path, meta: dict[str, Any]) -> RecoveryEntry | None:
    def text(key: str, limit: int = 4000) -> str | None:
        value = meta.get(key)
        return value if isinstance(value, str) and len(value) <= limit else None

    try:
        saved_at = datetime.fromisoformat(text("saved_at") or "")
    except ValueError:
        return None
    pid = meta.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool):
        return None
    base = meta.get("base")
    stamp = None
    if isinstance(base, dict) and isinstance(base.get("size"), int) and isinstance(base.get("sha256"), str):
        stamp = projectfile.FileStamp(base["size"], base["sha256"])
    original = text("original")
    return RecoveryEntry(
        file=file,
        original=Path(original) if original else None,
        saved_at=saved_at,
        title=text("title", 200) or "",
        session=text("session", 100) or "",
        pid=pid,
        machine=text("machine", 200) or "",
        process_start=text("process_start", 200),
        base=stamp,
    )
