"""Office-style lock file beside a project (`name.juesuan.lock`): who has it open, on which machine.

A plain file created with O_EXCL, not an OS lock, so that it works the same on a local disk, a USB
stick and a Windows/Samba share, and so that a second opener on another machine can read who holds
it. A lock left by a process that died on this machine is cleared; a lock from another machine can
only be taken over by naming (passing) the holder that the user confirmed.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import __version__, projectfile
from .processes import pid_alive
from .errors import JuesuanError
from .model import Project

LOCK_SUFFIX = ".lock"
LOCK_FORMAT = "juesuan-lock"
MAX_LOCK_BYTES = 4096
#: An empty or unreadable lock file (its writer died between create and write) counts as stale
#: once it is this old (seconds); younger, it may be a lock being written right now.
UNREADABLE_GRACE = 30.0


@dataclass(frozen=True)
class LockInfo:
    """What a lock file says about its holder."""

    user: str
    machine: str
    pid: int
    created: str  # ISO 8601 local time with offset
    token: str
    app_version: str = ""
    #: creation time of the holder process (guards against a reused pid); None where unknown
    process_start: str | None = None
    #: False when the lock file could not be read (then only its age is known)
    readable: bool = field(default=True, compare=False)

    def when(self) -> str:
        try:
            return datetime.fromisoformat(self.created).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return "时间不详"

    def describe(self) -> str:
        """The holder as the dialogs name it: 张三（计算机 FIN-PC01，2024-03-01 09:12 起）."""
        return f"{self.user}（计算机 {self.machine}，{self.when()} 起）"

    @property
    def on_this_machine(self) -> bool:
        return self.machine.casefold() == this_machine().casefold()


class LockError(JuesuanError):
    """The lock file cannot be created (read-only folder, no permission, share gone)."""


class FileLockedError(JuesuanError):
    """Someone else has the project open for editing."""

    def __init__(self, path: Path, holder: LockInfo, *, own: bool = False) -> None:
        self.path = Path(path)
        self.holder = holder
        self.own = own
        if own:
            message = f"{self.path.name} 已经在本程序中打开"
        else:
            message = f"{self.path.name} 正由 {holder.describe()} 编辑，只能以只读方式打开"
        super().__init__(message)

    @property
    def can_take_over(self) -> bool:
        """Only a lock from another machine can be taken over (a live one here is really in use)."""
        return not self.own and not self.holder.on_this_machine


# -- identity of this process ------------------------------------------------------------------


def this_machine() -> str:
    return (socket.gethostname() or os.environ.get("COMPUTERNAME") or "未知计算机")[:100]


def this_user() -> str:
    for name in ("USERNAME", "USER", "LOGNAME"):
        value = os.environ.get(name)
        if value:
            return value[:100]
    try:
        return getpass.getuser()[:100]
    except Exception:  # getpass raises various errors without a user database
        return "未知用户"


def process_start(pid: int) -> str | None:
    """An id of the process's creation (Linux: boot + start tick; Windows: creation time)."""
    if os.name == "nt":
        return _windows_process_start(pid)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return f"linux:{boot}:{fields[19]}" if len(fields) > 19 else None


def _windows_process_start(pid: int) -> str | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)
    if not handle:
        return None
    try:
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return None
        return f"win:{(times[0].dwHighDateTime << 32) | times[0].dwLowDateTime}"
    finally:
        kernel32.CloseHandle(handle)


def _new_info(user: str | None) -> LockInfo:
    pid = os.getpid()
    return LockInfo(
        user=(user or this_user())[:100],
        machine=this_machine(),
        pid=pid,
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
        token=secrets.token_hex(8),
        app_version=__version__,
        process_start=process_start(pid),
    )


def is_stale(info: LockInfo, lock_path: Path | None = None) -> bool:
    """A lock nobody holds any more: its process died on this machine, or it was never written out."""
    if not info.readable:
        try:
            age = time.time() - lock_path.stat().st_mtime if lock_path else UNREADABLE_GRACE + 1
        except OSError:
            return True
        return age > UNREADABLE_GRACE
    if not info.on_this_machine:
        return False
    if not pid_alive(info.pid):
        return True
    if info.process_start is not None:
        now = process_start(info.pid)
        return now is not None and now != info.process_start  # the pid now belongs to another process
    return False


def _is_own(info: LockInfo) -> bool:
    return info.on_this_machine and info.pid == os.getpid() and info.process_start == process_start(os.getpid())


# -- the lock file -------------------------------------------------------------------------------


