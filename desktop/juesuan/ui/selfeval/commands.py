"""Every 自评 edit as one step on the window's undo stack: done once through the document's 自评 methods, then
replayed or reverted. A refused edit (JuesuanError, in Chinese) changes nothing and pushes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pydantic import ValidationError

from ...errors import JuesuanError
from ...selfeval.model import BUDGET_SOURCE_KINDS, BasicLine, BudgetSource, SelfEvalForm, validation_message
from ...selfeval.schemes import Scheme
from .layout import Target, current
from ..base.undo import _Done

if TYPE_CHECKING:
    from ..base.qt_document import QtProjectDocument

Edit = tuple[Target, Any]


class SelfEvalCommand(_Done):
    """An action already done; `redo` does it again, `undo` puts back what it changed."""

    def __init__(self, document: "QtProjectDocument", text: str, redo: Callable[[], Any], undo: Callable[[], Any]) -> None:
        super().__init__(document, text)
        self._redo, self._undo = redo, undo

    def replay(self) -> None:
        self._redo()

    def undo(self) -> None:
        self._undo()


class SelfEvalEditor:
    """The Qt layer's 自评 edit path: wraps `ProjectDocument`'s 自评 methods in undo commands."""

    def __init__(self, document: "QtProjectDocument") -> None:
        self.document = document

    @property
    def core(self):  # noqa: ANN201 - ProjectDocument
        return self.document.core

    def _push(self, text: str, redo: Callable[[], Any], undo: Callable[[], Any]) -> None:
        self.document.undo_stack.push(SelfEvalCommand(self.document, text, redo, undo))

    def _writable(self) -> None:
        if self.document.read_only_reason:
            raise JuesuanError(self.document.read_only_reason)

    # the 基础数据表 --------------------------------------------------------------------------------------------------
    def set_basic_value(self, row: str, column: str, value: Any) -> bool:
        """One amount of the 基础数据表 as one undo step; False when it is unchanged."""
        self._writable()
        data = self.core.selfeval.basic
        if data is None:
            raise JuesuanError("本项目还没有基础数据表")
        old = data.value(row, column)
        if _equal(old, value):
            return False
        self.core.set_basic_value(row, column, value)
        self._push("编辑基础数据表", lambda: self.core.set_basic_value(row, column, value),
                   lambda: self.core.set_basic_value(row, column, old))
        return True

    def set_basic_staff(self, field: str, value: Any) -> bool:
        """编制数 / 实际在职人数 / 控制率 of the 基础数据表 as one undo step; False when unchanged."""
        self._writable()
        old = getattr(self._basic(), field, None)
        if _equal(old, value):
            return False
        self.core.set_basic_staff(field, value)
        self._push("编辑基础数据表人员情况", lambda: self.core.set_basic_staff(field, value),
                   lambda: self.core.set_basic_staff(field, old))
        return True

    def set_basic_lines(self, lines: list[Any], text: str = "编辑专项资金") -> bool:
        """The 专项 lines (names and amounts) replaced as one undo step; False when unchanged."""
        self._writable()
        try:
            new = [line if isinstance(line, BasicLine) else BasicLine.model_validate(line) for line in lines]
        except ValidationError as exc:
            raise JuesuanError(validation_message(exc)) from None
        if [line.model_dump() for line in self._basic().lines] == [line.model_dump() for line in new]:
            return False
        old = self.core.set_basic_lines(new)
        self._push(text, lambda: self.core.set_basic_lines(new), lambda: self.core.set_basic_lines(old))
        return True

    def set_basic_text(self, key: str, value: str) -> bool:
        """A text of the 基础数据表 (厉行节约保障措施) as one undo step; False when unchanged."""
        self._writable()
        old = self._basic().texts.get(key, "")
        if old == value:
            return False
        self.core.set_basic_text(key, value)
        self._push("编辑基础数据表说明", lambda: self.core.set_basic_text(key, value),
                   lambda: self.core.set_basic_text(key, old))
        return True

    def _basic(self):  # noqa: ANN202 - BasicData
        data = self.core.selfeval.basic
        if data is None:
            raise JuesuanError("本项目还没有基础数据表")
        return data

    # cell values ------------------------------------------------------------------------------------------------
    def set_values(self, table: str, edits: list[Edit], text: str = "编辑自评表") -> int:
        """Set cells of one form as one undo step (a paste, a merged 一级 cell, a Delete); returns how many changed."""
        self._writable()
        form = self.core.selfeval_form(table)
        changed = [(t, v) for t, v in dict(edits).items() if not _equal(current(form, t), v)]
        if not changed:
            return 0
        if any(t.kind == "name" for t, _ in changed):
            if len(changed) > 1:
                raise JuesuanError("项目名称请单独修改")
            self.rename_project_form(table, changed[0][1])
            return 1
        reverts = self._apply(table, changed)
        self._push(text, lambda: self._apply(table, changed), lambda: _run_reversed(reverts))
        return len(changed)

    def _apply(self, table: str, edits: list[Edit]) -> list[Callable[[], Any]]:
        """Apply edits in order (consecutive indicator cells as one change); all or nothing. Returns the reverts."""
        core = self.core
        reverts: list[Callable[[], Any]] = []
        try:
            for chunk in _chunks(edits):
                target = chunk[0][0]
                if target.kind == "indicator":
                    cells = [(*t.key, v) for t, v in chunk]
                    olds = core.set_indicator_fields(table, cells)
                    back = [(g, i, name, old) for (g, i, name, _), old in zip(cells, olds)]
                    reverts.append(lambda back=back: core.set_indicator_fields(table, back))
                elif target.kind == "form":
                    old = core.set_form_field(table, target.key[0], chunk[0][1])
                    reverts.append(lambda name=target.key[0], old=old: core.set_form_field(table, name, old))
                elif target.kind == "fund":
                    old = core.set_fund(table, *target.key, chunk[0][1])
                    reverts.append(lambda key=target.key, old=old: core.set_fund(table, *key, old))
                elif target.kind == "goal":
                    old = core.set_goal_field(table, *target.key, chunk[0][1])
                    reverts.append(lambda key=target.key, old=old: core.set_goal_field(table, *key, old))
                elif target.kind == "source":
                    form = core.selfeval_form(table)
                    old = core.set_budget_sources(table, _sources_with(form, target.key, chunk[0][1]))
                    reverts.append(lambda old=old: core.set_budget_sources(table, old))
                else:
                    raise JuesuanError("这一格不能填写")
        except JuesuanError:
            _run_reversed(reverts)
            raise
        return reverts

    # indicator rows ----------------------------------------------------------------------------------------------
    def insert_indicator(self, table: str, goal: int, index: int | None = None) -> int:
        self._writable()
        position = self.core.insert_indicator(table, goal, index)
        saved: dict[str, Any] = {}

        def undo() -> None:
            saved["row"] = self.core.remove_indicator(table, goal, position)

        self._push("添加绩效指标", lambda: self.core.insert_indicator(table, goal, position, saved["row"]), undo)
        return position

    def remove_indicators(self, table: str, refs: list[tuple[int, int]]) -> int:
        """Remove indicator rows (of any goals) as one step; undo puts them back where they were."""
        self._writable()
        refs = sorted(set(refs))
        if not refs:
            return 0

        def remove() -> list[tuple[int, int, Any]]:
            return [(g, i, self.core.remove_indicator(table, g, i)) for g, i in reversed(refs)]

        removed = remove()

        def undo() -> None:
            for g, i, indicator in reversed(removed):
                self.core.insert_indicator(table, g, i, indicator)

        def redo() -> None:
            removed[:] = remove()

        self._push(f"删除绩效指标 {len(refs)} 行", redo, undo)
        return len(refs)

    def move_indicator(self, table: str, goal: int, index: int, new_index: int) -> int:
        self._writable()
        landed = self.core.move_indicator(table, goal, index, new_index)
        if landed == index:
            return landed
        self._push("移动绩效指标", lambda: self.core.move_indicator(table, goal, index, landed),
                   lambda: self.core.move_indicator(table, goal, landed, index))
        return landed

    # goals ----------------------------------------------------------------------------------------------------------
    def add_goal(self, table: str, index: int | None = None) -> int:
        self._writable()
        position = self.core.add_goal(table, index)
        saved: dict[str, Any] = {}

        def undo() -> None:
            saved["goal"] = self.core.remove_goal(table, position)

        self._push("添加年度目标", lambda: self.core.add_goal(table, position, saved["goal"]), undo)
        return position

    def remove_goal(self, table: str, goal: int) -> None:
        self._writable()
        removed = {"goal": self.core.remove_goal(table, goal)}

        def redo() -> None:
            removed["goal"] = self.core.remove_goal(table, goal)

        self._push("删除年度目标", redo, lambda: self.core.add_goal(table, goal, removed["goal"]))

    # project forms ----------------------------------------------------------------------------------------------
    def add_project_form(self, name: str, form: SelfEvalForm | None = None, index: int | None = None,
                         text: str = "新增项目自评表") -> str:
        self._writable()
        table = self.core.add_project_form(name, index=index, form=form)
        position = self.core.selfeval.project_index(table)
        saved: dict[str, Any] = {}

        def undo() -> None:
            saved["form"] = self.core.remove_project_form(table)[1]

        self._push(f"{text}“{name.strip()}”", lambda: self.core.restore_project_form(position, saved["form"]), undo)
        return table

    def duplicate_project_form(self, table: str, new_name: str) -> str:
        self._writable()
        source = self.core.selfeval_form(table)
        index = self.core.selfeval.project_index(table) + 1
        return self.add_project_form(new_name, source.model_copy(deep=True), index, "复制项目自评表")

    def remove_project_form(self, table: str) -> None:
        self._writable()
        saved = dict(zip(("index", "form"), self.core.remove_project_form(table)))

        def redo() -> None:
            saved["index"], saved["form"] = self.core.remove_project_form(table)

        self._push(f"删除项目自评表“{saved['form'].name}”", redo,
                   lambda: self.core.restore_project_form(saved["index"], saved["form"]))

    def rename_project_form(self, table: str, new_name: str) -> str:
        self._writable()
        old_name = self.core.selfeval_form(table).name
        new_table = self.core.rename_project_form(table, new_name)
        if new_table == table:
            return table
        self._push(f"重命名项目自评表“{old_name}”", lambda: self.core.rename_project_form(table, new_name),
                   lambda: self.core.rename_project_form(new_table, old_name))
        return new_table

    def move_project_form(self, table: str, index: int) -> None:
        self._writable()
        old = self.core.move_project_form(table, index)
        new = self.core.selfeval.project_index(table)
        if old == new:
            return
        self._push("调整项目自评表顺序", lambda: self.core.move_project_form(table, new),
                   lambda: self.core.move_project_form(table, old))

    # schemes ---------------------------------------------------------------------------------------------------------
    def set_form_scheme(self, table: str, scheme: Scheme) -> None:
        """Pick a form's scheme (a copy is stored in the project); undo also drops a copy it stored."""
        self._writable()
        book = self.core.selfeval
        form = self.core.selfeval_form(table)
        if form.scheme == scheme.id and book.schemes.get(scheme.id, scheme) == scheme:
            return
        before = book.schemes.get(scheme.id)
        old = self.core.set_form_scheme(table, scheme)

        def undo() -> None:
            self.core.set_form_scheme(table, old)
            if before is None and scheme.id in book.schemes:
                self.core.remove_stored_scheme(scheme.id)
            elif before is not None and book.schemes.get(scheme.id) != before:
                self.core.store_scheme(before)

        self._push(f"评分方案改为“{scheme.name}”", lambda: self.core.set_form_scheme(table, scheme), undo)


def _equal(old: Any, new: Any) -> bool:
    return old == new and (old is None) == (new is None)


def _chunks(edits: list[Edit]) -> list[list[Edit]]:
    chunks: list[list[Edit]] = []
    for edit in edits:
        if chunks and edit[0].kind == "indicator" and chunks[-1][0][0].kind == "indicator":
            chunks[-1].append(edit)
        else:
            chunks.append([edit])
    return chunks


def _run_reversed(reverts: list[Callable[[], Any]]) -> None:
    for revert in reversed(reverts):
        revert()


def _sources_with(form: SelfEvalForm, key: tuple, value: Any) -> list[BudgetSource]:
    """The 预算来源 lines with one part of one kind changed (the three kinds in printed order)."""
    kind, part = key
    have = {s.kind: s for s in form.budget_sources}
    lines = []
    for name in BUDGET_SOURCE_KINDS:
        line = have.get(name) or BudgetSource(kind=name)
        if name == kind:
            try:
                line = BudgetSource.model_validate({**line.model_dump(), part: value})
            except ValidationError as exc:
                raise JuesuanError(validation_message(exc)) from None
        lines.append(line)
    return lines
