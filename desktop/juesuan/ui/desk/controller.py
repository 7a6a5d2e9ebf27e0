"""The desk's place in the window: 工具 → 批量审核… / 汇总… / 导出来源明细… and the dialogs they open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ...errors import JuesuanError
from ..base.window import WindowHost
from .batch_dialog import BatchDialog
from .merge_dialog import MergeDialog


class DeskController(QObject):
    """Owned by the window as `desk`; `install()` adds its actions to the 工具 menu."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.batch_dialog: BatchDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.actions: dict[str, QAction] = {}

    def install(self) -> None:
        menu = _menu(self.window, "工具")
        if menu is None:
            return
        menu.addSeparator()
        self.actions["batch"] = self._add(menu, "批量审核(&B)…", self.show_batch, "action-batch-check")
        self.actions["merge"] = self._add(menu, "汇总(&M)…", self.show_merge, "action-merge")
        self.actions["sources"] = self._add(menu, "导出来源明细…", self.export_sources, "action-export-sources")
        self.window.document.projectReset.connect(self._update_actions)
        self._update_actions()

    def _add(self, menu: QMenu, text: str, slot, name: str) -> QAction:  # noqa: ANN001
        action = QAction(text, self.window)  # type: ignore[arg-type]
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _update_actions(self) -> None:
        """导出来源明细… is there only while the window shows a 汇总."""
        action = self.actions.get("sources")
        if action is not None:
            action.setVisible(self.window.document.project.merge is not None)

    def show_batch(self) -> BatchDialog:
        if self.batch_dialog is None:
            self.batch_dialog = BatchDialog(self.window, self.window)  # type: ignore[arg-type]
            self.batch_dialog.finished.connect(self._batch_closed)
        _present(self.batch_dialog)
        return self.batch_dialog

    def _batch_closed(self) -> None:
        dialog, self.batch_dialog = self.batch_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def show_merge(self) -> MergeDialog:
        if self.merge_dialog is None:
            self.merge_dialog = MergeDialog(self.window, self.window)  # type: ignore[arg-type]
            self.merge_dialog.finished.connect(self._merge_closed)
        _present(self.merge_dialog)
        return self.merge_dialog

    def _merge_closed(self) -> None:
        dialog, self.merge_dialog = self.merge_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def close(self) -> None:
        """The window closes: a running batch stops (its thread ends before the window goes), the dialogs close."""
        for dialog in (self.batch_dialog, self.merge_dialog):
            if dialog is not None:
                dialog.close()

    def export_sources(self) -> Path | None:
        """The 汇总's provenance workbook: every cell's units and amounts, the eliminations, the units' 自评 forms."""
        document = self.window.document
        project = document.project
        if project.merge is None:
            self.window.prompts.error(self.window, "无法导出", "当前项目不是汇总结果，没有来源明细可导出。")
            return None
        folder = document.path.parent if document.path is not None else Path(project.merge.units[0].file).parent \
            if project.merge.units and project.merge.units[0].file else Path.home()
        suggested = folder / f"{project.unit.name or '汇总'}-来源明细.xlsx"
        chosen = self.window.prompts.export_path(self.window, "导出来源明细", str(suggested), "xlsx")
        if not chosen:
            return None
        try:
            from ...desk.merge_export import write_sources  # openpyxl: loaded when first used

            written = write_sources(project, Path(chosen))
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window.prompts.error(self.window, "导出失败", f"无法写入 {chosen}：{reason}\n如果这个工作簿正在 Excel/WPS 中打开，请先关闭它。")
            return None
        self.window.status(f"已导出来源明细 {written.name}")
        return written


def _menu(window: WindowHost, title: str) -> QMenu | None:
    return next((a.menu() for a in window.menuBar().actions() if a.text().startswith(title)), None)


def _present(dialog) -> None:  # noqa: ANN001 - a QDialog
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
