"""Puts the two 情况说明 tabs into the window and serves them: 打开文本…, 复制生成的文字, and a 说明 finding shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from ...errors import JuesuanError
from ...findings import Finding
from ...narrative import read_narrative_file
from ...narrative.not_data import UNTIED
from ..base.window import WindowHost
from .data_page import NarrativeDataPage
from .text_page import NarrativeTextPage


class NarrativeController:
    """`NarrativeController(window)` adds the tabs 情况说明 and 情况说明数据 after the others."""

    def __init__(self, window: WindowHost) -> None:
        self.window = window
        self.text_page = NarrativeTextPage(window.document, window.tabs)
        self.data_page = NarrativeDataPage(window.document, window.tabs)
        # short labels so that all tabs fit a 1366×768 laptop at 125 % (1093 px); the full name is the tooltip
        window.tabs.setTabToolTip(window.tabs.addTab(self.text_page, "说明"), "情况说明")
        window.tabs.setTabToolTip(window.tabs.addTab(self.data_page, "说明数据"), "情况说明数据")
        self.text_page.message.connect(window.status)
        self.data_page.message.connect(window.status)
        self.text_page.open_button.clicked.connect(lambda _checked=False: self.open_text())
        self.text_page.copy_button.clicked.connect(lambda _checked=False: self.copy_generated())
        window.tabs.currentChanged.connect(self._tab_changed)
        window.installEventFilter(self.text_page)  # closing: what was just typed is handed over first

    def _tab_changed(self, _index: int) -> None:
        if self.window.tabs.currentWidget() is self.text_page:
            self.text_page.regenerate()  # the tables may have changed since it was last shown

    def open_text(self, path: str | Path | None = None) -> bool:
        """Read a .txt/.docx into the unit's text (one undo step); a bad file gets a Chinese message and the
        current text stays."""
        if path is None:
            folder = str(self.window.document.path.parent) if self.window.document.path else ""
            path = self.window.prompts.open_narrative_path(self.window, folder)
            if not path:
                return False
        current = self.window.document.project.narrative.text
        try:
            text = read_narrative_file(path)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法读取情况说明", f"{exc}\n\n当前的情况说明未作改动。")
            return False
        if current.strip() and current != text and not self.window.prompts.confirm(
                self.window, "打开情况说明", f"用 {Path(path).name} 的文字替换当前的情况说明？（可撤销）"):
            return False
        done = self.text_page.replace_text(text, f"打开情况说明 {Path(path).name}")
        if done:
            self.window.status(f"已读取 {Path(path).name}（{len(text):,} 字），文中数字已与表格核对")
        return done

    def copy_generated(self) -> bool:
        """The generated text into the unit's text, after asking when the unit already wrote something."""
        text = self.text_page.regenerate()
        current = self.window.document.project.narrative.text
        if current.strip() and current != text and not self.window.prompts.confirm(
                self.window, "复制生成的文字", "用生成的文字替换单位已有的情况说明？（可撤销）"):
            return False
        return self.text_page.replace_text(text, "复制生成的情况说明")

    def show_finding(self, finding: Finding) -> bool:
        """A 说明 finding: the 情况说明 tab with the finding's words selected."""
        self.window.tabs.setCurrentWidget(self.text_page)
        self.window.status(finding.message)
        return self.text_page.show_finding(finding)

    def finding_actions(self, finding: Finding) -> list[QAction]:
        """审核结果's right-click on an N-UNTIED row: 标记为非数据数字 for it, or for every selected N-UNTIED row."""
        if finding.rule != UNTIED or finding.span is None or self.window.document.read_only_reason:
            return []
        selected = [f for f in self.window.issues.selected_findings() if f.rule == UNTIED and f.span is not None]
        targets = selected if finding in selected else [finding]
        label = "标记为非数据数字" + (f"（选中的 {len(targets)} 处）" if len(targets) > 1 else "")
        action = QAction(label, self.window)
        action.setObjectName("issues-mark-not-data")
        action.triggered.connect(lambda _c=False: self.text_page.set_not_data([tuple(f.span) for f in targets], True))
        return [action]
