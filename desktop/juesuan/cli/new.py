"""`juesuan new OUT --from LAST.juesuan [--year 2023]` (a new year from last year's file) and `juesuan years`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable

from ..errors import JuesuanError
from .common import EXIT_OK
from .common import write as _write


def add_parsers(sub: Any) -> None:
    new = sub.add_parser("new", help="新建项目；--from 从上年文件结转（单位信息、科目、自评项目、上年数、年初结转和结余）")
    new.add_argument("out", help="要创建的 .juesuan 文件（已存在时不覆盖）")
    new.add_argument("--from", dest="source", metavar="LAST", help="上年的 .juesuan 项目文件")
    new.add_argument("--year", type=int, help="新项目的年度（默认为上年文件的下一年）")
    years = sub.add_parser("years", help="列出可用的年度包及其来源（内置、共享文件夹、用户文件夹）和有错误的年度包")
    years.add_argument("--json", action="store_true", help="以 JSON 输出")


def run_new(args: argparse.Namespace) -> int:
    from ..rollover import roll_over_file

    if not args.source:
        raise JuesuanError("请用 --from 指定上年的项目文件（不带 --from 的新建由 juesuan new --unit … 提供）")
    out = Path(args.out)
    if out.suffix.lower() != ".juesuan":
        raise JuesuanError(f"新项目文件名应以 .juesuan 结尾：{out.name}")
    project = roll_over_file(Path(args.source), out, args.year)
    cells = sum(len(cols) for rows in project.rollover.carried.values() for cols in rows.values())
    forms = len(project.selfeval.projects)
    _write(f"已创建 {out}：{project.year} 年度，{project.unit.name or '（未填单位名称）'}；"
           f"结转年初结转和结余 {cells} 格，自评项目 {forms} 个，上年数 {len(project.prior_year)} 张表")
    return EXIT_OK


def run_years(args: argparse.Namespace) -> int:
    from ..years import refresh

    found = refresh()
    if args.json:
        problems = [{"origin": p.origin, "location": p.location, "message": p.message} for p in found.problems]
        _write(json.dumps({"years": found.describe(), "problems": problems}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in found.describe():
        inherits = f"，继承 {row['inherits']}" if row["inherits"] else ""
        _write(f"{row['year']}  {row['name']}（{row['origin']}：{row['location']}{inherits}）")
        _write(f"      {row['parts']}")
    for problem in found.problems:
        _write(f"未载入（{problem.origin}）：{problem.message}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"new": run_new, "years": run_years}
