"""导出 PDF of the tables (and `juesuan print`): lay out, paint with QPdfWriter, save atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Sequence

from PySide6.QtGui import QPdfWriter

from ... import projectfile
from ...errors import JuesuanError
from ...model import Project
from ...publishing.model import PrintSettings
from ...publishing.pages import PrintLayout, layout_pages
from .painter import paint

RESOLUTION = 300


def pdf_bytes(layout: PrintLayout) -> bytes:
    """The pages as a PDF document (QPdfWriter writes to a file; a private temporary one here)."""
    fd, name = tempfile.mkstemp(suffix=".pdf")
    os.close(fd)
    try:
        writer = QPdfWriter(name)
        writer.setResolution(RESOLUTION)
        writer.setCreator("决算与绩效自评填报审核工具")
        writer.setTitle("部门决算表")
        paint(layout, writer)
        del writer  # flushes the file
        return Path(name).read_bytes()
    finally:
        os.unlink(name)


def export_pdf(project: Project, path: str | os.PathLike[str], tables: Sequence[str] | None = None,
               settings: PrintSettings | None = None) -> PrintLayout:
    """Write the tables (all when None) to `path` in the official layout; needs a Q(Gui)Application."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise JuesuanError(f"输出文件 {target.name} 应以 .pdf 结尾")
    layout = layout_pages(project, tables, settings or project.publication.print)
    projectfile.write_atomic(target, pdf_bytes(layout))
    return layout
