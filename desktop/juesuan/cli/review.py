"""`juesuan diff`, `juesuan verify` and `juesuan report`: review for a 财政局 desk without the window."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any, Callable

from .common import load_any, write as write_line

EXIT_OK, EXIT_DIFFERENT, EXIT_UNREADABLE, EXIT_UNSIGNED = 0, 1, 2, 3
EXIT_CHANGED = 1


def add_parsers(sub: Any) -> None:
    diff = sub.add_parser("diff", help="比较两个项目文件，列出改动的数值、增删的行和改动的批注")
    diff.add_argument("a", help="原来的文件（.juesuan 或官方格式的 .xlsx）")
    diff.add_argument("b", help="新的文件")
    diff.add_argument("--json", action="store_true", help="以 JSON 输出")
    verify = sub.add_parser("verify", help="核对审核签字：签字后数据是否被改动")
    verify.add_argument("path", help=".juesuan 项目文件")
    verify.add_argument("--sha256", metavar="值", help="审核报告上印的签字 SHA-256（至少前16位），一并核对")
    verify.add_argument("--json", action="store_true", help="以 JSON 输出")
    report = sub.add_parser("report", help="生成审核报告（Excel）")
    report.add_argument("path", help=".juesuan 项目文件")
    report.add_argument("out", help="要写入的 .xlsx 文件")


def run_diff(args: argparse.Namespace) -> int:
    from ..review.diff import diff_projects

    a, b = load_any(Path(args.a)), load_any(Path(args.b))
    result = diff_projects(a, b)
    if args.json:
        write_line(json.dumps({"a": str(args.a), "b": str(args.b), **result.as_dict()}, ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            write_line(line)
        names = f"{Path(args.a).name} 与 {Path(args.b).name}"
        write_line(f"{names}：完全相同" if result.identical else f"{names}：共 {len(result.lines())} 处不同")
    return EXIT_OK if result.identical else EXIT_DIFFERENT


def run_verify(args: argparse.Namespace) -> int:
    from ..review.summary import summarize

    path = Path(args.path)
    project = load_any(path)
    summary = summarize(project)
    check = summary.signoff_check
    verdict = check.verdict
    problems = []
    if args.sha256 is not None:
        wanted = re.sub(r"[\s:]", "", args.sha256).lower()
        if not re.fullmatch(r"[0-9a-f]{16,64}", wanted):
            problems.append("给定的 SHA-256 应为 16 至 64 位十六进制数字")
        elif check.signoff is None or not check.signoff.sha256.startswith(wanted):
            problems.append(f"签字 SHA-256 与给定值 {wanted} 不符：这不是报告上签字的那份数据")
    code = {"valid": EXIT_OK, "changed": EXIT_CHANGED, "broken": EXIT_CHANGED}.get(verdict, EXIT_UNSIGNED)
    if problems and code == EXIT_OK:
        code = EXIT_CHANGED
    if args.json:
        out = {"file": str(path), "verdict": verdict, "exit": code, "message": check.message, "problems": problems,
               **summary.as_dict()}
        write_line(json.dumps(out, ensure_ascii=False, indent=2))
        return code
    write_line(f"文件：{path.name}")
    for line in summary.lines():
        write_line(line)
    for problem in problems:
        write_line(f"不符：{problem}")
    conclusion = {
        EXIT_OK: "结论：已审核通过，签字后数据未改动",
        EXIT_CHANGED: "结论：签字后数据已改动，或与签字记录不符",
        EXIT_UNSIGNED: "结论：当前没有有效的审核签字",
    }[code]
    write_line(conclusion)
    return code


def run_report(args: argparse.Namespace) -> int:
    from ..review.report import write_report
    from ..review.workflow import current_findings

    project = load_any(Path(args.path))
    findings = current_findings(project)
    out = write_report(project, Path(args.out), findings)
    review = project.review
    write_line(f"已写入审核报告 {out}（审核结果 {len(findings)} 条，说明 {len(review.explanations)} 条，批注 {len(review.comments)} 条）")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"diff": run_diff, "verify": run_verify, "report": run_report}
