"""One 自评 form page: the printed title, the scheme combo with 复制并修改权重…, the indicator and goal buttons,
a live score summary, and the form's grid."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...errors import JuesuanError
from ...findings import Cell
from ...selfeval.model import SelfEvalForm
from ...selfeval.schemes import Scheme, save_scheme_file, shipped_schemes
from ..base.qt_document import QtProjectDocument
from .commands import SelfEvalEditor
from .layout import LEVEL3
from .values import plain
from .model import SelfEvalModel
from .view import SelfEvalView, view_name


class FormPage(QWidget):
    """Everything shown for one form; edits go through the editor (undoable), questions to `prompts`."""

    message = Signal(str)

    def __init__(self, document: QtProjectDocument, editor: SelfEvalEditor, form: SelfEvalForm, prompts,  # noqa: ANN001
                 user_folder: Callable[[], Path | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.editor = editor
        self.prompts = prompts
        self.user_folder = user_folder
        self.model = SelfEvalModel(document, form, editor, self)
        self.view = SelfEvalView(self.model, self)
        self.setObjectName("page-" + view_name(self.model.table))

        self.title = QLabel(self)
        self.title.setObjectName("selfeval-title")
        self.title.setAlignment(Qt.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.scheme = QComboBox(self)
        self.scheme.setObjectName("selfeval-scheme")
        self.scheme.setToolTip("这张表按哪个评分方案计分、检查；改变方案后全部重新检查（可撤销）")
        self.scheme.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.copy_scheme_button = QPushButton("复制并修改权重…", self)
        self.copy_scheme_button.setObjectName("selfeval-copy-scheme")
        self.score = QLabel(self)
        self.score.setObjectName("selfeval-score")
        self.score.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.buttons: dict[str, QPushButton] = {}
        # two lines, so that the page fits a laptop (about 1,000 px): the scheme, then the editing buttons
        schemes = QHBoxLayout()
        schemes.addWidget(QLabel("评分方案：", self))
        schemes.addWidget(self.scheme)
        schemes.addWidget(self.copy_scheme_button)
        schemes.addStretch(1)
        schemes.addWidget(QLabel("金额单位：万元", self))
        strip = QHBoxLayout()
        for name, text, tip, slot in (
                ("add-indicator", "添加指标", "在当前指标下面添加一行（Ctrl+Insert）", self.add_indicator),
                ("remove-indicator", "删除指标", "删除选中的指标行（Ctrl+Delete，可撤销）", self.remove_indicators),
                ("indicator-up", "上移", "当前指标上移一行（Alt+↑）", lambda: self.move_indicator(-1)),
                ("indicator-down", "下移", "当前指标下移一行（Alt+↓）", lambda: self.move_indicator(1)),
                ("add-goal", "添加年度目标", "在当前目标后添加一个年度目标（整体表可有多个目标，各有分值和指标）", self.add_goal),
                ("remove-goal", "删除年度目标", "删除当前年度目标及其指标（可撤销）", self.remove_goal)):
            button = QPushButton(text, self)
            button.setObjectName(f"selfeval-{name}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, s=slot: s())
            self.buttons[name] = button
            strip.addWidget(button)
        strip.addStretch(1)
        self.score.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addLayout(schemes)
        layout.addLayout(strip)
        layout.addWidget(self.score)
        layout.addWidget(self.view, 1)

        self.scheme.activated.connect(self._scheme_chosen)
        self.copy_scheme_button.clicked.connect(self.copy_scheme)
        self.view.message.connect(self.message)
        self.view.indicatorInsertRequested.connect(self.add_indicator)
        self.view.indicatorRemoveRequested.connect(self.remove_indicators)
        self.view.indicatorMoveRequested.connect(self.move_indicator)
        self.model.inputRejected.connect(self.message)
        self.model.scoresChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._read_only_changed)
        self._schemes: dict[str, Scheme] = {}
        self._scheme_key: tuple = ()
        self.refresh()
        self._read_only_changed(bool(document.read_only_reason))

    @property
    def table(self) -> str:
        return self.model.table

    @property
    def form(self) -> SelfEvalForm:
        return self.model.form

    # showing ------------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Title, scheme choice and the score summary from the document (after every edit of the form)."""
        self.setObjectName("page-" + view_name(self.table))
        self.view.setObjectName(view_name(self.table))
        card = self.model.card
        scheme = card.scheme if card is not None else self.document.core.selfeval_scheme(self.table)
        title = scheme.form(self.form.kind).title if scheme is not None else "绩效自评表"
        self.title.setText(f"{self.document.project.year}年度{title}")
        self._fill_schemes()
        self.score.setText(self.summary())

    def summary(self) -> str:
        """计算：执行率 · 资金得分 · 总分 · 等级, beside what the form states."""
        card = self.model.card
        form = self.form
        if card is None:
            return f"评分方案“{form.scheme}”不存在，请重新选择"
        if not card.scheme.scored:
            return f"“{card.scheme.name}”只列指标，不计分"
        rate = "—" if card.rate_percent is None else f"{format(card.rate_percent, 'f')}%"
        parts = [f"执行率 {rate}", f"资金得分 {plain(card.money_score) or '—'}", f"总分 {plain(card.total) or '—'}",
                 f"等级 {card.grade or '—'}"]
        if card.cap is not None:
            parts.append(f"（执行率低于要求，总分封顶 {plain(card.cap)}）")
        stated = f"总分 {plain(form.total_score) or '未填'}，等级 {form.grade.strip() or '未填'}"
        return f"按评分方案计算：{'　'.join(parts)}　　｜　表上填写：{stated}"

    def _available(self) -> dict[str, Scheme]:
        try:
            return self.document.core.available_schemes(self.user_folder())
        except JuesuanError:
            return self.document.core.available_schemes()

    def _fill_schemes(self) -> None:
        book = self.document.core.selfeval
        key = (self.form.scheme, tuple(sorted(book.schemes)), tuple(id(s) for s in book.schemes.values()))
        if key == self._scheme_key and self.scheme.count():
            return
        self._scheme_key = key
        self._schemes = self._available()
        shipped = shipped_schemes()
        with QSignalBlocker(self.scheme):
            self.scheme.clear()
            for scheme_id, scheme in sorted(self._schemes.items(), key=lambda kv: (kv[0] not in shipped, kv[1].name)):
                origin = "" if scheme_id in shipped else "（自定）"
                self.scheme.addItem(scheme.name + origin, scheme_id)
            if self.form.scheme not in self._schemes:
                self.scheme.addItem(f"“{self.form.scheme}”（不存在）", self.form.scheme)
            self.scheme.setCurrentIndex(self.scheme.findData(self.form.scheme))

    def _read_only_changed(self, read_only: bool) -> None:
        for widget in (self.scheme, self.copy_scheme_button, *self.buttons.values()):
            widget.setEnabled(not read_only)

    def select_cell(self, cell: Cell) -> bool:
        """Make a cell of this form current and visible (a scheme finding focuses the scheme choice)."""
        if cell.row == "表头" and cell.column == "评分方案":
            self.scheme.setFocus()
            return True
        index = self.model.index_of(cell)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()
        return True

    # schemes -----------------------------------------------------------------------------------------------------
    def _scheme_chosen(self, position: int) -> None:
        scheme = self._schemes.get(self.scheme.itemData(position))
        if scheme is None:
            self._scheme_key = ()
            self._fill_schemes()
            return
        self.set_scheme(scheme)

    def set_scheme(self, scheme: Scheme) -> bool:
        try:
            self.editor.set_form_scheme(self.table, scheme)
        except JuesuanError as exc:
            self.prompts.error(self, "无法更换评分方案", str(exc))
            self._scheme_key = ()
            self._fill_schemes()
            return False
        self.message.emit(f"评分方案已改为“{scheme.name}”，已重新检查（Ctrl+Z 可撤销）")
        return True

    def copy_scheme(self) -> bool:
        """复制并修改权重…: a validated copy becomes this form's scheme (kept in the project, optionally on this PC)."""
        base = self._schemes.get(self.form.scheme) or self.document.core.selfeval_scheme(self.table)
        if base is None:
            self.prompts.error(self, "无法复制评分方案", f"评分方案“{self.form.scheme}”不存在，请先选择一个方案")
            return False
        folder = self.user_folder()
        answer = self.prompts.selfeval_scheme_copy(self, base, set(self._available()), folder is not None)
        if answer is None:
            return False
        scheme, keep = answer
        if not self.set_scheme(scheme):
            return False
        if keep and folder is not None:
            try:
                save_scheme_file(scheme, folder / f"{scheme.id}.toml")
            except OSError as exc:
                self.prompts.error(self, "未能保存到本机方案库", f"方案已用于本表，但未能写入 {folder}：{exc.strerror or exc}")
        return True

    # indicators and goals ------------------------------------------------------------------------------------------
    def _where(self) -> tuple[int, int | None]:
        """(goal, indicator) of the current row; rows outside a goal mean the last goal."""
        current = self.view.currentIndex()
        found = self.model.layout.goal_at(current.row()) if current.isValid() else None
        return found if found is not None else (len(self.form.goals) - 1, None)

    def _go(self, goal: int, index: int, column: int = LEVEL3) -> None:
        row = self.model.layout.indicator_row(goal, index)
        if row is not None:
            target = self.model.index(row, column)
            self.view.setCurrentIndex(target)
            self.view.scrollTo(target)

    def _run(self, action: Callable[[], object]) -> object:
        try:
            return action()
        except JuesuanError as exc:
            self.message.emit(str(exc))
            return None

    def add_indicator(self) -> int | None:
        goal, index = self._where()
        position = self._run(lambda: self.editor.insert_indicator(self.table, goal, None if index is None else index + 1))
        if position is None:
            return None
        self._go(goal, int(position))  # type: ignore[arg-type]
        self.message.emit("已添加一行绩效指标（一级、二级沿用上一行），请填写三级指标")
        return int(position)  # type: ignore[arg-type]

    def selected_indicators(self) -> list[tuple[int, int]]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()} or {self.view.currentIndex().row()}
        found = [self.model.layout.goal_at(r) for r in sorted(rows)]
        return [(g, i) for g, i in (f for f in found if f is not None) if i is not None]

    def remove_indicators(self) -> int:
        refs = self.selected_indicators()
        if not refs:
            self.message.emit("请先选中要删除的指标行")
            return 0
        count = self._run(lambda: self.editor.remove_indicators(self.table, refs))
        if count:
            self.message.emit(f"已删除 {count} 行绩效指标（Ctrl+Z 可恢复）")
        return int(count or 0)  # type: ignore[arg-type]

    def move_indicator(self, step: int) -> bool:
        goal, index = self._where()
        if index is None:
            self.message.emit("请先选中要移动的指标行")
            return False
        column = self.view.currentIndex().column()
        count = len(self.form.goals[goal].indicators)
        target = index + step
        if not 0 <= target < count:
            return False
        landed = self._run(lambda: self.editor.move_indicator(self.table, goal, index, target))
        if landed is None:
            return False
        self._go(goal, int(landed), column)  # type: ignore[arg-type]
        return True

    def add_goal(self) -> int | None:
        goal, _ = self._where()
        position = self._run(lambda: self.editor.add_goal(self.table, goal + 1))
        if position is None:
            return None
        for row, info in enumerate(self.model.layout.rows):
            if info.kind == "goal-text" and info.goal == position:
                self.view.setCurrentIndex(self.model.index(row, 1))
                self.view.scrollTo(self.model.index(row, 1))
                break
        self.message.emit(f"已添加年度目标{int(position) + 1}，请填写预期目标、分值和指标")  # type: ignore[arg-type]
        return int(position)  # type: ignore[arg-type]

    def remove_goal(self) -> bool:
        goal, _ = self._where()
        if len(self.form.goals) <= 1:
            self.message.emit("自评表至少要有一个年度目标")
            return False
        count = len(self.form.goals[goal].indicators)
        if not self.prompts.confirm(self, "删除年度目标", f"将删除年度目标{goal + 1}及其 {count} 个指标。\n可用“撤销”恢复。是否继续？"):
            return False
        return self._run(lambda: self.editor.remove_goal(self.table, goal) or True) is not None
