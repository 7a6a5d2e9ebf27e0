"""The 绩效自评表 tab: the list of forms (整体 first, then one per project) with add / duplicate / rename / delete /
reorder, and the page of the chosen form. Pages follow the document (undo of a deletion brings the page back)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter, QStackedWidget,
                               QVBoxLayout, QWidget)

from ...errors import JuesuanError
from ...findings import SEVERITY_NAMES, Cell, Finding
from ...selfeval.model import SelfEvalForm
from ..base.qt_document import QtProjectDocument
from ..base.marks import RANK
from ...selfeval.model import BASIC_TABLE
from .basic import BasicPage
from .commands import SelfEvalEditor
from .form import FormPage
from ..base.style import severity_icon

TableRole = Qt.UserRole + 1
WHOLE_LABEL = "部门（单位）整体支出绩效自评表"
BASIC_LABEL = "基础数据表"
_UNSET = object()


class SelfEvalPages(QWidget):
    """`select_cell(cell)` shows any 自评 cell; `page(table)` gives a form's page (its view is `selfeval-…`)."""

    message = Signal(str)

    def __init__(self, document: QtProjectDocument, prompts, parent: QWidget | None = None,  # noqa: ANN001
                 user_folder: Path | None | object = _UNSET) -> None:
        super().__init__(parent)
        self.setObjectName("selfeval-pages")
        self.document = document
        self.prompts = prompts
        #: where the user's own scheme files live (None: none); defaults to the per-user folder
        self.user_folder = user_folder
        self.editor = SelfEvalEditor(document)
        self.pages: list[FormPage] = []
        #: the 基础数据表 page, listed after the forms while the project has that table
        self.basic_page: BasicPage | None = None

        self.forms = QListWidget(self)
        self.forms.setObjectName("selfeval-forms")
        self.forms.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.form_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (name, text, tip, slot) in enumerate((
                ("add-form", "新增项目表…", "为一个项目新增项目支出绩效自评表", self.add_form),
                ("duplicate-form", "复制…", "复制当前项目表（含指标），用于相似的项目", self.duplicate_form),
                ("rename-form", "重命名…", "修改当前项目表的项目名称", self.rename_form),
                ("remove-form", "删除", "删除当前项目表（可撤销）", self.remove_form),
                ("form-up", "上移", "项目表在列表中上移", lambda: self.move_form(-1)),
                ("form-down", "下移", "项目表在列表中下移", lambda: self.move_form(1)))):
            button = QPushButton(text, self)
            button.setObjectName(f"selfeval-{name}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, s=slot: s())
            self.form_buttons[name] = button
            grid.addWidget(button, n // 2, n % 2)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 0, 4)
        side_layout.addWidget(QLabel("绩效自评表：", side))
        side_layout.addWidget(self.forms, 1)
        side_layout.addLayout(grid)
        splitter = QSplitter(Qt.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.fontMetrics().horizontalAdvance("中") * 13, 1200])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.forms.currentRowChanged.connect(self._show_row)
        document.rowsChanged.connect(self._on_rows)
        document.projectReset.connect(self.rebuild)
        document.findingsChanged.connect(self._on_findings)
        document.readOnlyChanged.connect(lambda _ro: self._update_buttons())
        self.rebuild()

    def scheme_folder(self) -> Path | None:
        if self.user_folder is _UNSET:
            from ...selfeval.schemes import user_scheme_folder

            self.user_folder = user_scheme_folder()
        return self.user_folder  # type: ignore[return-value]

    # pages ------------------------------------------------------------------------------------------------------
    def page(self, table: str) -> FormPage | None:
        return next((p for p in self.pages if p.table == table), None)

    def current_page(self) -> FormPage | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, FormPage) else None

    def _make_page(self, form: SelfEvalForm) -> FormPage:
        page = FormPage(self.document, self.editor, form, self.prompts, self.scheme_folder, self.stack)
        page.message.connect(self.message)
        page.view.pasteReport.connect(lambda text: self.prompts.notice(self, "粘贴结果", text))
        self.stack.addWidget(page)
        return page

    def _drop(self, page: FormPage) -> None:
        """A page whose form is gone: unnamed at once (automation must not find it), deleted later."""
        self.stack.removeWidget(page)
        page.setObjectName("")
        page.view.setObjectName("")
        page.deleteLater()

    def rebuild(self) -> None:
        """A different project: new pages for all its forms."""
        for page in self.pages:
            self._drop(page)
        self.pages = []
        self._drop_basic()
        self.__dict__.pop("_counts", None)  # counted afresh for the new project
        self.sync()
        if self.pages:
            self.forms.setCurrentRow(0)

    def _drop_basic(self) -> None:
        if self.basic_page is not None:
            self.stack.removeWidget(self.basic_page)
            self.basic_page.setObjectName("")
            self.basic_page.view.setObjectName("")
            self.basic_page.deleteLater()
            self.basic_page = None

    def _sync_basic(self) -> bool:
        """The 基础数据表 page exists while the project has the table; True when it came or went."""
        has = self.document.core.selfeval.basic is not None
        if has == (self.basic_page is not None):
            return False
        if has:
            self.basic_page = BasicPage(self.document, self.editor, self.stack)
            self.basic_page.message.connect(self.message)
            self.stack.addWidget(self.basic_page)
        else:
            self._drop_basic()
        return True

    def _on_rows(self, table: str) -> None:
        if table.startswith("自评"):
            self.sync()

    def sync(self) -> None:
        """Pages and list follow the forms: new ones get a page, removed ones lose it, renames and order show."""
        forms = self.document.core.selfeval.forms()
        current = self.current_page()
        by_form = {id(p.form): p for p in self.pages}
        wanted = [by_form.get(id(f)) or self._make_page(f) for f in forms]
        for page in self.pages:
            if page not in wanted:
                self._drop(page)
        basic_changed = self._sync_basic()
        listed = [p.table for p in wanted] + ([BASIC_TABLE] if self.basic_page is not None else [])
        changed = listed != [self.forms.item(n).data(TableRole) for n in range(self.forms.count())]
        self.pages = wanted
        if changed or basic_changed:
            self.forms.blockSignals(True)
            self.forms.clear()
            for page in self.pages:
                item = QListWidgetItem(self._label(page.form))
                item.setData(TableRole, page.table)
                self.forms.addItem(item)
            if self.basic_page is not None:
                item = QListWidgetItem(BASIC_LABEL)
                item.setData(TableRole, BASIC_TABLE)
                self.forms.addItem(item)
            self.forms.blockSignals(False)
            keep = current if current in self.pages else (self.pages[0] if self.pages else None)
            if keep is not None:
                self.forms.setCurrentRow(self.pages.index(keep))
                self.stack.setCurrentWidget(keep)
        if hasattr(self, "_counts"):  # an edit added/removed forms: its findings delta follows (`_on_findings`)
            self._show_counts(None)
        else:
            self._update_items()
        self._update_buttons()

    @staticmethod
    def _label(form: SelfEvalForm) -> str:
        return WHOLE_LABEL if form.kind == "whole" else f"项目：{form.name}"

    def _update_items(self) -> None:
        """Each form's worst finding as an icon, counts in the tooltip (all forms counted afresh)."""
        self._counts: dict[str, dict[str, int]] = {}
        self._tally(self.document.findings, 1)
        self._show_counts(None)

    def _on_findings(self, added: tuple[Finding, ...], removed: tuple[Finding, ...]) -> None:
        """An edit: only the forms whose findings came or went are recounted and repainted."""
        delta = getattr(self.document, "findings_delta", None)
        if delta is None or delta.rebuilt or not hasattr(self, "_counts"):
            self._update_items()
            return
        touched = self._tally(removed, -1) | self._tally(added, 1)
        if touched:
            self._show_counts(touched)

    def _tally(self, findings: Iterable[Finding], sign: int) -> set[str]:
        touched: set[str] = set()
        for finding in findings:
            if finding.primary is not None and finding.primary.table.startswith("自评"):
                counts = self._counts.setdefault(finding.primary.table, {})
                counts[finding.severity] = counts.get(finding.severity, 0) + sign
                touched.add(finding.primary.table)
        return touched

    def _show_counts(self, tables: set[str] | None) -> None:
        for n in range(self.forms.count()):
            item = self.forms.item(n)
            table = item.data(TableRole)
            if tables is not None and table not in tables:
                continue
            counts = {s: self._counts.get(table, {}).get(s, 0) for s in SEVERITY_NAMES}
            present = [s for s, c in counts.items() if c > 0]
            worst = min(present, key=lambda s: RANK.get(s, 9)) if present else None
            item.setIcon(severity_icon(worst) if worst else QIcon())
            item.setToolTip("；".join(f"{SEVERITY_NAMES[s]} {c}" for s, c in counts.items()) if present else "没有发现问题")

    def _update_buttons(self) -> None:
        page = self.current_page()
        project = page is not None and page.form.kind == "project"
        writable = not self.document.read_only_reason
        index = self.document.core.selfeval.projects.index(page.form) if project and page else -1
        last = len(self.document.core.selfeval.projects) - 1
        states = {"add-form": writable, "duplicate-form": writable and project, "rename-form": writable and project,
                  "remove-form": writable and project, "form-up": writable and project and index > 0,
                  "form-down": writable and project and 0 <= index < last}
        for name, enabled in states.items():
            self.form_buttons[name].setEnabled(enabled)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentWidget(self.pages[row])
        elif row == len(self.pages) and self.basic_page is not None:
            self.stack.setCurrentWidget(self.basic_page)
        self._update_buttons()

    def current_basic(self) -> BasicPage | None:
        """The 基础数据表 page when it is the one shown."""
        page = self.stack.currentWidget()
        return page if isinstance(page, BasicPage) else None

    def select_form(self, table: str) -> FormPage | None:
        page = self.page(table)
        if page is not None:
            self.forms.setCurrentRow(self.pages.index(page))
        return page

    def select_cell(self, cell: Cell) -> bool:
        """Show a 自评 cell: its form, then the cell (a finding on a removed form only shows its message)."""
        if cell.table == BASIC_TABLE:
            if self.basic_page is None:
                return False
            self.forms.setCurrentRow(len(self.pages))
            return self.basic_page.select_cell(cell)
        page = self.select_form(cell.table)
        return page is not None and page.select_cell(cell)

    # project forms ------------------------------------------------------------------------------------------------
    def _project_page(self) -> FormPage | None:
        page = self.current_page()
        if page is None or page.form.kind != "project":
            self.message.emit("请先在左侧选中一张项目自评表")
            return None
        return page

    def _ask_name(self, title: str, text: str) -> str | None:
        return self.prompts.selfeval_name(self, title, "项目名称：", text)

    def _done(self, table: str | None, text: str) -> str | None:
        if table is not None:
            self.select_form(table)
            self.message.emit(text)
        return table

    def _try(self, title: str, action) -> str | None:  # noqa: ANN001
        try:
            return action()
        except JuesuanError as exc:
            self.prompts.error(self, title, str(exc))
            return None

    def add_form(self) -> str | None:
        name = self._ask_name("新增项目支出绩效自评表", "")
        if not name:
            return None
        table = self._try("无法新增项目自评表", lambda: self.editor.add_project_form(name))
        return self._done(table, f"已新增项目自评表“{name}”（Ctrl+Z 可撤销）")

    def duplicate_form(self) -> str | None:
        page = self._project_page()
        if page is None:
            return None
        name = self._ask_name("复制项目自评表", f"{page.form.name}（副本）")
        if not name:
            return None
        table = self._try("无法复制项目自评表", lambda: self.editor.duplicate_project_form(page.table, name))
        return self._done(table, f"已复制为“{name}”（Ctrl+Z 可撤销）")

    def rename_form(self) -> str | None:
        page = self._project_page()
        if page is None:
            return None
        name = self._ask_name("重命名项目自评表", page.form.name)
        if not name or name == page.form.name:
            return None
        table = self._try("无法重命名", lambda: self.editor.rename_project_form(page.table, name))
        return self._done(table, f"已重命名为“{name}”（Ctrl+Z 可撤销）")

    def remove_form(self) -> bool:
        page = self._project_page()
        if page is None:
            return False
        name = page.form.name
        if not self.prompts.confirm(self, "删除项目自评表", f"将删除项目“{name}”的自评表及其全部内容。\n可用“撤销”恢复。是否继续？"):
            return False
        if self._try("无法删除", lambda: self.editor.remove_project_form(page.table) or "") is None:
            return False
        self.message.emit(f"已删除项目自评表“{name}”（Ctrl+Z 可恢复）")
        return True

    def move_form(self, step: int) -> bool:
        page = self._project_page()
        if page is None:
            return False
        index = self.document.core.selfeval.project_index(page.table) + step
        if not 0 <= index < len(self.document.core.selfeval.projects):
            return False
        table = page.table
        if self._try("无法移动", lambda: self.editor.move_project_form(table, index) or "") is None:
            return False
        self.select_form(table)
        return True
