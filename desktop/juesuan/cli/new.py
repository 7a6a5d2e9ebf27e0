"""`juesuan new OUT.juesuan --unit 名称 --year 2023 [--code 编码] [--parent 主管部门]` (an empty project whose totals
compute themselves, as 文件 → 新建 makes it), `juesuan new OUT --from LAST.juesuan [--year 2023]` (a new year from last
year's file) and `juesuan years`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable

from ..document import ProjectInfo, new_project
from ..errors import JuesuanError
from .common import EXIT_OK, write


def add_parsers(sub: Any) -> None:
    new = sub.add_parser("new", help="新建项目：填写单位名称、年度等项目信息；或 --from 从上年文件结转")
    new.add_argument("out", help="要写入的 .juesuan 项目文件")
    new.add_argument("--from", dest="source", metavar="LAST",
                     help="上年的 .juesuan 项目文件（结转单位信息、科目、自评项目、上年数、年初结转和结余）")
    new.add_argument("--unit", help="单位名称（不用 --from 时必填）")
    new.add_argument("--year", type=_year, help="年度，如 2023（用 --from 时默认为上年文件的下一年）")
    new.add_argument("--code", default="", help="单位编码")
    new.add_argument("--parent", default="", help="主管部门")
    new.add_argument("--kind", default="", help="单位类型，如 行政单位、事业单位")
    new.add_argument("--preparer", default="", help="填报人")
    new.add_argument("--force", action="store_true", help="覆盖已有的项目文件（原文件保留为 .bak；--from 时不可用）")
    years = sub.add_parser("years", help="列出可用的年度包及其来源（内置、共享文件夹、用户文件夹）和有错误的年度包")
    years.add_argument("--json", action="store_true", help="以 JSON 输出")


def _year(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"年度“{text[:20]}”应为四位数字，如 2023")
    return int(text)


def info_from(args: argparse.Namespace) -> ProjectInfo:
    """The project information the options give, checked (JuesuanError in Chinese when wrong)."""
    if not (args.unit or "").strip():
        raise JuesuanError("请用 --unit 给出单位名称（或用 --from 从上年文件新建）")
    if args.year is None:
        raise JuesuanError("请用 --year 给出年度，如 2023")
    return ProjectInfo(name=args.unit, year=args.year, code=args.code, parent=args.parent, kind=args.kind,
                       preparer=args.preparer).checked()


def writable(out: Path, force: bool) -> None:
    """Refuse a wrong suffix, an existing file without --force, or a file someone has open."""
    from .. import filelock, projectfile

    if out.suffix.lower() != projectfile.SUFFIX:
        raise JuesuanError(f"输出文件 {out.name} 应以 {projectfile.SUFFIX} 结尾")
    if out.exists() and not force:
        raise JuesuanError(f"{out} 已存在；如要覆盖请加 --force（原文件会保留为 {out.name}{projectfile.BACKUP_SUFFIX}）")
    holder = filelock.read_lock(out)
    if holder is not None and not filelock.is_stale(holder, filelock.lock_path_for(out)):
        raise JuesuanError(f"{out.name} 正由 {holder.describe()} 打开编辑，不能覆盖")


def run_new(args: argparse.Namespace) -> int:
    if args.source:
        return _from_last_year(args)
    from .. import projectfile

    out = Path(args.out)
    writable(out, args.force)
    info = info_from(args)
    projectfile.save(new_project(info), out)
    write(f"已新建 {out}：{info.name} {info.year}年度" + (f"（{info.code}）" if info.code else ""))
    return EXIT_OK


def _from_last_year(args: argparse.Namespace) -> int:
    from ..rollover import roll_over_file

    out = Path(args.out)
    if out.suffix.lower() != ".juesuan":
        raise JuesuanError(f"新项目文件名应以 .juesuan 结尾：{out.name}")
    project = roll_over_file(Path(args.source), out, args.year)
    cells = sum(len(cols) for rows in project.rollover.carried.values() for cols in rows.values())
    forms = len(project.selfeval.projects)
    write(f"已创建 {out}：{project.year} 年度，{project.unit.name or '（未填单位名称）'}；"
          f"结转年初结转和结余 {cells} 格，自评项目 {forms} 个，上年数 {len(project.prior_year)} 张表")
    return EXIT_OK


def run_years(args: argparse.Namespace) -> int:
    from ..years import refresh

    found = refresh()
    if args.json:
        problems = [{"origin": p.origin, "location": p.location, "message": p.message} for p in found.problems]
        write(json.dumps({"years": found.describe(), "problems": problems}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in found.describe():
        inherits = f"，继承 {row['inherits']}" if row["inherits"] else ""
        write(f"{row['year']}  {row['name']}（{row['origin']}：{row['location']}{inherits}）")
        write(f"      {row['parts']}")
    for problem in found.problems:
        write(f"未载入（{problem.origin}）：{problem.message}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"new": run_new, "years": run_years}
