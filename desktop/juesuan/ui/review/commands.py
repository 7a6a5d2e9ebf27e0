"""The review commands of the window — 批注, 说明, 提交/撤回/退回/审核通过, 比较文件, 审核报告 — and where they appear:
the 审核 menu, 文件 → 审核打开…, the cell context menu and the issues panel's context menu.

A mixin of ReviewController: each command asks through `window.prompts`, calls the core's ReviewSession and reports a
refusal in Chinese; nothing here decides a review rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ...excel.sources import load_any
from ...errors import JuesuanError
from ...findings import SEVERITY_NAMES, Cell, Finding
from ...labels import cell_label
from ...review.diff import diff_projects, namer_for
from ...review.model import Anchor, Comment
from ...review.workflow import EXPLAINABLE, Refused
from ...rules.yoy import reasons
from ..base.style import cjk_family
from .compare import CompareDock
from .explanations import ExplanationInfo
from ..base.review_marks import PREVIEW
from ..tables.model import CellRole

MENU_PREVIEW = 24


class ReviewCommands:
    """Mixed into ReviewController (which provides window, document, session, marks, review_mode, ensure_user …)."""

    window: Any
    document: Any
    session: Any
    marks: Any
    review_mode: bool
    compare_dock: CompareDock | None = None
    compare_other: Any = None
    compare_path: Path | None = None

    # menus ----------------------------------------------------------------------------------------
    def build_menus(self) -> None:
        window = self.window
        self.actions: dict[str, QAction] = {}

        def action(key: str, text: str, slot, menu: QMenu | None = None) -> QAction:  # noqa: ANN001
            made = QAction(text, window)
            made.setObjectName(f"action-review-{key}")
            made.triggered.connect(lambda _checked=False: slot())
            self.actions[key] = made
            if menu is not None:
                menu.addAction(made)
            return made

        open_action = window.findChild(QAction, "action-open")
        review_open = action("open", "审核打开(&V)…", lambda: self.open_for_review())
        review_open.setToolTip("以审核方式打开项目：数据只读，可以审核说明、写批注、审核通过或退回")
        file_menu = next((a.menu() for a in window.menuBar().actions() if a.text().startswith("文件")), None)
        if file_menu is not None:
            actions = file_menu.actions()
            after = actions.index(open_action) + 1 if open_action in actions else len(actions)
            file_menu.insertAction(actions[after] if after < len(actions) else None, review_open)

        menu = QMenu("审核(&R)", window)
        menu.setObjectName("menu-review")
        action("summary", "审核概况", self.show_summary, menu)
        comments = self.comments_dock.toggleViewAction()
        comments.setText("批注面板")
        comments.setObjectName("action-review-comments")
        menu.addAction(comments)
        menu.addSeparator()
        action("submit", "提交…", self.submit, menu)
        action("withdraw", "撤回…", self.withdraw, menu)
        action("return", "退回修改…", self.return_for_changes, menu)
        action("signoff", "审核通过（签字）…", self.sign_off, menu)
        menu.addSeparator()
        action("compare", "比较文件…", lambda: self.compare_with(), menu)
        action("compare_last", "与上年比较…", lambda: self.compare_with_last_year(), menu)
        action("report_xlsx", "导出审核报告（Excel）…", lambda: self.export_report("xlsx"), menu)
        action("report_pdf", "导出审核报告（PDF）…", lambda: self.export_report("pdf"), menu)
        menu.addSeparator()
        action("user", "当前用户…", lambda: self.ask_user(), menu)
        view = next((a for a in window.menuBar().actions() if a.text().startswith("视图")), None)
        if view is not None:
            window.menuBar().insertMenu(view, menu)
        else:
            window.menuBar().addMenu(menu)
        self.menu = menu

    def update_actions(self) -> None:
        """Offer the status steps that make sense now (the core still has the last word)."""
        status = self.document.project.review.status
        changed = bool(self.marks.changes)
        self.actions["submit"].setEnabled(not self.review_mode and (status in ("draft", "returned") or
                                                                     (status == "approved" and changed)))
        self.actions["withdraw"].setEnabled(not self.review_mode and status == "submitted")
        self.actions["return"].setEnabled(status in ("submitted", "approved"))
        self.actions["signoff"].setEnabled(status == "submitted")

    # context menus ---------------------------------------------------------------------------------
    def install_context_actions(self) -> None:
        for page in self.window.pages.values():
            page.view.action_providers.append(lambda index, view=page.view: self.cell_actions(view, index))
        self.window.issues.action_providers.append(self.finding_actions)

    def cell_actions(self, view: Any, index: QModelIndex) -> list[QAction]:
        """添加批注 / 查看批注 / 写说明 or 审核说明 for the 决算 cell under the mouse."""
        if not index.isValid():
            return []
        model = view.table_model()
        return self.actions_for(view, model.table, index.data(CellRole), model.slot(index).row_key)

    def actions_for(self, parent: Any, table: str, cell: Cell | None, row: str | None, findings: list | None = None) -> list[QAction]:
        """The review entries of a context menu, for any grid (the 自评 forms call this too): a comment on the cell,
        its row, or the whole table (a 自评 table: the form); the threads on the cell; a 说明 on each warning
        involving it (`findings`, else the finding marks of the cell)."""
        out: list[QAction] = [_separator(parent)]
        if cell is not None:
            out.append(_action(parent, "添加批注…", lambda c=cell: self.add_comment("cell", c), "review-add-comment"))
        if row is not None:
            out.append(_action(parent, "对本行添加批注…", lambda r=row: self.add_comment("row", Cell(table, r, "")),
                               "review-add-row-comment"))
        whole = "form" if table.startswith("自评") else "table"
        out.append(_action(parent, "对本表添加批注…", lambda: self.add_comment(whole, Cell(table, "", "")),
                           "review-add-table-comment"))
        threads = self.marks.comments.get(cell, []) if cell is not None else []
        if threads:
            out.append(_action(parent, f"查看批注（{len(threads)} 条）", lambda c=threads[0]: self.show_comment(c.id),
                               "review-show-comment"))
        if findings is None:
            findings = self.document.marks.at(cell) if cell is not None else []
        explainable = [f for f in findings if f.severity in EXPLAINABLE]
        for finding in explainable:
            out.append(self._explanation_action(parent, finding))
        if findings and not explainable:
            blocked = _action(parent, "（错误必须改正，不能写说明）", lambda: None, "review-no-explanation")
            blocked.setEnabled(False)
            out.append(blocked)
        return out

    def finding_actions(self, finding: Finding) -> list[QAction]:
        panel = self.window.issues
        if finding.severity not in EXPLAINABLE:
            blocked = _action(panel, "错误必须改正，不能写说明", lambda: None, "review-no-explanation")
            blocked.setEnabled(False)
            return [blocked]
        return [self._explanation_action(panel, finding)]

    def _explanation_action(self, parent: Any, finding: Finding) -> QAction:
        state = self.marks.state_for(finding)
        verb = "审核说明" if self.review_mode else ("修改说明" if state is not None else "写说明")
        note = f"（{self.marks.state_text(finding)}）" if state is not None else ""
        text = f"{verb}{note}：{_short(finding.message, MENU_PREVIEW)}"
        return _action(parent, text, lambda f=finding: self.edit_explanation(f), "review-explanation")

    # comments -------------------------------------------------------------------------------------
    def add_comment(self, kind: str, cell: Cell) -> Comment | None:
        """添加批注 on a cell, a row, a table or a 自评 form (kind ∈ cell | row | table | form)."""
        if not self.ensure_user():
            return None
        try:
            anchor = Anchor(kind=kind, table=cell.table, row=cell.row if kind in ("cell", "row") else "",
                            column=cell.column if kind == "cell" else "")
        except ValueError as exc:  # pydantic: a malformed anchor is a bug, but never a traceback
            self.window.prompts.error(self.window, "无法添加批注", str(exc))
            return None
        where = self._anchor_label(anchor)
        text = self.window.prompts.review_text(self.window, "添加批注", f"批注位置：{where}\n请写下要问或要提醒的内容：", True)
        if not text:
            return None
        try:
            comment = self.session.add_comment(anchor, text)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法添加批注", str(exc))
            return None
        self.show_comment(comment.id)
        self.window.status(f"已添加批注：{where}")
        return comment

    def show_comment(self, comment_id: str) -> None:
        self.show_comments()
        self.comments_dock.select(comment_id)

    def reply(self, comment_id: str, text: str) -> bool:
        if not self.ensure_user():
            return False
        try:
            self.session.reply(comment_id, text)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法回复", str(exc))
            return False
        self.window.status("已回复批注")
        return True

    def set_resolved(self, comment_id: str, resolved: bool) -> bool:
        if not self.ensure_user():
            return False
        try:
            (self.session.resolve if resolved else self.session.reopen)(comment_id)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "批注", str(exc))
            return False
        self.window.status("批注已标记为已解决" if resolved else "批注已重新打开")
        return True

    def _reply_from_dock(self, comment_id: str, text: str) -> None:
        if self.reply(comment_id, text):
            self.comments_dock.reply_sent()

    def _resolve_from_dock(self, comment_id: str, resolved: bool) -> None:
        self.set_resolved(comment_id, resolved)

    def _anchor_label(self, anchor: Anchor) -> str:
        return namer_for(self.document.project).anchor(anchor)

    # explanations ---------------------------------------------------------------------------------
    def edit_explanation(self, finding: Finding) -> bool:
        """写说明 (preparer) or 审核说明 (reviewer: accept/reject with a remark) on one finding."""
        if not self.ensure_user():
            return False
        rule = next((r for r in self.document.core.book.rules if r.id == finding.rule), None)
        offered = tuple(reasons(rule)) if rule is not None and rule.param("reasons") else ()
        info = ExplanationInfo(finding, self._finding_label(finding), self.marks.state_for(finding), self.user,
                               self.review_mode, offered)
        answer = self.window.prompts.explanation(self.window, info)
        if answer is None:
            return False
        try:
            if answer.action == "explain":
                self.session.explain(finding, answer.text)
                message = "已保存说明，等待审核"
            elif info.state is None:
                raise JuesuanError("还没有说明，无需审核")
            elif answer.action == "accept":
                self.session.accept(info.state.explanation.id, answer.text)
                message = "已接受说明：这条提示不再计入提示数"
            else:
                self.session.reject(info.state.explanation.id, answer.text)
                message = "已驳回说明"
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "说明", str(exc))
            return False
        self.window.status(message)
        return True

    def _finding_label(self, finding: Finding) -> str:
        cell = finding.primary
        if cell is None:
            return "（整个项目）"
        try:
            return cell_label(cell, self.document.layout, self.document.project)
        except (KeyError, ValueError):
            return f"{cell.table} {cell.row} {cell.column}".strip()

    # status ---------------------------------------------------------------------------------------
    def submit(self) -> bool:
        """送审: refused (listing each blocking item to jump to) while errors remain or a 提示 has no 说明."""
        return self._status_step("提交", "提交给审核人。可以写一句备注（可不填）：", False, self.session.submit,
                                 "已提交，等待审核")

    def withdraw(self) -> bool:
        return self._status_step("撤回", "撤回提交，继续修改。可以写明原因（可不填）：", False, self.session.withdraw,
                                 "已撤回，状态为填报中")

    def return_for_changes(self) -> bool:
        return self._status_step("退回修改", "退回给填报人修改。请写明退回理由：", True, self.session.return_for_changes,
                                 "已退回修改")

    def sign_off(self) -> bool:
        prompt = ("确认审核通过？签字将记录您的姓名、单位、时间和当前数据的 SHA-256，并保存一份签字时的数据；"
                  "之后数据的任何改动都会显示为“审核后已修改”。\n审核意见（可不填）：")
        return self._status_step("审核通过（签字）", prompt, False, self.session.sign_off, "已审核通过（签字）")

    def _status_step(self, title: str, prompt: str, required: bool, step, done: str) -> bool:  # noqa: ANN001
        if not self.ensure_user():
            return False
        remark = self.window.prompts.review_text(self.window, title, prompt, required)
        if remark is None:
            return False
        try:
            step(remark)
        except Refused as exc:
            self._show_refused(f"不能{title}", exc)
            return False
        except JuesuanError as exc:
            self.window.prompts.error(self.window, f"不能{title}", str(exc))
            return False
        self.window.status(done)
        return True

    def _show_refused(self, title: str, refused: Refused) -> None:
        items: list[tuple[str, Cell | None]] = []
        for finding in refused.findings:
            items.append((f"【{SEVERITY_NAMES.get(finding.severity, finding.severity)}】{self._finding_label(finding)}："
                          f"{finding.message}", finding.primary))
        for explanation in refused.explanations:
            state = {"pending": "待审核", "accepted": "数据已变", "rejected": "已驳回"}[explanation.verdict]
            first = explanation.cells[0] if explanation.cells else None
            cell = Cell(first.table, first.row, first.column) if first else None
            where = cell_label(cell, self.document.layout, self.document.project) if cell and cell.table in self.window.pages else ""
            items.append((f"【说明·{state}】{where}：{explanation.current.message or explanation.text}", cell))
        for comment in refused.comments:
            anchor = comment.anchor
            cell = Cell(anchor.table, anchor.row, anchor.column) if anchor.kind == "cell" else None
            where = cell_label(cell, self.document.layout, self.document.project) \
                if cell and cell.table in self.window.pages else anchor.table
            items.append((f"【批注·未解决】{where}：{comment.text}", cell))
        chosen = self.window.prompts.refused(self.window, title, str(refused), items)
        if chosen is not None:
            self.show_cell(chosen)

    # compare ----------------------------------------------------------------------------------------
    def compare_with(self, path: str | Path | None = None) -> bool:
        """比较文件…: list every difference between another version and the current project."""
        if path is None:
            folder = str(self.document.path.parent) if self.document.path else ""
            chosen = self.window.prompts.project_path(self.window, "比较文件：选择要与当前项目比较的另一个版本", folder)
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        try:
            other = load_any(path)
            diff_projects(other, self.document.project)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法比较", str(exc))
            return False
        self.compare_other, self.compare_path = other, path
        dock = self._compare_dock()
        self.refresh_comparison(force=True)
        dock.show()
        dock.raise_()
        rows = len(dock.rows)
        self.window.status(f"与 {path.name} 比较：" + (f"共 {rows} 处不同" if rows else "完全相同"))
        return True

    def compare_with_last_year(self) -> bool:
        """与上年比较: the compare list against last year's file (the one the project was carried from, if it is
        beside the project; otherwise the user picks it)."""
        source = self.document.project.rollover.source
        here = self.document.path
        if source and here is not None and (here.parent / source).is_file():
            return self.compare_with(here.parent / source)
        folder = str(here.parent) if here else ""
        chosen = self.window.prompts.project_path(self.window, "与上年比较：选择上年的项目文件", folder)
        return bool(chosen) and self.compare_with(chosen)

    def _compare_dock(self) -> CompareDock:
        if self.compare_dock is None:
            self.compare_dock = CompareDock(self.window)
            self.window.addDockWidget(Qt.BottomDockWidgetArea, self.compare_dock)
            self.window.tabifyDockWidget(self.window.issues, self.compare_dock)
            self.compare_dock.jumpRequested.connect(self._jump_to_difference)
            self.compare_dock.exportRequested.connect(lambda: self.export_comparison())
            self.compare_dock.visibilityChanged.connect(
                lambda shown: shown and getattr(self, "_compare_stale", False) and self.refresh_comparison())
        return self.compare_dock

    def refresh_comparison(self, force: bool = False) -> None:
        """Re-list the differences (the current project is live; the other file stays as loaded); a hidden list is
        brought up to date when it is shown again."""
        if self.compare_other is None or self.compare_dock is None:
            return
        if not force and not self.compare_dock.isVisible():
            self._compare_stale = True
            return
        self._compare_stale = False
        from ...review.diff_export import diff_rows  # openpyxl: loaded when first used, not at window start

        rows = diff_rows(diff_projects(self.compare_other, self.document.project))
        self.compare_dock.show_rows(rows, self.compare_path.name if self.compare_path else "",
                                    self.window.files.display_name())

    def close_comparison(self) -> None:
        self.compare_other = self.compare_path = None
        if self.compare_dock is not None:
            self.compare_dock.show_rows([], "", "")
            self.compare_dock.hide()

    def _jump_to_difference(self, row: Any) -> None:
        if row.cell is not None and self.show_cell(row.cell):
            return
        if row.table in self.window.pages:
            self.window.tabs.setCurrentWidget(self.window.pages[row.table])
        self.window.status(f"{row.where}：{row.old} → {row.new}")

    def export_comparison(self, path: str | Path | None = None) -> Path | None:
        if self.compare_dock is None or self.compare_path is None:
            return None
        if path is None:
            folder = self.document.path.parent if self.document.path else Path.home()
            suggested = str(folder / f"比较结果-{self.compare_path.stem}.xlsx")
            path = self.window.prompts.export_path(self.window, "导出比较结果", suggested, "xlsx")
            if not path:
                return None
        from ...review.diff_export import write_diff

        try:
            out = write_diff(self.compare_dock.rows, path, self.compare_path.name, self.window.files.display_name())
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法导出比较结果", str(exc))
            return None
        self.window.status(f"已导出比较结果 {out.name}（{len(self.compare_dock.rows)} 处）")
        return out

    # reports ----------------------------------------------------------------------------------------
    def export_report(self, kind: str, path: str | Path | None = None) -> Path | None:
        """导出审核报告（Excel / PDF）: status and sign-off, findings with explanations, comments with replies."""
        project = self.document.project
        if path is None:
            folder = self.document.path.parent if self.document.path else Path.home()
            name = f"{project.unit.name or '未命名'}-{project.year}-审核报告.{kind}"
            path = self.window.prompts.export_path(self.window, "导出审核报告", str(folder / name), kind)
            if not path:
                return None
        try:
            if kind == "xlsx":
                from ...review.report import write_report  # the exporters load on first use

                out = write_report(project, path, self.document.findings)
            else:
                from .pdf import write_pdf

                out = write_pdf(project, path, self.document.findings, font_family=cjk_family())
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法导出审核报告", str(exc))
            return None
        self.window.status(f"已导出审核报告 {out.name}")
        return out


def _action(parent: Any, text: str, slot, name: str) -> QAction:  # noqa: ANN001
    made = QAction(text, parent)
    made.setObjectName(name)
    made.triggered.connect(lambda _checked=False: slot())
    return made


def _separator(parent: Any) -> QAction:
    made = QAction(parent)
    made.setSeparator(True)
    return made


def _short(text: str, limit: int = PREVIEW) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
