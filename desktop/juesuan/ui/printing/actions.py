"""打印预览… / 打印…(Ctrl+P) / 导出 PDF… of the tables: current, selected or all, the setup remembered per project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from ...errors import JuesuanError
from ...publishing.model import PrintSettings
from ...publishing.pages import PrintLayout, layout_pages, tables_for
from ..base.undo import _Done
from ..base.window import WindowHost
from .painter import page_layout, paint
from .pdf import export_pdf


class RememberPrint(_Done):
    """The print setup chosen in the dialog, kept in the project (saved with it, and undone like any edit)."""

    def __init__(self, document, old: PrintSettings, new: PrintSettings) -> None:  # noqa: ANN001 - QtProjectDocument
        super().__init__(document, "修改打印设置")
        self.old, self.new = old, new

    def replay(self) -> None:
        self.document.core.set_publication(print=self.new)

    def undo(self) -> None:
        self.document.core.set_publication(print=self.old)


class PrintController(QObject):
    """Owned by the window as `printing`."""

    #: pages handed to a printer, the preview or a PDF (count)
    printed = Signal(int)

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.preview_action = self._make("打印预览(&V)…", self.preview, "action-print-preview")
        self.print_action = self._make("打印(&P)…", self.print_, "action-print", QKeySequence.Print)
        self.pdf_action = self._make("导出 PDF(&D)…", self.export_pdf, "action-export-pdf")
        self._install([self.preview_action, self.print_action, self.pdf_action])

    def _make(self, text: str, slot, name: str, shortcut=None) -> QAction:  # noqa: ANN001
        action = QAction(text, self.window)  # type: ignore[arg-type]
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _install(self, actions: list[QAction]) -> None:
        """Just above 退出 in the 文件 menu (the shortcut works from every tab)."""
        menu = next((a.menu() for a in self.window.menuBar().actions() if a.text().startswith("文件")), None)
        if menu is None:
            return
        quit_action = self.window.findChild(QAction, "action-quit")
        separator = QAction(menu)
        separator.setSeparator(True)
        menu.insertActions(quit_action if quit_action in menu.actions() else None, [*actions, separator])

    # the questions -------------------------------------------------------------------------------
    def current_table(self) -> str | None:
        shown = self.window.tabs.currentWidget()
        return next((table for table, page in self.window.pages.items() if page is shown), None)

    def choose(self, title: str) -> tuple[PrintSettings, list[str]] | None:
        """Ask which tables and how; remember the answer in the project; None when cancelled."""
        document = self.window.document
        project = document.project
        tables = [(t.id, t.title) for t in document.layout.tables]
        current = self.current_table()
        settings = self.window.prompts.print_scope(self.window, title, tables, current, project.publication.print)
        if settings is None:
            return None
        self.remember(settings)
        return settings, tables_for(project, settings, current)

    def remember(self, settings: PrintSettings) -> bool:
        """Keep the setup in the project as an undo step (so the project shows as modified and saves it);
        in review mode (data read-only) it is used for this print only."""
        document = self.window.document
        if settings == document.project.publication.print or document.read_only_reason:
            return False
        old = document.core.set_publication(print=settings)["print"]
        document.undo_stack.push(RememberPrint(document, old, settings))
        return True

    def _layout(self, title: str) -> tuple[PrintSettings, list[str], PrintLayout] | None:
        chosen = self.choose(title)
        if chosen is None:
            return None
        settings, tables = chosen
        try:
            return settings, tables, layout_pages(self.window.document.project, tables, settings)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, title, str(exc))
            return None

    # the three commands ---------------------------------------------------------------------------
    def printer(self, layout: PrintLayout) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(layout))
        printer.setFullPage(True)  # the layout carries its own margins
        printer.setDocName(f"{self.window.document.project.unit.name or '部门'}决算表")
        return printer

    def print_(self) -> bool:
        """打印…: choose the tables, then the printer (and page range); False when cancelled or failed."""
        made = self._layout("打印")
        if made is None:
            return False
        _settings, tables, layout = made
        printer = self.printer(layout)
        if not self.window.prompts.printer(self.window, printer, len(layout.pages)):
            return False
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, min(last, len(layout.pages))) if first > 0 and last >= first else None
        try:
            count = paint(layout, printer, pages)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "打印失败", f"{exc}\n请检查打印机后重试。")
            return False
        self.window.status(f"已发送 {len(tables)} 张表共 {count} 页到打印机")
        self.printed.emit(count)
        return True

    def preview(self) -> bool:
        """打印预览…: the pages as they will print; the preview's own button prints them."""
        made = self._layout("打印预览")
        if made is None:
            return False
        _settings, tables, layout = made
        printer = self.printer(layout)
        dialog = QPrintPreviewDialog(printer, self.window)  # type: ignore[arg-type]
        dialog.setObjectName("print-preview")
        dialog.setWindowTitle(f"打印预览 - {len(tables)} 张表，共 {len(layout.pages)} 页")
        dialog.paintRequested.connect(lambda device: self._paint_preview(layout, device))
        size = self.window.size()  # type: ignore[attr-defined]
        dialog.resize(int(size.width() * 0.9), int(size.height() * 0.9))
        self.window.prompts.print_preview(dialog)
        dialog.deleteLater()
        return True

    def _paint_preview(self, layout: PrintLayout, device: QPrinter) -> None:
        device.setFullPage(True)
        try:
            count = paint(layout, device)
        except JuesuanError as exc:
            self.window.status(str(exc))
            return
        self.printed.emit(count)

    def export_pdf(self) -> bool:
        """导出 PDF…: the chosen tables as a PDF file beside the project."""
        made = self._layout("导出 PDF")
        if made is None:
            return False
        settings, tables, _layout = made
        document = self.window.document
        name = f"{document.project.unit.name or '未命名'}决算表.pdf"
        suggested = str(document.path.with_name(name)) if document.path is not None else name
        chosen = self.window.prompts.pdf_path(self.window, suggested)
        if not chosen:
            return False
        path = Path(chosen)
        try:
            layout = export_pdf(document.project, path, tables, settings)
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window.prompts.error(self.window, "导出失败",
                                      f"无法导出到 {path}：{reason}\n如果这个 PDF 正在阅读器中打开，请先关闭它，或换一个文件名。")
            return False
        self.window.status(f"已导出 {path.name}：{len(tables)} 张表，共 {len(layout.pages)} 页")
        self.printed.emit(len(layout.pages))
        return True
