"""How messages name a cell: 表3 2010301 行政运行 1栏, 表1 第27行（本年收入合计）, 表9 7栏."""

from __future__ import annotations

from .findings import Cell
from .model import Project
from .templates import Layout


def row_label(cell: Cell, layout: Layout, project: Project) -> str:
    template = layout.by_id.get(cell.table)
    if template is None:
        return cell.row
    if template.is_subject:
        if cell.row == template.total_row:
            return cell.row
        data = project.tables.get(cell.table)
        name = data.subjects.get(cell.row, "") if data else ""
        return f"{cell.row} {name}".strip()
    if template.kind == "economic":
        name = template.row_name(cell.row)
        return cell.row if name == cell.row else f"{cell.row} {name}".strip()
    if template.kind == "single":
        return ""
    name = template.row_name(cell.row)
    return f"第{cell.row}行（{name}）" if name else f"第{cell.row}行"


def _needs_column(cell: Cell, layout: Layout) -> bool:
    template = layout.by_id.get(cell.table)
    if template is None:
        return True
    return len(template.columns_of_row(cell.row)) > 1


#: the pseudo table of 情况说明 findings: row = section number (0 before the first heading), column = quoted words
TEXT_TABLE = "说明"
_NUMERALS = "一二三四五六七八九十"


def text_label(cell: Cell) -> str:
    """A 情况说明 finding's place: 说明 第九节 “增长0.06%”."""
    number = int(cell.row) if cell.row.isdigit() else 0
    if number <= 0:
        where = "开头"
    elif number <= 10:
        where = f"第{_NUMERALS[number - 1]}节"
    elif number < 20:
        where = f"第十{_NUMERALS[number - 11]}节"
    else:
        where = f"第{number}节"
    quote = cell.column if len(cell.column) <= 24 else cell.column[:23] + "…"
    return f"{TEXT_TABLE} {where} “{quote}”" if quote else f"{TEXT_TABLE} {where}"


def cell_label(cell: Cell, layout: Layout, project: Project, relative_to: Cell | None = None) -> str:
    """Full label, or a short one when `relative_to` shares the table and row or column."""
    if cell.table == TEXT_TABLE:
        return text_label(cell)
    column = f"{cell.column}栏" if _needs_column(cell, layout) else ""
    if relative_to is not None and relative_to.table == cell.table:
        if relative_to.row == cell.row and column:
            return column
        if relative_to.column == cell.column:
            template = layout.by_id.get(cell.table)
            if template is not None and not template.is_subject and template.kind == "fixed":
                return f"第{cell.row}行"
            return row_label(cell, layout, project)
    parts = [cell.table, row_label(cell, layout, project), column]
    return " ".join(p for p in parts if p)
