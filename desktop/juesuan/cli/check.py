"""`juesuan check PATH... [--json] [--catalog CSV]`: the findings of a project, exit 1 when any is an error; several
files, a folder, --jobs or --summary hand over to the batch check (cli/desk.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from ..findings import SEVERITY_NAMES
from .common import EXIT_FINDINGS, EXIT_OK, findings_json, load_any, write
from .desk import run_batch_check, wants_batch


def add_parsers(sub: Any) -> None:
    check = sub.add_parser("check", help="检查项目文件，列出所有审核结果；多个文件或文件夹时批量审核")
    check.add_argument("path", nargs="+", help=".juesuan 项目文件（或官方格式的 .xlsx），可以是多个文件或文件夹")
    check.add_argument("--jobs", type=int, metavar="N", help="批量审核时同时检查的进程数（默认每个处理器核心一个）")
    check.add_argument("--summary", metavar="OUT.xlsx", help="批量审核时写出汇总表（每个文件一行，另附全部审核结果）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--catalog", action="append", metavar="CSV", help="补充的功能分类科目表（“科目编码,科目名称”，UTF-8），可多次指定")


def run_check(args: argparse.Namespace) -> int:
    from ..validation import rulebook

    if wants_batch(args):
        return run_batch_check(args)
    path = Path(args.path[0])
    project = load_any(path)
    catalogs = tuple(Path(c).resolve() for c in args.catalog or ())
    findings = rulebook(project.layout, catalogs).check(project)
    if args.json:
        write(findings_json(path, findings))
    else:
        for finding in findings:
            write(f"[{SEVERITY_NAMES[finding.severity]}] {finding.rule}  {finding.message}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
        write(f"{path.name}：共 {len(findings)} 条（" + "，".join(f"{SEVERITY_NAMES[s]} {n}" for s, n in counts.items()) + "）")
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"check": run_check}
