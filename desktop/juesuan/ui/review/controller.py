"""Review mode for the window: the ReviewSession of the open document, the current user, read-only data when a file
is opened for review, saving the review record without touching the data, and keeping every review view current.

The commands (comments, explanations, status, compare, reports) and the menus are in `commands.py`."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from ... import filelock, projectfile
from ...document import Change
from ...errors import JuesuanError
from ...findings import Cell
from ...model import Project
from ...review import canonical, workflow
from ...review.diff import namer_for
from ...review.model import Anchor, Person, time_text
from ...review.session import ReviewEvent, ReviewSession
from .commands import ReviewCommands
from .comments import CommentsDock
from ..base.review_marks import ReviewMarks
from ..base.window import WindowHost
from .summary import ReviewSummaryPage
from .user import load_user, store_user

READ_ONLY_REASON = "审核模式：数据只读，不能修改。如需修改数据，请用“文件 → 打开”以填报方式打开。"
SUMMARY_TAB = "审核概况"
#: The window's menu actions that edit data: disabled in review mode (the views refuse the keys themselves).
DATA_ACTIONS = ("action-paste", "action-clear", "action-add-subject", "action-remove-subject", "action-fill-totals")


class ReviewController(ReviewCommands, QObject):
    """Owned by the window as `window.review`; `open_for_review(path)` is the hook for a file locked by someone else."""

    #: the review record was edited (comments, explanations, status): unsaved work
    changed = Signal()
    #: review mode entered (True) or left (False)
    modeChanged = Signal(bool)
    #: a file was opened for review (not through FileController.open, so no lock is taken)
    reviewOpened = Signal(object)
    userChanged = Signal(object)

    def __init__(self, window: WindowHost) -> None:
        QObject.__init__(self, window)
        self.window = window
        self.document = window.document
        #: where review operations take their time from (tests set a ticking clock)
        self.clock = workflow.now
        self.review_mode = False
        self._pending_review = False
        self._core = None
        self._baseline: tuple[str, str] | None = None
        self.marks: ReviewMarks = self.document.review_marks
        self.session = ReviewSession(self.document.core, self.user, clock=lambda: self.clock())  # type: ignore[arg-type]
        self.summary_page: ReviewSummaryPage | None = None
        self.comments_dock = CommentsDock([t.id for t in self.document.layout.tables], window)
        self.comments_dock.hide()
        window.addDockWidget(Qt.RightDockWidgetArea, self.comments_dock)
        self.comments_dock.jumpRequested.connect(self.show_anchor)
        self.comments_dock.replyRequested.connect(self._reply_from_dock)
        self.comments_dock.resolveRequested.connect(self._resolve_from_dock)
        self._build_status_bar()
        self.build_menus()
        self.install_context_actions()
        self.document.projectReset.connect(self._on_reset)
        window.files.fileSaved.connect(self._on_saved)
        self._on_reset()

    # who is working ---------------------------------------------------------------------------
    @property
    def user(self) -> Person | None:
        return load_user(self.window.settings)

    def ask_user(self, first_start: bool = False) -> bool:
        """当前用户…: ask for name and 单位 and keep them in the settings."""
        answer = self.window.prompts.ask_user(self.window, self.user, first_start)
        if answer is None:
            return False
        try:
            who = workflow.person(*answer)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "当前用户", str(exc))
            return False
        store_user(self.window.settings, who)
        self._refresh_status()
        self.userChanged.emit(who)
        self.window.status(f"当前用户：{who.display()}")
        return True

    def ask_user_if_unknown(self) -> bool:
        """At the first start of the app: ask once; later review actions ask again while it is unknown."""
        return self.user is not None or self.ask_user(first_start=True)

    def ensure_user(self) -> bool:
        if self.user is None and not self.ask_user(first_start=True):
            self.window.status("请先填写您的姓名和单位（审核 → 当前用户…）：审核记录需要注明是谁")
            return False
        self.session.who = self.user  # type: ignore[assignment]
        return True

    # opening for review -------------------------------------------------------------------------
    def open_for_review(self, path: str | Path | None = None, ask_to_save: bool = True) -> bool:
        """文件 → 审核打开: load a project read-only for data with the review tools and show the summary page.

        `ask_to_save=False` when the caller has already asked about unsaved changes (e.g. after a lock refusal)."""
        if ask_to_save and not self.window.files.maybe_save():
            return False
        if path is None:
            folder = str(self.document.path.parent) if self.document.path else ""
            chosen = self.window.prompts.project_path(self.window, "审核打开", folder)
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        try:
            project = projectfile.load(path)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法审核打开", str(exc))
            return False
        self._pending_review = True
        try:
            self.document.load(project, path)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法审核打开", str(exc))
            return False
        finally:
            self._pending_review = False
        self.window.files.remember(path)
        self.reviewOpened.emit(path)
        self.show_summary()
        summary = self.session.summary()
        self.window.status(f"已审核打开 {path.name}（数据只读）：状态 {summary.status_name}，"
                           f"错误 {summary.counts.errors}，提示 {summary.counts.warnings}，未解决批注 {summary.comments_open}")
        return True

    def title_mark(self) -> str:
        return "［审核］" if self.review_mode else ""

    # saving -------------------------------------------------------------------------------------
    def may_save_to(self, path: Path) -> bool:
        """In review mode the file is written only when nobody changed or holds it since it was opened; otherwise
        say why (the caller then offers 另存为). The data written is the data that was opened (read-only)."""
        if not self.review_mode:
            return True
        problem = self.save_conflict(Path(path))
        if problem is None:
            return True
        self.window.prompts.error(
            self.window, "审核记录未写入原文件",
            f"{problem}\n\n为避免覆盖他人的修改，审核记录没有写入“{Path(path).name}”。"
            "请在接下来的对话框中另存为一个审核副本（数据与打开时相同，含您的说明审核、批注和签字）。")
        return False

    def save_conflict(self, path: Path) -> str | None:
        """Why writing the review record into `path` could overwrite someone else's work (None: safe)."""
        if self._baseline is None or canonical.content_hash(self.document.project) != self._baseline[0]:
            return "窗口中的数据与打开时不一致。"
        holder = filelock.read_lock(path)
        if holder is not None and not filelock.is_stale(holder, filelock.lock_path_for(path)) and not _own_lock(holder):
            return f"文件正由 {holder.describe()}打开编辑。"
        if not path.exists():
            return None
        try:
            disk = projectfile.load(path)
        except JuesuanError as exc:
            return f"原文件现在无法读取：{exc}"
        if canonical.content_hash(disk) != self._baseline[0]:
            return "您审核期间，文件中的数据已被他人修改并保存。"
        if disk.review.model_dump_json() != self._baseline[1]:
            return "您审核期间，文件中的审核记录（说明、批注或状态）已被他人修改并保存。"
        return None

    @staticmethod
    def _fingerprint(project: Project) -> tuple[str, str]:
        return canonical.content_hash(project), project.review.model_dump_json()

    def _on_saved(self, _path: object) -> None:
        self._baseline = self._fingerprint(self.document.project) if self.review_mode else None
        self._refresh_summary()

    # keeping views current ----------------------------------------------------------------------
    def _on_reset(self) -> None:
        core = self.document.core
        if core is not self._core:  # a different project (open, new, 审核打开); not a revalidation
            self._core = core
            self.review_mode = self._pending_review
            self.session = ReviewSession(core, self.user, clock=lambda: self.clock())  # type: ignore[arg-type]
            self.session.subscribe(self._on_review_event)
            core.subscribe(self._on_data_change)
            # only a review copy is guarded against overwriting (may_save_to): hashing a whole project
            # that is opened for editing would cost ~0.1 s per 1,000 rows at every open
            self._baseline = self._fingerprint(core.project) if self.review_mode else None
            self.document.set_read_only(READ_ONLY_REASON if self.review_mode else "")
            self.close_comparison()
            if not self.review_mode:
                self._remove_summary()
            self.apply_mode()
            self.modeChanged.emit(self.review_mode)
        self._refresh_all()

    def _refresh_all(self) -> None:
        project = self.document.project
        touched = self.marks.update_comments(project) | self.marks.update_changes(project)
        self.marks.update_explanations(project, self.document.findings)
        if touched:
            self.document.marksChanged.emit(touched)
        self.window.issues.model.refresh_review()
        self._refresh_views()

    def _on_data_change(self, change: Change) -> None:
        """After each data edit (typing, paste, undo …): marks since sign-off, explanation states, the views."""
        project = self.document.project
        touched = self.marks.update_changes(project) if (project.review.signoffs or self.marks.changes) else set()
        if touched:
            self.document.marksChanged.emit(touched)
        if self.marks.update_explanations(project, self.document.findings):
            self.window.issues.model.refresh_review()
        self._refresh_views(comments=bool(change.tables))  # a comment's label names its row
        self.refresh_comparison()

    def _on_review_event(self, _event: ReviewEvent) -> None:
        self.document.undo_stack.resetClean()  # unsaved review work: the window asks before it is lost
        self._refresh_all()
        self.refresh_comparison()
        self.changed.emit()

    def _refresh_views(self, comments: bool = True) -> None:
        self._refresh_summary()
        if comments:
            self._refresh_comments()
        self._refresh_status()
        self.update_actions()

    def _refresh_comments(self) -> None:
        comments = self.document.project.review.comments
        namer = namer_for(self.document.project) if comments else None
        labels = {c.id: namer.anchor(c.anchor) for c in comments} if namer else {}
        self.comments_dock.show_comments(comments, labels)

    # summary page -------------------------------------------------------------------------------
    def show_summary(self) -> ReviewSummaryPage:
        if self.summary_page is None:
            self.summary_page = ReviewSummaryPage(
                [self.actions[k] for k in ("signoff", "return", "submit", "report_xlsx", "report_pdf")], self.window.tabs)
            self.summary_page.jumpRequested.connect(self.show_cell)
            self.summary_page.commentsRequested.connect(self.show_comments)
        tabs = self.window.tabs
        if tabs.indexOf(self.summary_page) < 0:
            tabs.insertTab(0, self.summary_page, SUMMARY_TAB)
        tabs.setCurrentWidget(self.summary_page)
        self._refresh_summary()
        return self.summary_page

    def _remove_summary(self) -> None:
        if self.summary_page is not None:
            index = self.window.tabs.indexOf(self.summary_page)
            if index >= 0:
                self.window.tabs.removeTab(index)

    def _refresh_summary(self) -> None:
        page = self.summary_page
        if page is None or self.window.tabs.indexOf(page) < 0:
            return
        page.show_summary(self.session.summary(), self.document.project.review.history, self.document.path,
                          self.review_mode)

    # status bar ---------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.window.statusBar()
        self.mode_label = QLabel(self.window)
        self.mode_label.setObjectName("review-mode")
        self.mode_label.setStyleSheet("QLabel { background: #fff4e0; color: #8a5200; border: 1px solid #ef8a00;"
                                      " border-radius: 3px; padding: 0 6px; }")
        self.state_label = QLabel(self.window)
        self.state_label.setObjectName("review-state")
        self.changed_label = QLabel(self.window)
        self.changed_label.setObjectName("review-changed")
        self.changed_label.setStyleSheet("QLabel { color: #c62828; font-weight: bold; }")
        for i, label in enumerate((self.mode_label, self.state_label, self.changed_label)):
            bar.insertPermanentWidget(i, label)

    def _refresh_status(self) -> None:
        review = self.document.project.review
        self.mode_label.setText("审核模式 · 数据只读")
        self.mode_label.setVisible(self.review_mode)
        text = f"状态：{review.status_name}"
        last = review.last_change
        if last is not None:
            verb = "签字" if last.status == "approved" else ""
            text += f"（{last.by.who.name}{verb}，{time_text(last.by.when)[:16]}）"
        user = self.user
        self.state_label.setText(text)
        self.state_label.setToolTip(f"当前用户：{user.display() if user else '（未填写）'}")
        changes = self.marks.changes
        self.changed_label.setText(f"审核后已修改 {len(changes)} 处" if changes else "")
        self.changed_label.setVisible(bool(changes))

    def apply_mode(self) -> None:
        """Enable or disable what edits data, and mark the title."""
        for name in DATA_ACTIONS:
            action = self.window.findChild(QAction, name)
            if action is not None:
                action.setEnabled(not self.review_mode)
        self.window._update_title()
        self._refresh_status()

    # navigation -----------------------------------------------------------------------------------
    def show_cell(self, cell: Cell) -> bool:
        page = self.window.pages.get(cell.table)
        if page is None:
            self.window.status(f"{cell.table} 不在决算表中，无法定位")
            return False
        self.window.tabs.setCurrentWidget(page)
        return page.select_cell(cell)

    def show_anchor(self, anchor: Anchor) -> bool:
        """Show what a comment is about: its cell, its row, or its table."""
        page = self.window.pages.get(anchor.table)
        if page is None:
            hook = getattr(self.window, "show_form_anchor", None)  # the 自评 tabs may provide one
            if callable(hook):
                return bool(hook(anchor))
            self.window.status(f"批注位置：{anchor.table}（请在自评表中查看）")
            return False
        self.window.tabs.setCurrentWidget(page)
        if anchor.kind == "cell":
            return page.select_cell(Cell(anchor.table, anchor.row, anchor.column))
        if anchor.kind == "row":
            template = page.template
            first = template.columns_of_row(anchor.row) if not template.is_subject else ()
            column = "科目名称" if template.is_subject else (first[0].key if first else "")
            return page.select_cell(Cell(anchor.table, anchor.row, column))
        return True

    def show_comments(self) -> None:
        self.comments_dock.show()
        self.comments_dock.raise_()


def _own_lock(holder: filelock.LockInfo) -> bool:
    return holder.on_this_machine and holder.pid == os.getpid()
