"""Where the program keeps its own files (logs, recovery copies, settings) and the rotating log file.

The data folder holds what belongs to this machine; project files (.juesuan) are never stored
there, they stay where the user saves them:

    Windows  %LOCALAPPDATA%\\juesuan\\            (not roamed: logs and recovery files are per machine)
    Linux    ~/.local/share/juesuan/             ($XDG_DATA_HOME/juesuan when set)

    logs/juesuan.log (+ .1 … .5)   rotating log, 1 MiB each
    logs/faults.log                 low-level crash dumps (faulthandler)
    recovery/                       autosaved copies of open projects (recovery.py)
    schemes/                        the user's own scoring schemes (selfeval/schemes.py)

Preferences are small and follow the user (roaming profile): QSettings' INI file of organisation and
application "juesuan", %APPDATA%\\juesuan\\juesuan.ini on Windows, ~/.config/juesuan/juesuan.ini on Linux.

The environment variable JUESUAN_DATA_DIR moves the data folder (tests, portable use, redirected profiles).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import IO

APP_NAME = "juesuan"
DATA_DIR_ENV = "JUESUAN_DATA_DIR"
LOG_NAME = "juesuan.log"
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s [%(process)d] %(name)s: %(message)s"

log = logging.getLogger("juesuan")
_fault_file: IO[str] | None = None
_restore: dict[str, object] = {}


def data_dir() -> Path:
    """The per-user folder of the program's own files (created on first use by the callers)."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def log_dir() -> Path:
    return data_dir() / "logs"


def log_path() -> Path:
    return log_dir() / LOG_NAME


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def settings_path() -> Path:
    """The file QSettings(IniFormat, UserScope, "juesuan", "juesuan") uses (roams with the user)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False, roaming=True)) / f"{APP_NAME}.ini"


class _TolerantRotatingHandler(logging.handlers.RotatingFileHandler):
    """Rotation that survives a second running instance holding the file open (Windows refuses the rename)."""

    def doRollover(self) -> None:  # noqa: N802 - logging's API name
        try:
            super().doRollover()
        except OSError:
            self.maxBytes = 0  # stop retrying in this process; the instance holding the file rotates it
            if self.stream is None:
                self.stream = self._open()


def _handler_installed(root: logging.Logger) -> logging.Handler | None:
    for handler in root.handlers:
        if getattr(handler, "_juesuan", False):
            return handler
    return None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating log file to the root logger once; return its path (None if no folder is writable)."""
    root = logging.getLogger()
    existing = _handler_installed(root)
    if existing is not None:
        return Path(getattr(existing, "baseFilename"))
    handler = None
    for folder in (log_dir(), Path(tempfile.gettempdir()) / APP_NAME / "logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = _TolerantRotatingHandler(
                folder / LOG_NAME, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
            break
        except OSError:
            continue
    if handler is None:
        return None
    handler._juesuan = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    _restore["level"] = root.level
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    _enable_faulthandler(Path(handler.baseFilename).parent)
    log.info("启动 %s", describe_runtime())
    return Path(handler.baseFilename)


def shutdown_logging() -> None:
    """Detach and close the log file (tests, and a clean exit)."""
    global _fault_file
    root = logging.getLogger()
    handler = _handler_installed(root)
    if handler is not None:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(_restore.pop("level", root.level))  # type: ignore[arg-type]
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
        if _restore.pop("faulthandler", False) and sys.stderr is not None:
            faulthandler.enable(sys.stderr)


def _enable_faulthandler(folder: Path) -> None:
    """A hard crash inside Qt (no Python exception) still leaves its stack in logs/faults.log."""
    global _fault_file
    if _fault_file is not None:
        return
    _restore["faulthandler"] = faulthandler.is_enabled()
    try:
        _fault_file = open(folder / "faults.log", "a", encoding="utf-8")  # noqa: SIM115 - kept open on purpose
        faulthandler.enable(_fault_file)
    except (OSError, RuntimeError, ValueError):
        _fault_file = None


def describe_runtime() -> str:
    """One line naming the version and the machine, for logs and error reports."""
    from . import __version__

    frozen = "bundle" if getattr(sys, "frozen", False) else "python"
    return (
        f"juesuan {__version__} ({frozen}); Python {platform.python_version()}; "
        f"{platform.system()} {platform.release()} {platform.machine()}"
    )


def show_fatal_message(text: str, title: str = "程序出错") -> None:
    """Last resort when Qt cannot show anything: the Windows message box, else stderr."""
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, f"{text}\n\n日志：{log_path()}", title, 0x10)  # MB_ICONERROR
            return
        except (OSError, AttributeError):
            pass
    if sys.stderr is not None:
        sys.stderr.write(f"{title}：{text}\n日志：{log_path()}\n")


def log_exception(message: str, exc_info: tuple | BaseException) -> None:
    """Write an unexpected exception with its traceback to the log."""
    info = exc_info if isinstance(exc_info, tuple) else (type(exc_info), exc_info, exc_info.__traceback__)
    log.critical(message, exc_info=info)
    for handler in logging.getLogger().handlers:
        try:
            handler.flush()
        except (OSError, ValueError):
            pass
