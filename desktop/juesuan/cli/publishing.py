"""`juesuan publish PROJECT OUT.docx` and `juesuan print PROJECT OUT.pdf [--tables 表1,表3]`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Callable

from ..errors import JuesuanError
from .common import load_any
from .common import write as _write

EXIT_OK = 0


def add_parsers(sub: Any) -> None:
    publish = sub.add_parser("publish", help="生成决算公开文档（Word：封面、目录、第一至第六部分，含图表）")
    publish.add_argument("project", help=".juesuan 项目文件（或官方格式的 .xlsx）")
    publish.add_argument("out", help="要写入的 .docx 文件")
    printed = sub.add_parser("print", help="把决算表按官方表样打印为 PDF（横向、适合页宽、每页重复表头、页码）")
    printed.add_argument("project", help=".juesuan 项目文件（或官方格式的 .xlsx）")
    printed.add_argument("out", help="要写入的 .pdf 文件")
    printed.add_argument("--tables", metavar="表1,表3", help="只打印这些表（逗号分隔）；默认全部")


def run_publish(args: argparse.Namespace) -> int:
    from ..publishing.document import publish

    out = Path(args.out)
    if out.suffix.lower() != ".docx":
        raise JuesuanError(f"输出文件 {out.name} 应以 .docx 结尾")
    project = load_any(Path(args.project))
    publish(project, out)
    _write(f"已生成决算公开文档 {out}")
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    from ..publishing.pages import selected_tables

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise JuesuanError(f"输出文件 {out.name} 应以 .pdf 结尾")
    project = load_any(Path(args.project))
    tables = selected_tables(project, args.tables.replace("，", ",").split(",") if args.tables else None)
    _gui_application()
    from ..ui.printing.pdf import export_pdf

    layout = export_pdf(project, out, tables)
    _write(f"已打印 {len(tables)} 张表到 {out}：共 {len(layout.pages)} 页")
    return EXIT_OK


def _gui_application() -> Any:
    """Fonts and the PDF writer need a QGuiApplication; on the command line it draws offscreen."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["juesuan"])
    return app


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"publish": run_publish, "print": run_print}
