"""Batch check: find the files under folders, check them in worker processes, report progress, allow cancel.

A Qt dialog drives `BatchRunner.run()` from a worker thread and calls `cancel()` from the GUI thread; the CLI runs it
directly. Workers are started with the spawn method (the same on Windows, Linux and in a PyInstaller bundle, and
safe when the parent has threads); each loads the rulebook once and checks many files.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .loading import SUFFIXES

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
#: Tasks kept in flight per worker: enough to keep them busy, few enough that memory stays bounded.
IN_FLIGHT_PER_JOB = 4
#: A worker is replaced after this many files, so that whatever a hostile file left behind does not accumulate.
TASKS_PER_WORKER = 400
NARRATIVE_TABLE = "说明"
MAX_FILES = 1_000_000

Progress = Callable[[int, int, "FileResult"], None]

#: how the summary and the batch dialog name a file's sign-off state
SIGNOFF_NAMES = {"unsigned": "未签字", "valid": "签字有效", "changed": "签字后已修改", "broken": "签字记录被改动",
                 "withdrawn": "签字已失效"}


@dataclass(frozen=True)
class FileResult:
    """One row of the batch: what a file holds and what its check found (plain values: it crosses processes)."""

    path: str
    unit: str = ""
    year: int | None = None
    status: str = ""
    status_name: str = ""
    errors: int = 0
    warnings: int = 0
    tails: int = 0
    unexplained: int = 0
    narrative: int = 0
    signoff: str = ""
    signoff_message: str = ""
    problem: str = ""
    findings: tuple[dict[str, Any], ...] = ()
    #: Where the findings went when spooled to disk (offset, length); `BatchResult.findings_of` reads them.
    spooled: tuple[int, int] | None = None

    @property
    def readable(self) -> bool:
        return not self.problem

    @property
    def outcome(self) -> str:
        """无法读取 | 有错误 | 通过 (no errors)."""
        if self.problem:
            return "无法读取"
        return "有错误" if self.errors else "通过"


class FindingSpool:
    """Every file's findings as JSON lines in a temp file, so the parent's memory stays flat for any batch size."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the batch result
        self._lock = threading.Lock()

    def add(self, findings: tuple[dict[str, Any], ...]) -> tuple[int, int]:
        data = json.dumps(findings, ensure_ascii=False).encode("utf-8")
        with self._lock:
            self._file.seek(0, os.SEEK_END)
            at = self._file.tell()
            self._file.write(data)
        return at, len(data)

    def read(self, where: tuple[int, int]) -> tuple[dict[str, Any], ...]:
        with self._lock:
            self._file.seek(where[0])
            data = self._file.read(where[1])
        return tuple(json.loads(data.decode("utf-8")))

    def close(self) -> None:
        self._file.close()


@dataclass
class BatchResult:
    results: list[FileResult] = field(default_factory=list)
    total: int = 0
    cancelled: bool = False
    spool: FindingSpool | None = None

    def findings_of(self, result: FileResult) -> tuple[dict[str, Any], ...]:
        """A file's findings (as `Finding.as_dict()`), wherever they are kept."""
        if result.spooled is not None and self.spool is not None:
            return self.spool.read(result.spooled)
        return result.findings

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()

    @property
    def exit_code(self) -> int:
        if any(not r.readable for r in self.results):
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if any(r.errors for r in self.results) else EXIT_OK


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named and files under folders (recursively: .juesuan, .xlsx, .xlsm), each once, in a stable order.

    A named path that does not exist or has another suffix is kept: its row will say why it cannot be read.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = [p for p in path.rglob("*") if _wanted(p)]
            found += sorted(inside, key=lambda p: str(p.relative_to(path)).lower())
        else:
            found.append(path)
        if len(found) > MAX_FILES:
            from ..errors import JuesuanError

            raise JuesuanError(f"文件过多（超过 {MAX_FILES} 个），请分批审核")
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.normcase(os.path.abspath(path)), path)
    return list(unique.values())


def _wanted(path: Path) -> bool:
    name = path.name
    if name.startswith(("~$", ".")) or not path.suffix.lower() in SUFFIXES:
        return False
    return path.is_file()


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


# -- the work done for one file (in a worker process, or in-process with one job) -------------------------------


_CATALOGS: tuple[Path, ...] = ()


def init_worker(catalogs: tuple[str, ...] = ()) -> None:
    """Per worker: remember the extra catalogs and load the shipped rulebook once."""
    global _CATALOGS
    _CATALOGS = tuple(Path(c) for c in catalogs)
    from ..validation import rulebook

    rulebook("2022", _CATALOGS)


def check_file(path: str) -> FileResult:
    """Check one file; never raises: anything unreadable becomes a row with a Chinese reason."""
    from ..errors import JuesuanError

    try:
        return _check(Path(path))
    except JuesuanError as exc:
        return FileResult(path=path, problem=str(exc)[:500])
    except MemoryError:
        return FileResult(path=path, problem="文件过大，内存不足，无法检查")
    except RecursionError:
        return FileResult(path=path, problem="文件嵌套层级过深，无法检查")
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the batch
        return FileResult(path=path, problem=f"无法检查这个文件（内部错误 {exc.__class__.__name__}）")


