"""`juesuan check PATH... --jobs/--summary` (batch) and `juesuan merge` (汇总)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, TextIO

from ..desk.batch import EXIT_OK, EXIT_UNREADABLE, BatchResult, BatchRunner, FileResult, discover
from ..errors import JuesuanError
from .common import findings_json
from .common import write as _write


def wants_batch(args: argparse.Namespace) -> bool:
    """More than one path, a folder, or a summary asked for: the batch check; otherwise the single-file check."""
    paths = args.path if isinstance(args.path, list) else [args.path]
    return len(paths) > 1 or bool(getattr(args, "summary", None)) or getattr(args, "jobs", None) is not None \
        or any(Path(p).is_dir() for p in paths)


def run_batch_check(args: argparse.Namespace) -> int:

    files = discover(args.path)
    if args.summary:  # a summary from an earlier run in the same folder is not a unit's file
        files = [f for f in files if f.resolve() != Path(args.summary).resolve()]
    if not files:
        raise JuesuanError("在给定的文件夹中没有找到 .juesuan 或 .xlsx 文件")
    if args.jobs is not None and args.jobs < 1:
        raise JuesuanError("--jobs 应为正整数")
    if args.summary and Path(args.summary).suffix.lower() != ".xlsx":
        raise JuesuanError(f"汇总表应保存为 .xlsx 文件，而不是“{Path(args.summary).name}”")
    bar = ProgressBar(sys.stderr) if _is_tty(sys.stderr) else None
    runner = BatchRunner(files, jobs=args.jobs, catalogs=[Path(c) for c in args.catalog or ()],
                         on_progress=bar.update if bar else None)
    try:
        batch = runner.run()
    except KeyboardInterrupt:
        runner.cancel()
        if bar:
            bar.finish()
        print("juesuan：批量审核已取消，没有生成汇总表", file=sys.stderr)
        return EXIT_UNREADABLE
    if bar:
        bar.finish()
    try:
        if args.json:
            _write_json(batch)
        else:
            for result in batch.results:
                _write(_line(result))
            _write(_conclusion(batch))
        if args.summary:
            from ..desk.summary import write_summary

            out = write_summary(batch, args.summary)
            if not args.json:
                _write(f"已写入汇总表 {out}")
    finally:
        batch.close()
    return batch.exit_code


def file_json(batch: BatchResult, r: FileResult) -> dict[str, Any]:
    """One file's entry of `check --json` (its issues keep the single-file fields)."""
    return {"file": r.path, "unit": r.unit, "year": r.year, "status": r.status, "status_name": r.status_name,
            "readable": r.readable, "problem": r.problem or None,
            "counts": {"errors": r.errors, "warnings": r.warnings, "tails": r.tails,
                       "unexplained_warnings": r.unexplained, "narrative": r.narrative},
            "signoff": r.signoff or None, "issues": list(batch.findings_of(r))}


def _write_json(batch: BatchResult) -> None:
    """{"files": [...], "total": n, "exit": code}, written file by file (a desk's output can be large)."""

    _write("{\n  \"files\": [")
    for index, result in enumerate(batch.results):
        text = json.dumps(file_json(batch, result), ensure_ascii=False, indent=2)
        _write("    " + text.replace("\n", "\n    ") + ("," if index < len(batch.results) - 1 else ""))
    _write(f"  ],\n  \"total\": {batch.total},\n  \"exit\": {batch.exit_code}\n}}")


def _line(r: FileResult) -> str:
    if not r.readable:
        return f"[无法读取] {r.path}：{r.problem}"
    return (f"[{r.outcome}] {r.path}（{r.unit or '未填单位'}，{r.year}，{r.status_name}）：错误 {r.errors}，提示 {r.warnings}"
            f"（未写说明 {r.unexplained}），尾数差 {r.tails}")


