"""`juesuan --selftest`: prove on this machine, or inside the installed bundle, that every part the
program depends on is present and works — shipped data, validation, project files, Excel, the review
report, Qt.

Each step reports PASS or FAIL with one line a person can act on; a missing part is a failure that
names the part, never a silent pass. Qt is imported only inside its step (this module is core).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, TextIO

from .errors import JuesuanError

SAMPLE = ("samples", "jianghan-2022.juesuan")
APP_ICON = ("icons", "juesuan.ico")
EXIT_PASSED, EXIT_FAILED = 0, 1

log = logging.getLogger("juesuan.selftest")


class StepFailed(Exception):
    """A step's plain-language reason for failing (Chinese, with an English gloss where useful)."""


@dataclass
class Context:
    """What the steps hand to each other, and the folder they may write to."""

    workdir: Path
    values: dict[str, Any] = field(default_factory=dict)

    def need(self, key: str, step: str) -> Any:
        if key not in self.values:
            raise StepFailed(f"未执行：依赖的步骤“{step}”没有通过 / skipped: depends on '{step}'")
        return self.values[key]


@dataclass(frozen=True)
class Outcome:
    title: str
    ok: bool
    detail: str
    seconds: float


# -- the steps ------------------------------------------------------------------------------


def step_resources(ctx: Context) -> str:
    """The sample, the table layouts, the catalog and the rules, all read through the resource path."""
    from . import projectfile
    from .datafiles import resource
    from .validation import rulebook

    sample = resource(*SAMPLE)
    try:
        data = sample.read_bytes()
    except (FileNotFoundError, NotADirectoryError, OSError):
        raise StepFailed(f"缺少资源文件 {'/'.join(SAMPLE)} / missing resource file") from None
    project = projectfile.loads(data, "/".join(SAMPLE))
    book = rulebook(project.layout)
    icon = resource(*APP_ICON)
    if not icon.is_file():
        raise StepFailed(f"缺少资源文件 {'/'.join(APP_ICON)} / missing resource file")
    ctx.values.update(project=project, book=book)
    return f"{len(book.layout.tables)} 张表、{len(book.rules)} 条规则、样例“{project.unit.name or '未命名'}”"


def step_validation(ctx: Context) -> str:
    """A full check of the sample, then an injected error the incremental engine must catch and clear."""
    from .document import ProjectDocument
    from .findings import SEVERITY_NAMES

    project = ctx.need("project", "资源文件")
    book = ctx.need("book", "资源文件")
    findings = book.check(project)
    ctx.values["findings"] = findings
    doc = ProjectDocument(project.model_copy(deep=True), book)
    if set(doc.findings) != set(findings):
        raise StepFailed("逐项审核与完整审核的结果不一致 / incremental and full validation disagree")
    target = _injectable_total(doc)
    if target is None:
        raise StepFailed("样例中没有可检验的合计栏 / the sample has no total cell to test with")
    cell, value = target
    added = doc.set_value(cell, value + Decimal("1")).added
    if not any(f.severity == "error" and cell in f.cells for f in added):
        raise StepFailed(f"故意改错的合计 {cell.table} {cell.row}行 {cell.column}栏 没有被发现 / injected error not found")
    doc.set_value(cell, value)
    if set(doc.findings) != set(findings):
        raise StepFailed("改回原值后审核结果没有恢复 / findings did not return after undoing the error")
    counts = "，".join(f"{name} {sum(1 for f in findings if f.severity == sev)}" for sev, name in SEVERITY_NAMES.items())
    return f"样例审核结果 {len(findings)} 条（{counts}）；故意改错的合计被发现并消除"


def _injectable_total(doc: Any) -> tuple[Any, Decimal] | None:
    for cell in doc.engine.total_cells():
        value = doc.value(cell)
        if value is not None and value != 0 and doc.computed_value(cell) == value:
            return cell, value
    return None


def step_project_file(ctx: Context) -> str:
    """Save the sample atomically to the work folder and read it back, checksum and all."""
    from . import projectfile

    project = ctx.need("project", "资源文件")
    path = ctx.workdir / "自检样例.juesuan"
    projectfile.save(project, path)
    projectfile.save(project, path)  # the second save exercises the backup path
    again = projectfile.load(path)
    if again != project:
        raise StepFailed("保存后读回的项目与原项目不一致 / project changed on save and reload")
    return f"保存并读回 {path.stat().st_size:,} 字节，校验和一致"


