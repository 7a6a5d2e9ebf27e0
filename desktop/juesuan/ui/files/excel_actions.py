"""文件 → 导出 Excel… / 导入 Excel…: the workbook in the official layout, and a workbook read back as a new project."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from ...errors import JuesuanError
from ...model import Project
from ..base.window import WindowHost


class ExcelActions(QObject):
    """Owned by the FileController as `files.excel`."""

    def __init__(self, window: WindowHost, open_unsaved: Callable[[Project, str], bool]) -> None:
        super().__init__(window)
        self.window = window
        #: FileController.open_unsaved: show an imported project as a new, unsaved one
        self.open_unsaved = open_unsaved
        self.export_action: QAction | None = None
        self.import_action: QAction | None = None

    def install(self) -> None:
        """Add the two commands to the 文件 menu, after 另存为."""
        menu = next((a.menu() for a in self.window.menuBar().actions() if a.text().startswith("文件")), None)
        if menu is None:
            return
        self.export_action = self._make("导出 Excel(&E)…", self.export, "action-export-excel")
        self.import_action = self._make("导入 Excel(&I)…", self.import_, "action-import-excel")
        actions = menu.actions()
        save_as = self.window.findChild(QAction, "action-save-as")
        after = actions.index(save_as) + 1 if save_as in actions else len(actions)
        before = actions[after] if after < len(actions) else None
        separator = QAction(self)
        separator.setSeparator(True)
        menu.insertActions(before, [separator, self.export_action, self.import_action])  # type: ignore[arg-type]

    def _make(self, text: str, slot, name: str) -> QAction:  # noqa: ANN001
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def export(self) -> bool:
        """Write the project, with its current findings on 审核结果, as an .xlsx (values, not formulas)."""
        document = self.window.document
        if document.path is not None:
            suggested = str(document.path.with_suffix(".xlsx"))
        else:
            suggested = f"{document.project.unit.name or '未命名'}.xlsx"
        chosen = self.window.prompts.workbook_save_path(self.window, suggested)
        if not chosen:
            return False
        path = Path(chosen)
        from ...excel.export import export_workbook  # openpyxl loads on the first export, not at window start

        try:
            export_workbook(document.project, path, findings=document.findings)
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window.prompts.error(self.window, "导出失败",
                                      f"无法导出到 {path}：{reason}\n如果这个工作簿正在 Excel/WPS 中打开，请先关闭它，或换一个文件名。")
            return False
        self.window.status(f"已导出 {path.name}（{len(document.findings)} 条审核结果列在“审核结果”页）")
        return True

    def import_(self) -> bool:
        """Read a workbook in the official layout; it opens as a new, unsaved project and the report is shown."""
        document = self.window.document
        folder = str(document.path.parent) if document.path else ""
        chosen = self.window.prompts.workbook_path(self.window, folder)
        if not chosen:
            return False
        path = Path(chosen)
        try:
            from ...excel.importer import import_workbook  # openpyxl loads on first use

            result = import_workbook(path)
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window.prompts.error(self.window, "无法导入", f"{path.name}：{reason}\n当前项目没有改变。")
            return False
        report = result.report
        if not self.open_unsaved(result.project, f"已从 {path.name} 导入 {len(report.tables)} 张表：请检查后保存"):
            return False
        self.window.prompts.import_report(self.window, f"导入 {path.name}", report.lines())
        return True
