"""Run `juesuan check FILE` in-process for the fuzzers, under a per-file time limit, and judge the
outcome: exit 0/1 with findings, or exit 2 with one Chinese sentence; never a traceback or a hang."""

from __future__ import annotations

import contextlib
import io
import re
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Iterator

from juesuan import cli

#: seconds one file may take before it counts as a hang (generous: a loaded 2-core machine)
FILE_LIMIT = 20.0
_CJK = re.compile(r"[\u4e00-\u9fff]")


class Hang(Exception):
    """The per-file limit ran out."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds` (POSIX); pytest-timeout's own alarm is restored afterwards."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows: pytest-timeout alone guards
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    if outer and outer < seconds:
        signal.setitimer(signal.ITIMER_REAL, outer)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def judge(code: object, err: str) -> str | None:
    """None if the outcome is one `check` may have, else what is wrong with it."""
    if "Traceback" in err:
        return f"traceback: {err[-600:]}"
    if code not in (0, 1, 2):
        return f"exit {code!r}: {err[-300:]}"
    if code == 2 and not (err.startswith("juesuan：") and _CJK.search(err)):
        return f"exit 2 without a Chinese message: {err[:300]!r}"
    return None


def check_in_process(path: Path, limit: float = FILE_LIMIT) -> tuple[object, str | None]:
    """(exit code, problem or None) of `juesuan check path` run through cli.main."""
    out, err = io.StringIO(), io.StringIO()
    code: object = None
    try:
        with time_limit(limit), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["check", str(path)])
    except Hang:
        return None, f"hang: more than {limit:.0f} s"
    except SystemExit as exc:
        code = exc.code
    except BaseException:  # noqa: BLE001 - exactly what the fuzzer hunts
        return None, "traceback: " + traceback.format_exc()[-1500:]
    return code, judge(code, err.getvalue())


def check_in_subprocess(path: Path, limit: float = FILE_LIMIT * 3) -> tuple[object, str | None]:
    """The same through a real `python -m juesuan check` process (the exit code a script sees)."""
    try:
        done = subprocess.run([sys.executable, "-m", "juesuan", "check", str(path)], capture_output=True,
                              timeout=limit, env=None)
    except subprocess.TimeoutExpired:
        return None, f"hang: more than {limit:.0f} s"
    err = done.stderr.decode("utf-8", "replace")
    return done.returncode, judge(done.returncode, err)
