"""Edits of the 自评 forms for ProjectDocument: each validates, applies, reports through the document's `_emit`
(so the rule engine re-checks the form) and returns what an undo command needs to put it back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from pydantic import ValidationError

from ..errors import JuesuanError
from ..findings import Cell
from .model import (BASIC_TABLE, FIELD_LABELS, FUND_COLUMNS, FUND_ROWS, FUND_TOTAL, GRADE_ROW, TOTAL_ROW, BasicData, BasicLine,
                    BudgetSource, Goal,
                    Indicator, SelfEvalBook, SelfEvalForm, form_table, goal_row, indicator_rows, validation_message)
from .basiclayout import BASIC_STAFF_FIELDS, STAFF_ROW, basic_layouts
from .schemes import Scheme, load_user_schemes, resolve, shipped_schemes
from .scoring import Scorecard, score_form

T = TypeVar("T")
#: Form fields set with set_form_field, and the row findings/listeners know them by.
FORM_FIELDS = {
    "name": "表头", "unit": "表头", "department": "表头", "implementer": "表头", "subproject": "表头", "project_type": "表头",
    "period": "表头", "total_investment": "表头", "total_investment_fiscal": "表头", "basic_total": "表头",
    "project_total": "表头", "fund_points": FUND_TOTAL, "fund_rate": FUND_TOTAL, "fund_score": FUND_TOTAL,
    "deviation_analysis": "表尾", "improvement": "表尾", "total_points": TOTAL_ROW, "total_score": TOTAL_ROW,
    "grade": GRADE_ROW, "preparer": "表尾", "date": "表头", "phone": "表尾", "leader": "表尾", "notes": "表尾",
}
FORM_COLUMNS = {"fund_points": "分值", "fund_rate": "执行率", "fund_score": "得分", "total_points": "分值", "total_score": "得分",
                "grade": "等级"}
GOAL_FIELDS = ("title", "expected", "actual", "points", "score")
INDICATOR_FIELDS = ("level1", "level2", "level3", "target", "actual", "points", "score", "deviation", "not_applicable")


def _guard(action: Callable[[], T]) -> T:
    """Run a model change; a validation failure becomes a Chinese JuesuanError and changes nothing."""
    try:
        return action()
    except ValidationError as exc:
        raise JuesuanError(validation_message(exc)) from None


class SelfEvalEdits:
    """Mixed into ProjectDocument: the 自评 half of the one edit path."""

    project: Any

    def _emit(self, cells: Iterable[Cell] = (), tables: Iterable[str] = ()) -> Any:  # pragma: no cover - provided by the document
        raise NotImplementedError

    # queries ---------------------------------------------------------------------------
    @property
    def selfeval(self) -> SelfEvalBook:
        return self.project.selfeval

    def selfeval_tables(self) -> list[str]:
        """自评-整体 then 自评-项目-<名称> in order: the ids findings and views use."""
        return [form_table(f) for f in self.selfeval.forms()]

    def selfeval_form(self, table: str) -> SelfEvalForm:
        return self.selfeval.form(table)

    def selfeval_rows(self, table: str) -> list[tuple[int, int, str]]:
        """(goal, index, row name) of each indicator: the `row` of its findings."""
        return indicator_rows(self.selfeval_form(table))

    def selfeval_scheme(self, table: str) -> Scheme | None:
        return resolve(self.selfeval_form(table).scheme, self.selfeval.schemes)

    def selfeval_score(self, table: str) -> Scorecard | None:
        """执行率, money score, section sums, total, grade and suggestions of a form, as its scheme computes them."""
        form = self.selfeval_form(table)
        scheme = resolve(form.scheme, self.selfeval.schemes)
        return score_form(form, scheme) if scheme is not None else None

    def available_schemes(self, user_folder: Path | None = None) -> dict[str, Scheme]:
        """Shipped schemes, the user's own files, and the copies stored in this project (which win)."""
        found = dict(shipped_schemes())
        if user_folder is not None:
            found.update(load_user_schemes(user_folder)[0])
        found.update(self.selfeval.schemes)
        return found

    # form fields ----------------------------------------------------------------------
    def set_form_field(self, table: str, field: str, value: Any) -> Any:
        """Set a header/footer/total field (名称 of a 项目 form: use rename_project_form); returns the old value."""
        if field not in FORM_FIELDS:
            raise JuesuanError(f"自评表没有可直接设置的字段“{field}”")
        form = self.selfeval_form(table)
        if field == "name" and form.kind == "project":
            raise JuesuanError("项目名称请用“重命名”修改")
        old = getattr(form, field)
        _guard(lambda: setattr(form, field, value))
        self._emit([Cell(table, FORM_FIELDS[field], FORM_COLUMNS.get(field, FIELD_LABELS[field]))], [table])
        return old

    def set_fund(self, table: str, row: str, column: str, value: Decimal | None) -> Decimal | None:
        """One amount of the 资金 block (None clears it); returns the old amount."""
        if row not in FUND_ROWS or column not in FUND_COLUMNS:
            raise JuesuanError(f"资金情况没有“{row} {column}”这一格")
        form = self.selfeval_form(table)
        old = form.fund(row, column)
        funds = {r: dict(c) for r, c in form.funds.items()}
        if value is None:
            funds.get(row, {}).pop(column, None)
        else:
            funds.setdefault(row, {})[column] = value
        _guard(lambda: setattr(form, "funds", funds))
        self._emit([Cell(table, row, column)], [table])
        return old

    def set_budget_sources(self, table: str, sources: list[BudgetSource | dict[str, Any]]) -> list[BudgetSource]:
        form = self.selfeval_form(table)
        old = list(form.budget_sources)
        _guard(lambda: setattr(form, "budget_sources", list(sources)))
        self._emit([Cell(table, "表头", FIELD_LABELS["budget_sources"])], [table])
        return old

    # schemes --------------------------------------------------------------------------
    def set_form_scheme(self, table: str, scheme: str | Scheme) -> str:
        """Pick a form's scheme (a user copy is stored in the project so the file checks the same anywhere)."""
        form = self.selfeval_form(table)
        if isinstance(scheme, Scheme):
            if shipped_schemes().get(scheme.id) != scheme:
                self.selfeval.schemes[scheme.id] = scheme
            scheme_id = scheme.id
        else:
            scheme_id = scheme
            if resolve(scheme_id, self.selfeval.schemes) is None:
                raise JuesuanError(f"评分方案“{scheme_id}”不存在")
        old = form.scheme
        _guard(lambda: setattr(form, "scheme", scheme_id))
        self._emit([Cell(table, "表头", "评分方案")], [table])
        return old

    def store_scheme(self, scheme: Scheme) -> Scheme | None:
        """Keep (or replace) an edited scheme in the project; every form using it is re-checked. Returns the old one."""
        if shipped_schemes().get(scheme.id) is not None and shipped_schemes()[scheme.id] != scheme:
            raise JuesuanError(f"“{scheme.id}”是随程序提供的方案，修改前请先复制为新方案")
        old = self.selfeval.schemes.get(scheme.id)
        self.selfeval.schemes[scheme.id] = scheme
        self._emit((), [form_table(f) for f in self.selfeval.forms() if f.scheme == scheme.id] or ["自评"])
        return old

    def remove_stored_scheme(self, scheme_id: str) -> Scheme | None:
        users = [form_table(f) for f in self.selfeval.forms() if f.scheme == scheme_id]
        if users and shipped_schemes().get(scheme_id) is None:
            raise JuesuanError(f"评分方案“{scheme_id}”正被 {'、'.join(users)} 使用，不能删除")
        old = self.selfeval.schemes.pop(scheme_id, None)
        self._emit((), users or ["自评"])
        return old

    # project forms ----------------------------------------------------------------------
    def add_project_form(self, name: str, *, scheme: str | None = None, index: int | None = None,
                         form: SelfEvalForm | None = None) -> str:
        """A new (or given) 项目支出绩效自评表; returns its table id."""
        name = (name or "").strip()
        if not name:
            raise JuesuanError("请填写项目名称")
        if any(f.name == name for f in self.selfeval.projects):
            raise JuesuanError(f"已有项目“{name}”的自评表")
        if form is None:
            template = self.selfeval.whole
            form = _guard(lambda: SelfEvalForm(kind="project", name=name, scheme=scheme or template.scheme,
                                               department=template.department or template.name,
                                               implementer=template.implementer or template.name))
        else:
            form = _guard(lambda: SelfEvalForm.model_validate({**form.model_dump(), "kind": "project", "name": name}))
        if scheme is not None:
            form.scheme = scheme
        projects = self.selfeval.projects
        position = len(projects) if index is None else max(0, min(index, len(projects)))
        projects.insert(position, form)
        table = form_table(form)
        self._emit((), [table])
        return table

    def remove_project_form(self, table: str) -> tuple[int, SelfEvalForm]:
        """Delete a 项目 form; returns (index, form) for restore_project_form."""
        index = self.selfeval.project_index(table)
        form = self.selfeval.projects.pop(index)
        self._emit((), [table])
        return index, form

    def restore_project_form(self, index: int, form: SelfEvalForm) -> str:
        return self.add_project_form(form.name, index=index, form=form)

    def rename_project_form(self, table: str, new_name: str) -> str:
        """Rename a 项目 form; returns its new table id (findings move with it)."""
        index = self.selfeval.project_index(table)
        new_name = (new_name or "").strip()
        if not new_name:
            raise JuesuanError("项目名称不能为空")
        if any(f.name == new_name for n, f in enumerate(self.selfeval.projects) if n != index):
            raise JuesuanError(f"已有项目“{new_name}”的自评表")
        form = self.selfeval.projects[index]
        _guard(lambda: setattr(form, "name", new_name))
        new_table = form_table(form)
        self._emit((), [table, new_table])
        return new_table

    def duplicate_project_form(self, table: str, new_name: str) -> str:
        form = self.selfeval_form(table)
        copy = form.model_copy(deep=True)
        return self.add_project_form(new_name, index=self.selfeval.project_index(table) + 1, form=copy)

    def move_project_form(self, table: str, index: int) -> int:
        """Move a 项目 form in the list; returns its old index."""
        old = self.selfeval.project_index(table)
        form = self.selfeval.projects.pop(old)
        self.selfeval.projects.insert(max(0, min(index, len(self.selfeval.projects))), form)
        self._emit((), [table])
        return old

    # goals ------------------------------------------------------------------------------
    def add_goal(self, table: str, index: int | None = None, goal: Goal | None = None) -> int:
        form = self.selfeval_form(table)
        goals = list(form.goals)
        position = len(goals) if index is None else max(0, min(index, len(goals)))
        goals.insert(position, goal.model_copy(deep=True) if goal is not None else Goal())
        _guard(lambda: setattr(form, "goals", goals))
        self._emit((), [table])
        return position

    def remove_goal(self, table: str, index: int) -> Goal:
        form = self.selfeval_form(table)
        if len(form.goals) <= 1:
            raise JuesuanError("自评表至少要有一个年度目标")
        goals = list(form.goals)
        removed = goals.pop(self._goal_index(form, index))
        _guard(lambda: setattr(form, "goals", goals))
        self._emit((), [table])
        return removed

    def set_goal_field(self, table: str, goal: int, field: str, value: Any) -> Any:
        if field not in GOAL_FIELDS:
            raise JuesuanError(f"年度目标没有字段“{field}”")
        form = self.selfeval_form(table)
        target = form.goals[self._goal_index(form, goal)]
        old = getattr(target, field)
        _guard(lambda: setattr(target, field, value))
        self._emit([Cell(table, goal_row(form, goal), FIELD_LABELS[field])], [table])
        return old

    # indicators -------------------------------------------------------------------------
    def insert_indicator(self, table: str, goal: int, index: int | None = None, indicator: Indicator | None = None) -> int:
        """Insert a row (blank, or a removed one being put back); returns its index."""
        form = self.selfeval_form(table)
        target = form.goals[self._goal_index(form, goal)]
        items = list(target.indicators)
        position = len(items) if index is None else max(0, min(index, len(items)))
        if indicator is None and items:
            previous = items[position - 1] if position else items[0]
            indicator = Indicator(level1=previous.level1, level2=previous.level2)
        items.insert(position, indicator.model_copy(deep=True) if indicator is not None else Indicator())
        _guard(lambda: setattr(target, "indicators", items))
        self._emit((), [table])
        return position

    def remove_indicator(self, table: str, goal: int, index: int) -> Indicator:
        form = self.selfeval_form(table)
        target = form.goals[self._goal_index(form, goal)]
        items = list(target.indicators)
        if not 0 <= index < len(items):
            raise JuesuanError(f"没有第 {index + 1} 个指标")
        removed = items.pop(index)
        _guard(lambda: setattr(target, "indicators", items))
        self._emit((), [table])
        return removed

    def move_indicator(self, table: str, goal: int, index: int, new_index: int) -> int:
        """Reorder within a goal; returns the index it landed on (move back with the pair swapped)."""
        form = self.selfeval_form(table)
        target = form.goals[self._goal_index(form, goal)]
        items = list(target.indicators)
        if not 0 <= index < len(items):
            raise JuesuanError(f"没有第 {index + 1} 个指标")
        item = items.pop(index)
        position = max(0, min(new_index, len(items)))
        items.insert(position, item)
        _guard(lambda: setattr(target, "indicators", items))
        self._emit((), [table])
        return position

    def set_indicator_field(self, table: str, goal: int, index: int, field: str, value: Any) -> Any:
        return self.set_indicator_fields(table, [(goal, index, field, value)])[0]

    def set_indicator_fields(self, table: str, edits: Iterable[tuple[int, int, str, Any]]) -> list[Any]:
        """Several cells of the indicator grid at once (one paste = one change); returns the old values.

        Every edit is validated first: one bad value refuses the whole paste and changes nothing."""
        form = self.selfeval_form(table)
        edits = list(edits)
        targets = []
        for goal, index, field, value in edits:
            if field not in INDICATOR_FIELDS:
                raise JuesuanError(f"绩效指标没有字段“{field}”")
            items = form.goals[self._goal_index(form, goal)].indicators
            if not 0 <= index < len(items):
                raise JuesuanError(f"没有第 {index + 1} 个指标")
            current = items[index]
            _guard(lambda: Indicator.model_validate({**current.model_dump(), field: value}))
            targets.append(current)
        keys = {(g, i): k for g, i, k in indicator_rows(form)}
        olds, cells = [], []
        for (goal, index, field, value), indicator in zip(edits, targets):
            olds.append(getattr(indicator, field))
            _guard(lambda: setattr(indicator, field, value))
            cells.append(Cell(table, keys[(goal, index)], FIELD_LABELS[field]))
        self._emit(cells, [table])
        return olds

    @staticmethod
    def _goal_index(form: SelfEvalForm, goal: int) -> int:
        if not 0 <= goal < len(form.goals):
            raise JuesuanError(f"没有第 {goal + 1} 个年度目标")
        return goal

    # 基础数据表 -------------------------------------------------------------------------
    def set_basic_data(self, data: BasicData | dict[str, Any] | None) -> BasicData | None:
        """Add, replace or (None) remove the 基础数据表; returns the old one."""
        old = self.selfeval.basic
        _guard(lambda: setattr(self.selfeval, "basic", data))
        self._emit((), [BASIC_TABLE])
        return old

    def set_basic_value(self, row: str, column: str, value: Decimal | None) -> Decimal | None:
        """One amount of the 基础数据表 by row and column key (None clears it); returns the old amount."""
        data = self.selfeval.basic
        if data is None:
            raise JuesuanError("本项目还没有基础数据表")
        old = data.value(row, column)
        values = {r: dict(c) for r, c in data.values.items()}
        if value is None:
            values.get(row, {}).pop(column, None)
        else:
            values.setdefault(row, {})[column] = value
        _guard(lambda: setattr(data, "values", {r: c for r, c in values.items() if c}))
        layout = basic_layouts()[data.layout]  # findings name the printed row and column
        self._emit([Cell(BASIC_TABLE, layout.row(row).label, layout.column_label(column, self.project.year))], [BASIC_TABLE])
        return old

    def _basic(self) -> BasicData:
        data = self.selfeval.basic
        if data is None:
            raise JuesuanError("本项目还没有基础数据表")
        return data

    def set_basic_staff(self, field: str, value: int | Decimal | None) -> int | Decimal | None:
        """编制数 (authorized), 实际在职人数 (staff) or 控制率 (control_rate, percent); None clears it. Returns the old."""
        data = self._basic()
        if field not in BASIC_STAFF_FIELDS:
            raise JuesuanError(f"基础数据表没有人员项“{field[:20]}”")
        old = getattr(data, field)
        _guard(lambda: setattr(data, field, value))
        layout = basic_layouts()[data.layout]
        self._emit([Cell(BASIC_TABLE, STAFF_ROW, layout.staff_label(field, self.project.year))], [BASIC_TABLE])
        return old

    def set_basic_lines(self, lines: list[BasicLine] | list[dict[str, Any]]) -> list[BasicLine]:
        """Replace the 专项 lines (names and amounts) at once, all or nothing; returns copies of the old lines."""
        data = self._basic()
        old = [line.model_copy(deep=True) for line in data.lines]
        checked = _guard(lambda: BasicData.model_validate({**data.model_dump(), "lines": [
            line.model_dump() if isinstance(line, BasicLine) else line for line in lines]}))
        _guard(lambda: setattr(data, "lines", [line.model_copy(deep=True) for line in checked.lines]))
        layout = basic_layouts()[data.layout]
        rows = [row.label for row in layout.rows if row.lines] or [BASIC_TABLE]
        self._emit([Cell(BASIC_TABLE, rows[0], "项目")], [BASIC_TABLE])
        return old

    def set_basic_text(self, key: str, text: str) -> str:
        """One text of the 基础数据表 (厉行节约保障措施) by its layout key; '' clears it. Returns the old text."""
        data = self._basic()
        layout = basic_layouts()[data.layout]
        labels = dict(layout.texts)
        if key not in labels:
            raise JuesuanError(f"基础数据表没有说明项“{key[:20]}”")
        old = data.texts.get(key, "")
        texts = {k: v for k, v in {**data.texts, key: text}.items() if v}
        _guard(lambda: setattr(data, "texts", texts))
        self._emit([Cell(BASIC_TABLE, labels[key], labels[key])], [BASIC_TABLE])
        return old