def step_excel(ctx: Context) -> str:
    """Export the workbook with the findings, reopen it with openpyxl and import it back."""
    project = ctx.need("project", "资源文件")
    findings = ctx.need("findings", "审核")
    export_workbook = _optional("juesuan.excel.export", "export_workbook", "Excel 导出 / Excel export")
    import_workbook = _optional("juesuan.excel.importer", "import_workbook", "Excel 读回 / Excel import")
    openpyxl = _optional("openpyxl", None, "openpyxl")
    path = ctx.workdir / "自检样例.xlsx"
    export_workbook(project, path, findings=findings)
    if not path.is_file() or path.stat().st_size == 0:
        raise StepFailed("导出的工作簿没有写出 / workbook was not written")
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheets = list(book.sheetnames)
    finally:
        book.close()
    imported = import_workbook(path).project
    for table_id, table in project.tables.items():
        other = imported.tables.get(table_id)
        theirs = other.values if other is not None else {}
        if _nonempty(theirs) != _nonempty(table.values):
            raise StepFailed(f"导出再读回后 {table_id} 的数值不一致 / values of {table_id} changed in the round trip")
    return f"导出 {len(sheets)} 个工作表（{path.stat().st_size:,} 字节），读回数值一致"


def step_review_report(ctx: Context) -> str:
    """Write the review report with the findings and reopen it: every finding's rule is listed."""
    project = ctx.need("project", "资源文件")
    findings = ctx.need("findings", "审核")
    write_report = _optional("juesuan.review.report", "write_report", "审核报告 / review report")
    openpyxl = _optional("openpyxl", None, "openpyxl")
    path = ctx.workdir / "自检审核报告.xlsx"
    write_report(project, path, findings)
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheets = list(book.sheetnames)
        texts = {str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                 for value in row if value is not None}
    finally:
        book.close()
    missing = sorted({f.rule for f in findings} - texts)
    if missing:
        raise StepFailed(f"审核报告中缺少规则 {'、'.join(missing[:5])} 的审核结果 / findings missing from the report")
    return f"写出 {len(sheets)} 个工作表（{path.stat().st_size:,} 字节），列出全部 {len(findings)} 条审核结果"


def step_publish(ctx: Context) -> str:
    """Write the 决算公开 document with its charts (matplotlib and the bundled font) and read it back."""
    project = ctx.need("project", "资源文件")
    publish = _optional("juesuan.publishing.document", "publish", "决算公开文档 / published document")
    docx = _optional("docx", None, "python-docx")
    path = ctx.workdir / "自检决算公开.docx"
    publish(project, path)
    document = docx.Document(str(path))
    pictures = len(document.inline_shapes)
    if pictures < 7:
        raise StepFailed(f"文档中只有 {pictures} 幅图（应有图1–图7）/ charts missing from the document")
    return f"写出决算公开文档（{path.stat().st_size:,} 字节，{len(document.tables)} 个表格，{pictures} 幅图）"


def _nonempty(values: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
    return {row: cols for row, cols in values.items() if cols}


def _optional(module: str, name: str | None, what: str) -> Any:
    """Import a part that may be absent from this build; its absence fails the step by name."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = exc.name or module
        raise StepFailed(f"{what} 不可用：本版本缺少模块 {missing} / module {missing} is not available") from None
    if name is None:
        return loaded
    try:
        return getattr(loaded, name)
    except AttributeError:
        raise StepFailed(f"{what} 不可用：{module} 中没有 {name} / {module}.{name} is not available") from None


def step_qt(ctx: Context) -> str:
    """A QApplication on the offscreen platform renders a widget with Chinese text to an image."""
    from .datafiles import resource

    if "PySide6.QtWidgets" not in sys.modules or _qt_instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    QtCore = _optional("PySide6.QtCore", None, "Qt")
    QtGui = _optional("PySide6.QtGui", None, "Qt")
    QtWidgets = _optional("PySide6.QtWidgets", None, "Qt")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["juesuan-selftest"])
    families = QtGui.QFontDatabase.families(QtGui.QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        raise StepFailed("找不到可显示简体中文的字体 / no font for Simplified Chinese")
    widget = _sample_widget(QtCore, QtWidgets)
    try:
        image = widget.grab().toImage()
    finally:
        widget.deleteLater()
    if image.isNull() or image.width() < 100:
        raise StepFailed("界面无法绘制 / the widget could not be rendered")
    inked = _inked_pixels(image)
    if inked < 200:
        raise StepFailed(f"绘制结果几乎空白（{inked} 个深色像素）/ rendering is blank")
    shot = ctx.workdir / "自检界面.png"
    if not image.save(str(shot), "PNG"):
        raise StepFailed("无法保存 PNG 图像 / could not write PNG")
    icon = QtGui.QImage()
    icon.loadFromData(resource(*APP_ICON).read_bytes())
    if icon.isNull():
        raise StepFailed("无法读取程序图标（缺少 Qt 图像插件 qico？）/ cannot read the ICO icon")
    return f"平台 {app.platformName()}，Qt {QtCore.qVersion()}，中文字体 {families[0]}，绘制 {image.width()}×{image.height()}"


def _qt_instance() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _sample_widget(QtCore: Any, QtWidgets: Any) -> Any:
    widget = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(widget)
    layout.addWidget(QtWidgets.QLabel("决算与绩效自评填报审核工具 — 自检"))
    table = QtWidgets.QTableWidget(2, 2)
    table.setHorizontalHeaderLabels(["项目", "金额（万元）"])
    for row, (name, amount) in enumerate((("一般公共预算财政拨款收入", "4,199.36"), ("本年支出合计", "4,213.06"))):
        table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
        item = QtWidgets.QTableWidgetItem(amount)
        item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, 1, item)
    table.resizeColumnsToContents()
    layout.addWidget(table)
    widget.resize(520, 180)
    return widget


def _inked_pixels(image: Any) -> int:
    """Dark pixels on a sparse grid: text was drawn."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y).lightness() < 110:
                count += 1
    return count


STEPS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("资源文件 / resources", step_resources),
    ("审核 / validation", step_validation),
    ("项目文件 / project file", step_project_file),
    ("Excel 导出与读回 / Excel export", step_excel),
    ("审核报告 / review report", step_review_report),
    ("决算公开文档 / published document", step_publish),
    ("界面绘制 / Qt rendering", step_qt),
)


