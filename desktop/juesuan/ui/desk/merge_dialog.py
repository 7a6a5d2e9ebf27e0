"""工具 → 汇总…: choose the units' files and an optional 调整表, merge them, show what was eliminated or why the units
cannot be summed, and open the 汇总 in the window as a new unsaved project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from ...desk.adjust import write_adjustments
from ...desk.batch import discover
from ...desk.merge import merge_files
from ...errors import JuesuanError
from ...findings import SEVERITY_NAMES
from ...model import Project
from ..base.window import WindowHost
from .buttons import add_button
from .sizing import fit_to_screen
from .sources import SourceList

TEMPLATE_NAME = "调整表.xlsx"
REFUSED_STYLE = "QPlainTextEdit { color: #a61b1b; }"


class MergeDialog(QDialog):
    """Non-modal beside the window; `merge()` and `write_template()` are what its buttons do."""

    def __init__(self, window: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_host = window
        self.setObjectName("dialog-汇总")
        self.setWindowTitle("部门汇总")
        layout = QVBoxLayout(self)
        intro = QLabel("选择各单位的项目文件（.juesuan）、官方表样的 Excel 工作簿或所在文件夹。九张决算表的每个单元格相加，"
                       "调整表中的单位间往来相互抵销，结果作为一个新的未保存项目打开并审核。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.sources = SourceList(window.prompts, "汇总", self)
        self.sources.changed.connect(self._update_buttons)
        layout.addWidget(self.sources, 1)

        form = QFormLayout()
        adjust_row = QHBoxLayout()
        self.adjust = QLineEdit(self)
        self.adjust.setObjectName("desk-adjust")
        self.adjust.setPlaceholderText("（可选）单位之间的上下级补助、上缴等需要抵销的往来")
        adjust_row.addWidget(self.adjust, 1)
        add_button(self, "选择…", "desk-choose-adjust", self.choose_adjust, adjust_row)
        add_button(self, "生成空白调整表…", "desk-adjust-template", self.write_template, adjust_row)
        form.addRow("调整表：", adjust_row)
        self.name = QLineEdit(self)
        self.name.setObjectName("desk-merge-name")
        self.name.setPlaceholderText("默认为“某某等N个单位汇总”")
        self.name.setMaxLength(200)
        form.addRow("汇总名称：", self.name)
        layout.addLayout(form)

        self.report = QPlainTextEdit(self)
        self.report.setObjectName("desk-merge-report")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("汇总结果（参加汇总的单位、每一笔抵销）或不能汇总的原因显示在这里。")
        layout.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.merge_button = add_button(self, "汇总", "desk-merge", self.merge, buttons)
        add_button(self, "关闭", "desk-close", self.close, buttons)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 600)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(bool(self.sources.paths()))

    def _folder(self) -> Path:
        paths = self.sources.paths()
        if not paths:
            return Path.home()
        return paths[0] if paths[0].is_dir() else paths[0].parent

    def choose_adjust(self) -> None:
        chosen = self.window_host.prompts.adjust_path(self, str(self._folder()))
        if chosen:
            self.adjust.setText(chosen)

    def write_template(self) -> Path | None:
        """A blank 调整表 in the documented layout, to fill in and then choose here."""
        chosen = self.window_host.prompts.export_path(self, "保存空白调整表", str(self._folder() / TEMPLATE_NAME), "xlsx")
        if not chosen:
            return None
        try:
            written = write_adjustments(Path(chosen), [], self.name.text().strip())
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window_host.prompts.error(self, "无法保存", f"无法写入 {chosen}：{reason}")
            return None
        self._show(f"已生成空白调整表 {written}\n每行填写一笔需要抵销的往来（调整类型、收入方单位、支出方单位、科目、金额），"
                   "保存后在上面“调整表”处选择它。", refused=False)
        return written

    def merge(self) -> Project | None:
        """Merge the chosen units; a refusal is shown here and the window's project stays as it was."""
        adjust_text = self.adjust.text().strip()
        adjust = Path(adjust_text) if adjust_text else None
        try:
            ours = {adjust.resolve()} if adjust is not None else set()
            files = [p for p in discover(self.sources.paths()) if p.resolve() not in ours]
            if not files:
                raise JuesuanError("在选择的文件和文件夹中没有找到 .juesuan 或 .xlsx 文件")
            if adjust is not None and not adjust.is_file():
                raise JuesuanError(f"找不到调整表 {adjust}")
            QGuiApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                project = merge_files(files, adjust, self.name.text())
            finally:
                QGuiApplication.restoreOverrideCursor()
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self._show(f"不能汇总：{reason}\n\n当前窗口中的项目没有改变。", refused=True)
            return None
        record = project.merge
        assert record is not None
        text = f"已汇总 {len(record.units)} 个单位（{project.unit.name}）：请检查后保存"
        if not self.window_host.files.open_unsaved(project, text):
            self._show("已取消：汇总结果没有打开（当前项目有未保存的修改）。", refused=True)
            return None
        self._show("\n".join(report_lines(project, self.window_host.document.findings)), refused=False)
        return project

    def _show(self, text: str, *, refused: bool) -> None:
        self.report.setStyleSheet(REFUSED_STYLE if refused else "")
        self.report.setPlainText(text)


def report_lines(project: Project, findings: Any) -> list[str]:
    """What the dialog shows after a merge: the units, each elimination, the check of the 汇总."""
    record = project.merge
    assert record is not None
    lines = [f"已汇总 {len(record.units)} 个单位，作为新的未保存项目“{project.unit.name}”打开：",
             *[f"  {i}. {u.name}（{Path(u.file).name}）" for i, u in enumerate(record.units[:200], start=1)]]
    if len(record.units) > 200:
        lines.append(f"  ……共 {len(record.units)} 个单位")
    if record.eliminations:
        lines.append(f"调整表抵销 {len(record.eliminations)} 笔：")
        for e in record.eliminations:
            lines.append(f"  调整表第{e.line}行 {e.kind} {e.amount} 万元（{e.income_unit or '—'} ↔ {e.expense_unit or '—'}）："
                         f"改动 {len(e.cells)} 个单元格")
    else:
        lines.append("没有调整表，未作抵销。")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
    lines.append("汇总的审核结果：" + "，".join(f"{SEVERITY_NAMES[s]} {n} 条" for s, n in counts.items())
                 + "（见窗口下方的审核结果面板）。鼠标停在决算表的单元格上可以看到各单位的金额。")
    return lines