def _check(path: Path) -> FileResult:
    from ..findings import Finding
    from ..review.workflow import check_signoff, finding_key
    from ..validation import rulebook
    from .loading import load_unit

    if not path.exists():
        return FileResult(path=str(path), problem=f"找不到文件 {path}")
    if path.suffix.lower() not in SUFFIXES:
        return FileResult(path=str(path), problem=f"{path.name} 不是项目文件（.juesuan）或 Excel 工作簿（.xlsx）")
    project = load_unit(path)
    findings: tuple[Finding, ...] = rulebook(project.layout, _CATALOGS).check(project)
    explained = {e.key for e in project.review.explanations}
    by = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "tail")}
    check = check_signoff(project)
    return FileResult(
        path=str(path), unit=project.unit.name, year=project.year,
        status=project.review.status, status_name=project.review.status_name,
        errors=by["error"], warnings=by["warning"], tails=by["tail"],
        unexplained=sum(1 for f in findings if f.severity == "warning" and finding_key(f) not in explained),
        narrative=sum(1 for f in findings if any(c.table == NARRATIVE_TABLE for c in f.cells)),
        signoff=check.verdict, signoff_message=check.message,
        findings=tuple(f.as_dict() for f in findings),
    )


# -- the runner -----------------------------------------------------------------------------------------------


class BatchRunner:
    """Checks files with `jobs` worker processes; `run()` blocks, `cancel()` may be called from any thread."""

    def __init__(self, paths: Sequence[Path], *, jobs: int | None = None, catalogs: Sequence[Path] = (),
                 on_progress: Progress | None = None, spool: bool = True) -> None:
        self.paths = [str(p) for p in paths]
        self.jobs = max(1, min(jobs or default_jobs(), max(len(self.paths), 1)))
        self.catalogs = tuple(str(Path(c).resolve()) for c in catalogs)
        self.on_progress = on_progress
        self._cancel = threading.Event()
        self._spool = FindingSpool() if spool else None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> BatchResult:
        done: dict[int, FileResult] = {}
        init_worker(self.catalogs)  # a bad --catalog is refused here, before any worker starts
        if self.jobs == 1:
            for index, path in enumerate(self.paths):
                if self._cancel.is_set():
                    break
                self._record(done, index, check_file(path))
        else:
            self._run_pool(done)
        results = [done[i] for i in sorted(done)]
        cancelled = self._cancel.is_set() and len(results) < len(self.paths)
        return BatchResult(results, len(self.paths), cancelled, self._spool)

    def _record(self, done: dict[int, FileResult], index: int, result: FileResult) -> None:
        if self._spool is not None and result.findings:
            result = replace(result, findings=(), spooled=self._spool.add(result.findings))
        done[index] = result
        if self.on_progress is not None:
            self.on_progress(len(done), len(self.paths), result)

    def _executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_worker, initargs=(self.catalogs,),
                                   max_tasks_per_child=TASKS_PER_WORKER)

    def _isolated(self, index: int) -> FileResult:
        """Check one file in a worker of its own; if that worker dies too, the file is the cause."""
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=init_worker, initargs=(self.catalogs,)) as alone:
            try:
                return alone.submit(check_file, self.paths[index]).result()
            except BrokenProcessPool:
                return FileResult(path=self.paths[index], problem="检查这个文件时工作进程意外退出（文件可能过大或已损坏）")

    def _run_pool(self, done: dict[int, FileResult]) -> None:
        pending = list(range(len(self.paths)))
        pending.reverse()
        limit = self.jobs * IN_FLIGHT_PER_JOB
        executor = self._executor()
        running: dict[Future[FileResult], int] = {}
        try:
            while (pending or running) and not self._cancel.is_set():
                while pending and len(running) < limit:
                    index = pending.pop()
                    try:
                        running[executor.submit(check_file, self.paths[index])] = index
                    except BrokenProcessPool:  # a worker died since the last wait: the file waits for the next pool
                        pending.append(index)
                        if not running:  # no future left to report it: replace the pool now
                            executor.shutdown(wait=False, cancel_futures=True)
                            executor = self._executor()
                        break
                finished, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
                suspects = []
                for future in finished:
                    index = running.pop(future)
                    try:
                        self._record(done, index, future.result())
                    except BrokenProcessPool:
                        suspects.append(index)
                if suspects:  # a worker died: every file then in flight is retried alone, so only the culprit fails
                    suspects += running.values()
                    running.clear()
                    executor.shutdown(wait=False, cancel_futures=True)
                    for index in sorted(suspects):
                        if self._cancel.is_set():
                            break
                        self._record(done, index, self._isolated(index))
                    executor = self._executor()
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