# -- running --------------------------------------------------------------------------------


def run_steps(workdir: Path) -> list[Outcome]:
    ctx = Context(workdir)
    outcomes = []
    for title, func in STEPS:
        started = time.perf_counter()
        try:
            detail, ok = func(ctx), True
        except StepFailed as exc:
            detail, ok = str(exc), False
        except JuesuanError as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, and logs it
            log.exception("自检步骤出错：%s", title)
            detail, ok = f"意外错误 {type(exc).__name__}：{exc}", False
        outcomes.append(Outcome(title, ok, detail, time.perf_counter() - started))
        log.info("自检 %s：%s %s", title, "通过" if ok else "失败", detail)
    return outcomes


def run(out: TextIO | None = None, keep: Path | None = None) -> int:
    """Run every step, print the summary to `out`; 0 when all passed."""
    from . import __version__
    from .datafiles import resource_root
    from .logsetup import describe_runtime, log_path

    lines = [
        f"决算与绩效自评填报审核工具 {__version__} 自检 / self-test",
        f"运行环境 / runtime: {describe_runtime()}",
        f"资源目录 / resources: {resource_root()}",
        f"日志 / log: {log_path()}",
    ]
    _emit(out, lines)
    started = time.perf_counter()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        outcomes = run_steps(keep)
    else:
        with tempfile.TemporaryDirectory(prefix="juesuan-selftest-") as folder:
            outcomes = run_steps(Path(folder))
    failed = [o for o in outcomes if not o.ok]
    body = [f"  {'通过 PASS' if o.ok else '失败 FAIL'}  {o.title}（{o.seconds:.1f} 秒）：{o.detail}" for o in outcomes]
    if failed:
        verdict = f"结果 / result: 自检失败 / FAILED — {len(failed)} 项未通过 / {len(failed)} of {len(outcomes)} steps failed"
    else:
        verdict = f"结果 / result: 全部通过 / PASSED — {len(outcomes)} 项 / all {len(outcomes)} steps"
    _emit(out, body + [f"{verdict}（{time.perf_counter() - started:.1f} 秒）"])
    return EXIT_FAILED if failed else EXIT_PASSED


def _emit(out: TextIO | None, lines: list[str]) -> None:
    if out is None:
        return
    text = "\n".join(lines) + "\n"
    try:
        out.write(text)
    except UnicodeEncodeError:
        out.buffer.write(text.encode("utf-8"))  # type: ignore[attr-defined]
    out.flush()


class _Tee:
    """Writes to several text streams (stdout when there is one, and the --output file)."""

    def __init__(self, *streams: TextIO | None) -> None:
        self.streams = [s for s in streams if s is not None]

    def write(self, text: str) -> None:
        for stream in self.streams:
            try:
                stream.write(text)
            except UnicodeEncodeError:
                stream.buffer.write(text.encode("utf-8"))  # type: ignore[attr-defined]

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def main(output: Path | None = None, keep: Path | None = None) -> int:
    """Entry of `juesuan --selftest`: logs to the user's log file, prints to stdout and/or `output`."""
    from .logsetup import setup_logging

    setup_logging()
    if output is None:
        return run(sys.stdout, keep)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        print(f"juesuan：无法写入自检结果文件 {output}（{exc.strerror or exc}）", file=sys.stderr)
        return EXIT_FAILED
    with handle:
        return run(_Tee(sys.stdout, handle), keep)  # type: ignore[arg-type]
