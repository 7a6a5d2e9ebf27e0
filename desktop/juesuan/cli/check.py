"""`juesuan check PATH [--json] [--catalog CSV]`: the findings of a project, exit 1 when any is an error."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from ..findings import SEVERITY_NAMES
from .common import EXIT_FINDINGS, EXIT_OK, findings_json, load_any, write


def add_parsers(sub: Any) -> None:
    check = sub.add_parser("check", help="检查项目文件，列出所有审核结果")
    check.add_argument("path", help=".juesuan 项目文件（或官方格式的 .xlsx）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--catalog", action="append", metavar="CSV", help="补充的功能分类科目表（“科目编码,科目名称”，UTF-8），可多次指定")


def run_check(args: argparse.Namespace) -> int:
    from ..validation import rulebook

    path = Path(args.path)
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
