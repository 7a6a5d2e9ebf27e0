"""The print questions: which tables and how (PrintScopeDialog), the printer, the preview — as `Prompts` methods."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QGridLayout, QGroupBox, QLabel, QRadioButton, QVBoxLayout, QWidget)

from ...publishing.model import PrintSettings

PDF_FILTER = "PDF 文件 (*.pdf);;所有文件 (*)"
SCOPES = (("current", "当前表"), ("selected", "选定的表"), ("all", "全部表"))


class PrintScopeDialog(QDialog):
    """当前表 / 选定的表 (ticked) / 全部表, orientation and fit to width; starts from the remembered setup."""

    def __init__(self, title: str, tables: list[tuple[str, str]], current: str | None, settings: PrintSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print-scope")
        self.setWindowTitle(title)
        self.base = settings
        layout = QVBoxLayout(self)
        scope_box = QGroupBox("打印范围", self)
        scope_layout = QVBoxLayout(scope_box)
        self.group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for key, text in SCOPES:
            label = f"{text}（{current}）" if key == "current" and current else text
            button = QRadioButton(label, scope_box)
            button.setObjectName(f"scope-{key}")
            self.group.addButton(button)
            self.scope_buttons[key] = button
            scope_layout.addWidget(button)
            if key == "selected":
                grid = QGridLayout()
                grid.setContentsMargins(24, 0, 0, 0)
                self.checks: dict[str, QCheckBox] = {}
                for index, (table, name) in enumerate(tables):
                    check = QCheckBox(f"{table} {name}", scope_box)
                    check.setObjectName(f"table-{table}")
                    check.setChecked(table in settings.tables)
                    check.toggled.connect(self._ticked)
                    self.checks[table] = check
                    grid.addWidget(check, index // 3, index % 3)
                scope_layout.addLayout(grid)
        self.scope_buttons["current"].setEnabled(bool(current))
        layout.addWidget(scope_box)
        form = QFormLayout()
        self.orientation = QComboBox(self)
        self.orientation.setObjectName("orientation")
        self.orientation.addItem("横向", "landscape")
        self.orientation.addItem("纵向", "portrait")
        self.orientation.setCurrentIndex(0 if settings.orientation == "landscape" else 1)
        form.addRow("纸张方向（A4）：", self.orientation)
        self.fit = QCheckBox("缩放到适合页宽", self)
        self.fit.setObjectName("fit-to-width")
        self.fit.setChecked(settings.fit_to_width)
        form.addRow("", self.fit)
        layout.addLayout(form)
        note = QLabel("每页重复表头，页首有单位行，页脚为“第 x 页 共 y 页”。这些选择随项目保存。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText("继续")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        scope = settings.scope if settings.scope != "current" or current else "all"
        self.scope_buttons[scope].setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self._update())
        self._update()

    def _ticked(self, checked: bool) -> None:
        if checked:
            self.scope_buttons["selected"].setChecked(True)
        self._update()

    def _update(self) -> None:
        selected = self.scope_buttons["selected"].isChecked()
        ok = not selected or any(c.isChecked() for c in self.checks.values())
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def settings(self) -> PrintSettings:
        scope = next(key for key, button in self.scope_buttons.items() if button.isChecked())
        tables = [t for t, c in self.checks.items() if c.isChecked()]
        return self.base.model_copy(update={"scope": scope, "tables": tables,
                                            "orientation": self.orientation.currentData(),
                                            "fit_to_width": self.fit.isChecked()})


class PrintingPrompts:
    """Mixed into `Prompts`: each method runs one modal dialog and returns the answer."""

    def print_scope(self, parent: QWidget | None, title: str, tables: list[tuple[str, str]], current: str | None,
                    settings: PrintSettings) -> PrintSettings | None:
        """Which tables and how; None when cancelled."""
        dialog = PrintScopeDialog(title, tables, current, settings, parent)
        return dialog.settings() if dialog.exec() == QDialog.Accepted else None

    def printer(self, parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
        """The system's print dialog (printer, copies, page range 1…pages); False when cancelled."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, max(pages, 1))
        return dialog.exec() == QDialog.Accepted

    def print_preview(self, dialog: QPrintPreviewDialog) -> None:
        """Show the preview (its own 打印 button prints)."""
        dialog.exec()

    def pdf_path(self, parent: QWidget | None, suggested: str) -> str | None:
        """Where to write the PDF (.pdf appended when missing)."""
        path, _ = QFileDialog.getSaveFileName(parent, "导出 PDF", suggested, PDF_FILTER)
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path or None
