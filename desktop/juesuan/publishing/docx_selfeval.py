"""第六部分 附件: each 绩效自评表 (整体 first, then each 项目) as a Word table, in the shape of the Excel sheets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT

from ..excel.selfeval_sheets import FUND_COLUMNS, FUND_ROWS, TITLES
from ..model import Project
from .docx_parts import CELL_STYLE, HEI, SONG, cell_paragraph_style, set_run_font, text_paragraph

WIDTH = 8


def selfeval_forms(project: Project) -> list[Any]:
    """The forms worth publishing: filled ones, and the 整体 form when it names its unit."""
    book = project.selfeval
    return [f for f in book.forms() if not f.is_blank() or (f.kind == "whole" and f.name)]


def add_selfeval(document: Any, project: Project, form: Any, ordinal: str) -> None:
    title = f"{ordinal}、{project.year}年度{form.name or project.unit.name}{TITLES[form.kind]}"
    document.add_heading(title, level=2)
    rows: list[tuple[list[Any], bool]] = []  # (eight cells, bold); "" cells next to text merge into it
    label = "单位名称" if form.kind == "whole" else "项目名称"
    rows.append(([label, form.name, None, None, "主管部门", form.department, None, None], False))
    if form.kind == "whole":
        rows.append((["基本支出总额（万元）", form.basic_total, None, None, "项目支出总额（万元）", form.project_total, None, None], False))
    else:
        rows.append((["实施单位", form.implementer or form.unit, None, None, "项目类型", form.project_type, None, None], False))
    rows.append((["资金情况（万元）", None, *FUND_COLUMNS, "分值", "执行率", "得分"], True))
    for key, text in FUND_ROWS:
        values = [form.fund(key, c) for c in FUND_COLUMNS]
        extra = [form.fund_points, _rate(form.fund_rate), form.fund_score] if key == "合计" else ["", "", ""]
        rows.append(([text, None, *values, *extra], False))
    for index, goal in enumerate(form.goals):
        name = goal.title or ("年度总体目标" if len(form.goals) == 1 else f"年度目标{index + 1}")
        points = "" if goal.points is None else f"（分值 {goal.points}）"
        rows.append(([f"{name}{points}", goal.expected or "", None, None, None, None, None, None], False))
        if goal.actual:
            rows.append((["实际完成情况", goal.actual, None, None, None, None, None, None], False))
        if goal.indicators:
            rows.append((["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"], True))
            for item in goal.indicators:
                deviation = ("（不适用）" if item.not_applicable else "") + item.deviation
                rows.append(([item.level1, item.level2, item.level3, item.target, item.actual, item.points, item.score,
                              deviation], False))
    rows.append((["总分", None, None, None, None, form.total_points, form.total_score,
                  f"等级：{form.grade}" if form.grade else ""], True))
    table = document.add_table(rows=len(rows), cols=WIDTH)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    style_id = document.styles[CELL_STYLE].style_id
    for r, (values, bold) in enumerate(rows):
        cells = table.rows[r].cells
        for cell in cells:
            cell_paragraph_style(cell, style_id)
        c = 0
        while c < WIDTH:
            end = c + 1
            while end < WIDTH and values[end] is None:
                end += 1
            target = cells[c] if end == c + 1 else cells[c].merge(cells[end - 1])
            text = _text(values[c])
            if text:
                run = target.paragraphs[0].add_run(text)
                set_run_font(run, SONG, 8, bold)
            c = end
    text_paragraph(document, f"填表人：{form.preparer}    填报日期：{form.date}    联系电话：{form.phone}", family=SONG,
                   size=9, indent=False)


def no_selfeval(document: Any) -> None:
    text_paragraph(document, "（尚未填写绩效自评表）", family=HEI, size=12, color=(0xC0, 0, 0))


def _rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value}%"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)
