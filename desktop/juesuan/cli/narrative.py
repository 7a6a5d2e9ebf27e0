"""`juesuan narrative PROJECT [--check FILE] [--json]` and `juesuan narrative --check FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from ..errors import JuesuanError
from ..findings import SEVERITY_NAMES
from .common import findings_json, load_any
from .common import write as _write

EXIT_OK, EXIT_FINDINGS = 0, 1


def add_parsers(sub: Any) -> None:
    narrative = sub.add_parser("narrative", help="生成情况说明，或检查情况说明中的数字（有项目时对照决算表，无项目时自相核对）")
    narrative.add_argument("project", nargs="?", help=".juesuan 项目文件（或官方格式的 .xlsx）；省略时只核对文本自身")
    narrative.add_argument("--check", metavar="FILE", help="要检查的情况说明（.txt 或 .docx）")
    narrative.add_argument("--json", action="store_true", help="审核结果以 JSON 输出（同 check，另含 quote 和 span）")


def run_narrative(args: argparse.Namespace) -> int:
    from ..narrative import check_text, generate, read_narrative_file

    if args.project is None and args.check is None:
        raise JuesuanError("请指定项目文件（生成情况说明），或用 --check 指定要检查的情况说明")
    project = load_any(Path(args.project)) if args.project else None
    if args.check is None:
        assert project is not None
        _write(generate(project).text())
        return EXIT_OK
    path = Path(args.check)
    text = read_narrative_file(path)
    findings = check_text(text, project, project.layout if project is not None else "2022")
    if args.json:
        _write(findings_json(path, findings))
    else:
        mode = "对照项目数据" if project is not None else "文本自相核对（无项目）"
        for finding in findings:
            where = f"第{finding.span[0]}–{finding.span[1]}字" if finding.span else ""
            _write(f"[{SEVERITY_NAMES[finding.severity]}] {finding.rule} {where} {finding.message}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
        _write(f"{path.name}（{mode}）：共 {len(findings)} 条（" + "，".join(f"{SEVERITY_NAMES[s]} {n}" for s, n in counts.items()) + "）")
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"narrative": run_narrative}