def _conclusion(batch: BatchResult) -> str:
    results = batch.results
    unreadable = sum(1 for r in results if not r.readable)
    errors = sum(1 for r in results if r.readable and r.errors)
    return f"共 {len(results)} 个文件：通过 {len(results) - unreadable - errors} 个，有错误 {errors} 个，无法读取 {unreadable} 个"


def _is_tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """A one-line bar on a terminal: 已检查 120/500 [#####.....] 24 个/秒."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = 0.0

    def update(self, done: int, total: int, _result: FileResult) -> None:
        now = time.monotonic()
        if done < total and now - self.shown < 0.1:
            return
        self.shown = now
        filled = self.WIDTH * done // max(total, 1)
        rate = done / max(now - self.started, 1e-6)
        self.stream.write(f"\r已检查 {done}/{total} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {rate:.0f} 个/秒 ")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


# -- merge ----------------------------------------------------------------------------------------------------


def add_parsers(sub: Any) -> None:
    merge = sub.add_parser("merge", help="汇总多个单位的决算（部门汇总），可按调整表抵销内部往来")
    merge.add_argument("paths", nargs="+", help="各单位的 .juesuan 项目文件或官方格式的 .xlsx，也可以是文件夹")
    merge.add_argument("-o", "--output", required=True, help="要写入的汇总项目文件（.juesuan）")
    merge.add_argument("--adjust", metavar="调整表.xlsx", help="调整表：单位之间的上下级补助、上缴等需要抵销的往来")
    merge.add_argument("--name", default="", help="汇总后的单位名称（默认“某某等N个单位汇总”）")
    merge.add_argument("--sources", metavar="来源.xlsx", help="同时导出每个单元格由哪些单位构成（来源表）")
    merge.add_argument("--force", action="store_true", help="覆盖已有的汇总文件（原文件保留为 .bak）")
    merge.add_argument("--json", action="store_true", help="审核结果以 JSON 输出")


def run_merge(args: argparse.Namespace) -> int:
    from .. import projectfile
    from ..findings import SEVERITY_NAMES
    from ..validation import rulebook
    from ..desk.merge import merge_files

    out = Path(args.output)
    if out.suffix.lower() != projectfile.SUFFIX:
        raise JuesuanError(f"输出文件 {out.name} 应以 {projectfile.SUFFIX} 结尾")
    if out.exists() and not args.force:
        raise JuesuanError(f"{out} 已存在；如要覆盖请加 --force（原文件会保留为 {out.name}{projectfile.BACKUP_SUFFIX}）")
    if args.sources and Path(args.sources).suffix.lower() != ".xlsx":
        raise JuesuanError(f"来源表应保存为 .xlsx 文件，而不是“{Path(args.sources).name}”")
    ours = {Path(p).resolve() for p in (out, args.adjust, args.sources) if p}  # not units, even in the same folder
    files = [p for p in discover(args.paths) if p.resolve() not in ours]
    project = merge_files(files, Path(args.adjust) if args.adjust else None, args.name)
    findings = rulebook(project.layout).check(project)
    projectfile.save(project, out)
    if args.sources:
        from ..desk.merge_export import write_sources

        write_sources(project, Path(args.sources))
    record = project.merge
    assert record is not None
    if args.json:
        _write(findings_json(out, findings))
        return 1 if any(f.severity == "error" for f in findings) else EXIT_OK
    _write(f"已汇总 {len(record.units)} 个单位：" + "、".join(u.name for u in record.units[:10])
           + ("等" if len(record.units) > 10 else ""))
    for elimination in record.eliminations:
        _write(f"抵销 调整表第{elimination.line}行 {elimination.kind} {elimination.amount} 万元"
               f"（{elimination.income_unit or '—'} ↔ {elimination.expense_unit or '—'}）：{len(elimination.cells)} 个单元格")
    for finding in findings:
        _write(f"[{SEVERITY_NAMES[finding.severity]}] {finding.rule}  {finding.message}")
    _write(f"已保存 {out}（审核结果 {len(findings)} 条）")
    return 1 if any(f.severity == "error" for f in findings) else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"merge": run_merge}