def lock_path_for(path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


def _encode(info: LockInfo) -> bytes:
    raw = {"format": LOCK_FORMAT, **{k: v for k, v in asdict(info).items() if k != "readable"}}
    return json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8")


def _decode(data: bytes) -> LockInfo | None:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != LOCK_FORMAT:
        return None
    texts = {k: raw.get(k) for k in ("user", "machine", "created", "token", "app_version")}
    pid, start = raw.get("pid"), raw.get("process_start")
    if not all(isinstance(v, str) and len(v) <= 200 and v.isprintable() for v in texts.values()):
        return None
    if not isinstance(pid, int) or isinstance(pid, bool) or not 0 < pid < 2**32:
        return None
    if start is not None and not (isinstance(start, str) and len(start) <= 200):
        return None
    return LockInfo(pid=pid, process_start=start, **texts)  # type: ignore[arg-type]


def read_lock(path: str | os.PathLike[str]) -> LockInfo | None:
    """The holder named by the project's lock file; None when there is no lock file."""
    lock = lock_path_for(path)
    try:
        with lock.open("rb") as handle:
            data = handle.read(MAX_LOCK_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError:
        data = b""
    info = _decode(data) if len(data) <= MAX_LOCK_BYTES else None
    if info is None:
        return LockInfo(user="未知用户", machine="未知计算机", pid=0, created="", token="", readable=False)
    return info


class ProjectLock:
    """A held lock; release it when the project is closed (also on `with` exit)."""

    def __init__(self, path: Path, info: LockInfo, cleared: LockInfo | None = None) -> None:
        self.path = Path(path)
        self.lock_path = lock_path_for(path)
        self.info = info
        #: the stale lock that had to be cleared to take this one, if any
        self.cleared = cleared
        self.released = False

    def holder(self) -> LockInfo | None:
        """Who holds the lock now (someone else if it was taken over on another machine)."""
        return read_lock(self.path)

    def is_held(self) -> bool:
        """Still ours? False after another machine took it over (then do not save over their work)."""
        current = self.holder()
        return not self.released and current is not None and current.token == self.info.token

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        current = self.holder()
        if current is not None and current.token == self.info.token:
            try:
                os.unlink(self.lock_path)
            except OSError:
                pass

    def __enter__(self) -> "ProjectLock":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


def _create(lock: Path, info: LockInfo) -> bool:
    """Create the lock file exclusively; False if it already exists."""
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise LockError(_cannot(lock, exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_encode(info))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        try:
            os.unlink(lock)
        except OSError:
            pass
        raise LockError(_cannot(lock, exc)) from None
    return True


def _cannot(lock: Path, exc: OSError) -> str:
    return f"无法在 {lock.parent} 中创建锁文件（{exc.strerror or exc.__class__.__name__}），文件夹可能是只读的"


def _clear(lock: Path, expected: LockInfo) -> None:
    """Remove a stale lock, unless it changed meanwhile (then put the newer one back)."""
    grave = lock.with_name(f"{lock.name}.stale-{secrets.token_hex(4)}")
    try:
        os.rename(lock, grave)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LockError(f"无法清除失效的锁文件 {lock.name}（{exc.strerror or exc.__class__.__name__}）") from None
    try:
        moved = _decode(grave.read_bytes())
    except OSError:
        moved = None
    if moved is not None and (not expected.readable or moved.token != expected.token):
        try:  # someone created a fresh lock between our read and our rename: give it back
            os.link(grave, lock)
        except OSError:
            pass
    try:
        os.unlink(grave)
    except OSError:
        pass


def acquire(path: str | os.PathLike[str], *, user: str | None = None) -> ProjectLock:
    """Take the lock for editing. Raises FileLockedError (with the holder) or LockError."""
    path = Path(path)
    lock = lock_path_for(path)
    cleared = None
    for _ in range(3):
        info = _new_info(user)
        if _create(lock, info):
            return ProjectLock(path, info, cleared)
        holder = read_lock(path)
        if holder is None:
            continue  # released between our attempts
        if holder.readable and _is_own(holder):
            raise FileLockedError(path, holder, own=True)
        if not is_stale(holder, lock):
            raise FileLockedError(path, holder)
        _clear(lock, holder)
        cleared = holder
    holder = read_lock(path)
    raise FileLockedError(path, holder or LockInfo("未知用户", "未知计算机", 0, "", "", readable=False))


def take_over(path: str | os.PathLike[str], confirmed: LockInfo, *, user: str | None = None) -> ProjectLock:
    """Replace the lock of `confirmed` (the holder the user was shown and agreed to displace).

    If the lock on disk is no longer that holder's (released, or taken by someone else meanwhile),
    nothing is replaced: the lock is acquired normally, or FileLockedError names the new holder.
    """
    path = Path(path)
    lock = lock_path_for(path)
    current = read_lock(path)
    if current is None or current.token != confirmed.token or not confirmed.token:
        if current is not None and current.readable and current.token != confirmed.token:
            raise FileLockedError(path, current)
        return acquire(path, user=user)
    info = _new_info(user)
    tmp = lock.with_name(f"{lock.name}.new-{info.token}")
    try:
        tmp.write_bytes(_encode(info))
        projectfile.replace(tmp, lock, attempts=5)
    except (OSError, JuesuanError) as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise LockError(f"无法接管锁文件 {lock.name}：{exc}") from None
    now = read_lock(path)
    if now is None or now.token != info.token:
        raise FileLockedError(path, now or confirmed)
    return ProjectLock(path, info, cleared=confirmed)


# -- opening a project for editing or read-only --------------------------------------------------


@dataclass
class OpenedProject:
    """A loaded project and how it may be used: `lock` when editable, else who holds it."""

    path: Path
    project: Project
    stamp: projectfile.FileStamp
    lock: ProjectLock | None
    holder: LockInfo | None = None
    #: Chinese text when no lock could be created at all (read-only folder)
    lock_problem: str | None = None

    @property
    def read_only(self) -> bool:
        return self.lock is None


def open_project(path: str | os.PathLike[str], *, user: str | None = None) -> OpenedProject:
    """Lock then load; a project someone else holds opens read-only, naming the holder.

    Raises ProjectFileError for an unreadable file (no lock is left behind) and FileLockedError
    (own=True) when this very process already has it open.
    """
    path = Path(path)
    lock: ProjectLock | None = None
    holder: LockInfo | None = None
    problem: str | None = None
    try:
        lock = acquire(path, user=user)
    except FileLockedError as exc:
        if exc.own:
            raise
        holder = exc.holder
    except LockError as exc:
        problem = str(exc)
    try:
        project, stamp = projectfile.load_stamped(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return OpenedProject(path, project, stamp, lock, holder, problem)
