"""`juesuan new OUT.juesuan --unit 名称 --year 2023 [--code 编码] [--parent 主管部门]`: an empty project whose
totals compute themselves, as 文件 → 新建 makes it (a command group of the cli package)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from ..document import ProjectInfo, new_project
from ..errors import JuesuanError
from .common import EXIT_OK, write


def add_parsers(sub: Any) -> None:
    new = sub.add_parser("new", help="新建空白项目文件（单位名称、年度等项目信息）")
    new.add_argument("out", help="要写入的 .juesuan 项目文件")
    new.add_argument("--unit", required=True, help="单位名称")
    new.add_argument("--year", required=True, type=_year, help="年度，如 2023")
    new.add_argument("--code", default="", help="单位编码")
    new.add_argument("--parent", default="", help="主管部门")
    new.add_argument("--kind", default="", help="单位类型，如 行政单位、事业单位")
    new.add_argument("--preparer", default="", help="填报人")
    new.add_argument("--force", action="store_true", help="覆盖已有的项目文件（原文件保留为 .bak）")


def _year(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"年度“{text[:20]}”应为四位数字，如 2023")
    return int(text)


def info_from(args: argparse.Namespace) -> ProjectInfo:
    """The project information the options give, checked (JuesuanError in Chinese when wrong)."""
    info = ProjectInfo(name=args.unit, year=args.year, code=args.code, parent=args.parent, kind=args.kind,
                       preparer=args.preparer).checked()
    if not info.name:
        raise JuesuanError("请用 --unit 给出单位名称")
    return info


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
    from .. import projectfile

    out = Path(args.out)
    writable(out, args.force)
    info = info_from(args)
    projectfile.save(new_project(info), out)
    write(f"已新建 {out}：{info.name} {info.year}年度" + (f"（{info.code}）" if info.code else ""))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"new": run_new}
