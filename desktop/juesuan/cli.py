"""Command-line entry: `juesuan check PATH [--json]` and friends; never a traceback for bad input."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from .errors import JuesuanError
from .excel.commands import COMMANDS as EXCEL_COMMANDS
from .excel.commands import add_parsers as add_excel_parsers
from .findings import SEVERITY_NAMES, Finding
from .model import Project
from .narrative.commands import COMMANDS as NARRATIVE_COMMANDS
from .narrative.commands import add_parsers as add_narrative_parsers
from .review.commands import COMMANDS as REVIEW_COMMANDS
from .review.commands import add_parsers as add_review_parsers

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"juesuan：参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def load_any(path: Path) -> Project:
    """A `.juesuan` file, or an official-layout workbook (.xlsx/.xlsm), imported."""
    from . import projectfile

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .excel.importer import import_workbook

        return import_workbook(path).project
    return projectfile.load(path)


def findings_json(path: Path, findings: Sequence[Finding]) -> str:
    return json.dumps({"file": str(path), "issues": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2)


def _check(args: argparse.Namespace) -> int:
    from .validation import rulebook

    path = Path(args.path)
    project = load_any(path)
    catalogs = tuple(Path(c).resolve() for c in args.catalog or ())
    findings = rulebook(project.layout, catalogs).check(project)
    if args.json:
        _write(findings_json(path, findings))
    else:
        for finding in findings:
            _write(f"[{SEVERITY_NAMES[finding.severity]}] {finding.rule}  {finding.message}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
        _write(f"{path.name}：共 {len(findings)} 条（" + "，".join(f"{SEVERITY_NAMES[s]} {n}" for s, n in counts.items()) + "）")
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def _write(text: str) -> None:
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.buffer.write((text + "\n").encode("utf-8"))  # type: ignore[attr-defined]
    stream.flush()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"check": _check}
COMMANDS.update(REVIEW_COMMANDS)
COMMANDS.update(EXCEL_COMMANDS)
COMMANDS.update(NARRATIVE_COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="juesuan", description="决算与绩效自评填报审核工具")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查项目文件，列出所有审核结果")
    check.add_argument("path", help=".juesuan 项目文件（或官方格式的 .xlsx）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--catalog", action="append", metavar="CSV", help="补充的功能分类科目表（“科目编码,科目名称”，UTF-8），可多次指定")
    add_review_parsers(sub)
    add_excel_parsers(sub)
    add_narrative_parsers(sub)
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        return COMMANDS[args.command](args)
    except JuesuanError as exc:
        print(f"juesuan：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except MemoryError:
        print("juesuan：文件过大，内存不足", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
