"""A new year's project from last year's file: what a continuing unit carries instead of typing it again.

Carried: the unit information; the subject rows of every table (values empty); the 自评 forms with their
names, indicators and targets (actuals, scores and funds empty); 上年数 (`prior_year`: every value of last
year's tables, and `上年…` figures of the 情况说明数据 that the new year's wording quotes); and 年初结转和结余 set
from last year's 年末 by the `pairs` of the year's `yoy-carry` rule, recorded in `Project.rollover.carried`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .datafiles import read_text
from .errors import JuesuanError
from .model import CellValues, Project, Rollover, TableData, row_keys
from .rules.yoy import expand_pairs
from .selfeval.model import SelfEvalBook, SelfEvalForm
from .templates import TableTemplate
from .validation import rulebook
from .years import registry, year_file

CARRY_BUILTIN = "yoy-carry"
#: Fields of a 自评 form that describe the project (kept); the rest is this year's result (emptied).
FORM_KEEPS = ("kind", "scheme", "name", "unit", "department", "implementer", "subproject", "project_type")


def _prior_values(last: Project) -> CellValues:
    return {table: {row: dict(cols) for row, cols in data.values.items() if cols}
            for table, data in last.tables.items() if any(data.values.values())}


def _prior_figures(last: Project, year: str) -> dict[str, Decimal]:
    """`上年X` for each figure X the new year's 情况说明 quotes as figure:上年X and last year's file holds as X."""
    try:
        _, text = read_text(year_file(year, "narrative", "quantities.toml"))
    except JuesuanError:
        return {}
    wanted = set(re.findall(r"figure:上年([^\s\"+,]+)", text))
    return {f"上年{name}": value for name, value in last.narrative.figures.items() if name in wanted}


def _carry_form(form: SelfEvalForm) -> SelfEvalForm:
    kept = {key: getattr(form, key) for key in FORM_KEEPS}
    goals = []
    for goal in form.goals:
        indicators = [{"level1": i.level1, "level2": i.level2, "level3": i.level3, "target": i.target,
                       "points": i.points} for i in goal.indicators]
        goals.append({"title": goal.title, "expected": goal.expected, "points": goal.points, "indicators": indicators})
    return SelfEvalForm.model_validate({**kept, "goals": goals or [{}]})


def _carry_selfeval(last: SelfEvalBook) -> SelfEvalBook:
    return SelfEvalBook.model_validate({
        "whole": _carry_form(last.whole).model_dump(),
        "projects": [_carry_form(p).model_dump() for p in last.projects],
        "schemes": {k: v.model_dump() for k, v in last.schemes.items()},
    })


def roll_over(last: Project, year: int | None = None, source_name: str = "") -> Project:
    """The project of `year` (default: the next one) for the unit of `last`, as the official client extracts it."""
    year = int(year if year is not None else last.year + 1)
    if year <= last.year:
        raise JuesuanError(f"新年度 {year} 应晚于上年文件的年度 {last.year}")
    if year - last.year > 1:
        raise JuesuanError(f"上年文件是 {last.year} 年度，不能直接结转到 {year} 年度（请逐年结转）")
    layout_id = str(year)
    registry().package(layout_id)  # a clear message when the year has no package
    book = rulebook(layout_id)
    project = Project(unit=last.unit.model_copy(deep=True), year=year, layout=layout_id)
    for template in book.layout.tables:
        source = last.tables.get(template.id)
        if source is not None and template.is_subject and source.subjects:
            project.tables[template.id] = TableData(subjects=dict(source.subjects))
    project.prior_year = _prior_values(last)
    project.narrative.figures.update(_prior_figures(last, layout_id))
    project.selfeval = _carry_selfeval(last.selfeval)
    project.rollover = Rollover(source=source_name[:500], source_year=last.year)
    carried: CellValues = {}
    for rule in book.rules:
        if rule.builtin != CARRY_BUILTIN:
            continue
        for cell, prior_cell in expand_pairs(rule, project, last):
            if cell.table not in book.layout:
                continue
            value = last.value(prior_cell.table, prior_cell.row, prior_cell.column)
            if value is None:
                continue
            if cell.row not in book.layout[cell.table].fixed_rows and cell.row != "合计" and cell.row not in project.table(cell.table).subjects:
                continue
            project.set_value(cell.table, cell.row, cell.column, value)
            carried.setdefault(cell.table, {}).setdefault(cell.row, {})[cell.column] = value
    project.rollover.carried = carried
    return project


def roll_over_file(last_path: str | Path, out: str | Path, year: int | None = None) -> Project:
    """Read last year's file, make the new year's project and save it to `out` (refusing to overwrite)."""
    from . import projectfile

    last_path, out = Path(last_path), Path(out)
    if out.exists():
        raise JuesuanError(f"{out.name} 已存在，未覆盖；请换一个文件名")
    last = projectfile.load(last_path)
    project = roll_over(last, year, last_path.name)
    projectfile.save(project, out, backup=False)
    return project


@dataclass(frozen=True)
class YearOnYear:
    """One line of the 上年数 / 增减额 / 增减率 view beside a table."""

    row: str
    column: str
    label: str
    now: Decimal | None
    prior: Decimal | None
    carried: bool

    @property
    def change(self) -> Decimal | None:
        if self.now is None:
            return None  # not filled in yet: no change to show
        return (self.now or Decimal(0)) - (self.prior or Decimal(0))

    @property
    def rate(self) -> Decimal | None:
        """增减率 in percent (None when last year is empty or zero)."""
        if not self.prior or self.change is None:
            return None
        return (self.change / abs(self.prior) * 100).quantize(Decimal("0.01"))


def year_on_year(project: Project, template: TableTemplate) -> list[YearOnYear]:
    """Every cell of a table with a value this year or last year, in display order, against the 上年数."""
    prior = project.prior_year.get(template.id, {})
    lines = []
    data = project.tables.get(template.id)
    subjects = data.subjects if data is not None else {}
    for row in row_keys(project, template):
        name = subjects.get(row) or template.row_name(row)
        columns = template.columns_of_row(row)
        multi = len(columns) > 1
        for column in columns:
            if not column.key:
                continue
            now, before = project.value(template.id, row, column.key), prior.get(row, {}).get(column.key)
            if now is None and before is None:
                continue
            label = f"{row} {name}".strip() + (f"（{column.label}）" if multi else "")
            lines.append(YearOnYear(row, column.key, label, now, before,
                                    project.rollover.is_carried(template.id, row, column.key)))
    return lines
