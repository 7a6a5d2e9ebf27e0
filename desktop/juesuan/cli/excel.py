"""`juesuan export PROJECT OUT.xlsx` and `juesuan import IN.xlsx OUT.juesuan` (a command group of the cli package)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable

from ..errors import JuesuanError
from .common import load_any, write

EXIT_OK = 0


def add_parsers(sub: Any) -> None:
    export = sub.add_parser("export", help="导出为官方格式的 Excel 工作簿（每表一页，附审核结果）")
    export.add_argument("project", help=".juesuan 项目文件（或官方格式的 .xlsx）")
    export.add_argument("out", help="要写入的 .xlsx 文件")
    imported = sub.add_parser("import", help="导入官方格式的 Excel 工作簿，保存为项目文件，并列出导入报告")
    imported.add_argument("xlsx", help="官方格式的 .xlsx 工作簿")
    imported.add_argument("out", help="要写入的 .juesuan 项目文件")
    imported.add_argument("--force", action="store_true", help="覆盖已有的项目文件（原文件保留为 .bak）")
    imported.add_argument("--json", action="store_true", help="导入报告以 JSON 输出")


def run_export(args: argparse.Namespace) -> int:
    from ..validation import rulebook
    from ..excel.export import export_workbook

    source, out = Path(args.project), Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise JuesuanError(f"输出文件 {out.name} 应以 .xlsx 结尾")
    project = load_any(source)
    findings = rulebook(project.layout).check(project)
    export_workbook(project, out, findings)
    write(f"已导出 {out}：{len(project.tables)} 张表，审核结果 {len(findings)} 条")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from .. import filelock, projectfile
    from ..excel.importer import import_workbook

    out = Path(args.out)
    if out.suffix.lower() != projectfile.SUFFIX:
        raise JuesuanError(f"输出文件 {out.name} 应以 {projectfile.SUFFIX} 结尾")
    if out.exists() and not args.force:
        raise JuesuanError(f"{out} 已存在；如要覆盖请加 --force（原文件会保留为 {out.name}{projectfile.BACKUP_SUFFIX}）")
    holder = filelock.read_lock(out)
    if holder is not None and not filelock.is_stale(holder, filelock.lock_path_for(out)):
        raise JuesuanError(f"{out.name} 正由 {holder.describe()} 打开编辑，不能覆盖")
    result = import_workbook(Path(args.xlsx))
    projectfile.save(result.project, out)
    if args.json:
        write(json.dumps(result.report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.report.lines():
            write(line)
        write(f"已保存 {out}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"export": run_export, "import": run_import}
