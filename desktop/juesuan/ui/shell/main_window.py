"""The accountant's main screen: one tab per table, the issues dock, menus; the work is delegated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from ...findings import Cell, Finding
from ..base.qt_document import QtProjectDocument
from ..desk.controller import DeskController
from ..files.actions import FileController
from ..issues.panel import IssuesPanel
from ..narrative.controller import NarrativeController
from ..printing.actions import PrintController
from ..publishing.controller import PublishingController
from .prompts import Prompts
from ..review.controller import ReviewController
from ..selfeval.pages import SelfEvalPages
from ..tables.page import TablePage
from .workspace import first_dock_height, install_workspace, remember_dock

APP_TITLE = "决算与绩效自评填报审核工具"
SUFFIX = ".juesuan"


def default_settings() -> QSettings:
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "juesuan", "juesuan")


class MainWindow(QMainWindow):
    """`MainWindow()` then `open_path(path)`; `document`, `undo_stack`, `tabs` are the hooks."""

    #: a different project is shown (open/new)
    documentReplaced = Signal()

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None,
                 prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.prompts = prompts or Prompts()
        self.settings = settings or default_settings()
        self.document = QtProjectDocument(parent=self)
        self.undo_stack = self.document.undo_stack
        self.files = FileController(self, self.settings)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tables")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.pages: dict[str, TablePage] = {}
        for template in self.document.layout.tables:
            page = TablePage(self.document, template.id, self.prompts, self.tabs)
            page.view.message.connect(self.status)
            page.view.pasteReport.connect(lambda text: self.prompts.notice(self, "粘贴结果", text))
            self.pages[template.id] = page
            self.tabs.addTab(page, page.template.tab_label)
        #: the 绩效自评 forms (整体 and 项目), one tab after the nine tables
        self.selfeval = SelfEvalPages(self.document, self.prompts, self.tabs)
        self.selfeval.message.connect(self.status)
        self.tabs.addTab(self.selfeval, "自评")
        #: 情况说明 and 情况说明数据, after the forms
        self.narrative = NarrativeController(self)
        self.issues = IssuesPanel(self.document, self)
        self.issues.findingActivated.connect(self.show_finding)
        self.issues.action_providers.append(self.narrative.finding_actions)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.issues)
        self.counts = QLabel(self.issues.counts.text(), self)
        self.counts.setObjectName("issue-counts")
        self.issues.model.countsChanged.connect(self.counts.setText)
        self.statusBar().addPermanentWidget(self.counts)
        self._build_menus()
        self.setAcceptDrops(True)
        self.document.cleanChanged.connect(lambda _clean: self._update_title())
        self.document.pathChanged.connect(lambda _path: self._update_title())
        self.document.projectReset.connect(self.documentReplaced)
        self._update_title()
        self.resize(1280, 760)
        self._dock_sized = False
        #: review mode: 文件 → 审核打开…, the 审核 menu, comments, explanations, status and sign-off
        self.review = ReviewController(self)
        #: file safety: lock state label, Excel menu items, autosave of review notes (needs menus and review)
        self.files.install()
        #: the desk: 工具 → 批量审核… / 汇总… / 导出来源明细…
        self.desk = DeskController(self)
        self.desk.install()
        #: 决算公开: the 决算公开 and 图表 tabs, 导出决算公开文档…; 打印预览 / 打印 (Ctrl+P) / 导出 PDF of the tables
        self.publishing, self.printing = PublishingController(self), PrintController(self)
        #: laptop: short tab labels, Ctrl+PgDn/Ctrl+Tab, find (Ctrl+F), help (F1), collapsible issues dock
        install_workspace(self)

    # hooks ---------------------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open a project file (after asking about unsaved changes); False if it was not opened."""
        return self.files.open(path)

    def open_for_review(self, path: str | Path | None = None, ask_to_save: bool = True) -> bool:
        """Open a project read-only for data with the review tools (also for a file locked by someone else;
        pass ask_to_save=False when the unsaved-changes question was already asked)."""
        return self.review.open_for_review(path, ask_to_save)

    def current_page(self) -> TablePage | None:
        page = self.tabs.currentWidget()
        return page if isinstance(page, TablePage) else None

    def page(self, table: str) -> TablePage:
        return self.pages[table]

    def status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def show_finding(self, finding: Finding) -> bool:
        """Switch to the finding's table and select its primary cell."""
        cell = finding.primary
        if finding.span is not None:  # a 情况说明 finding: its words in the unit's text
            return self.narrative.show_finding(finding)
        if cell is not None and cell.table.startswith("自评"):
            self.tabs.setCurrentWidget(self.selfeval)
            self.status(finding.message)
            return self.selfeval.select_cell(cell)
        if cell is None or cell.table not in self.pages:
            self.status(finding.message)
            return False
        page = self.pages[cell.table]
        self.tabs.setCurrentWidget(page)
        shown = page.select_cell(cell)
        self.status(finding.message)
        return shown

    def show_form_anchor(self, anchor) -> bool:  # noqa: ANN001 - review.model.Anchor
        """A comment on a 自评 form: show its form, and its cell when it has one."""
        self.tabs.setCurrentWidget(self.selfeval)
        if self.selfeval.select_form(anchor.table) is None:
            return False
        return self.selfeval.select_cell(Cell(anchor.table, anchor.row, anchor.column)) if anchor.row else True

    def _update_title(self) -> None:
        mark = self.review.title_mark() if hasattr(self, "review") else ""
        mark += self.files.title_mark()
        self.setWindowTitle(f"{self.files.display_name()}[*]{mark} - {APP_TITLE}")
        self.setWindowModified(not self.document.is_clean())

    # menus -----------------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut=None, name: str = "") -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if name:
            action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "新建(&N)", self.files.new, QKeySequence.New, "action-new")
        self._action(file_menu, "打开(&O)…", lambda: self.files.open(), QKeySequence.Open, "action-open")
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self._action(file_menu, "保存(&S)", self.files.save, QKeySequence.Save, "action-save")
        self._action(file_menu, "另存为(&A)…", self.files.save_as, QKeySequence("Ctrl+Shift+S"), "action-save-as")
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, QKeySequence("Ctrl+Q"), "action-quit")

        edit = bar.addMenu("编辑(&E)")
        undo = self.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcuts([QKeySequence.Undo])
        redo = self.undo_stack.createRedoAction(self, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        # the grid handles these keys itself; the menu shows them without a second shortcut
        self._action(edit, "复制\tCtrl+C", lambda: self._on_view("copy_selection"))
        self._action(edit, "粘贴\tCtrl+V", lambda: self._on_view("paste_clipboard"), name="action-paste")
        self._action(edit, "清除内容\tDel", lambda: self._on_view("clear_selection"), name="action-clear")
        edit.addSeparator()
        self._action(edit, "添加科目…\tCtrl+Insert", lambda: self._on_page("add_subject"), name="action-add-subject")
        self._action(edit, "删除科目\tCtrl+Delete", lambda: self._on_page("remove_selected_subjects"),
                     name="action-remove-subject")

        tools = bar.addMenu("工具(&T)")
        self._action(tools, "填充空白合计", self.fill_totals, name="action-fill-totals")
        self._action(tools, "重新审核全部", self.document.revalidate, QKeySequence("F9"), "action-revalidate")

        view = bar.addMenu("视图(&V)")
        toggle = self.issues.toggleViewAction()
        toggle.setText("审核结果面板")
        view.addAction(toggle)

    def _on_view(self, method: str) -> None:
        page = self.current_page()
        if page is None and self.tabs.currentWidget() is self.selfeval:
            page = self.selfeval.current_page()  # a 自评 form's grid takes the same actions
        if page is not None:
            getattr(page.view, method)()

    def _on_page(self, method: str) -> None:
        page = self.current_page()
        if page is not None:
            getattr(page, method)()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.files.recent()
        if not recent:
            self.recent_menu.addAction("（无）").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.files.open(p))

    def fill_totals(self) -> int:
        count = self.document.fill_totals()
        self.status(f"已填充 {count} 个空白合计（可撤销）" if count else "没有可填充的空白合计")
        return count

    # window events ---------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._dock_sized:  # a quarter of the window as first shown, the tables get the rest
            self._dock_sized = True
            self.resizeDocks([self.issues], [first_dock_height(self)], Qt.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.files.maybe_save():
            remember_dock(self)
            self.files.close()  # recovery file discarded, lock released
            self.desk.close()  # a running batch stops before the window goes
            event.accept()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _project_path(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _project_path(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_path(path)


def _project_path(mime) -> Path | None:  # noqa: ANN001 - QMimeData
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
            return Path(url.toLocalFile())
    return None
