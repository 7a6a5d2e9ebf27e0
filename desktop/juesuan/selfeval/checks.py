"""The 自评 checks as built-in rules of the shared engine: severity, scope and wording come from
resources/rules/<layout>/40-selfeval.toml; these functions only find the facts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..catalog import Catalog
from ..findings import Cell
from ..money import round_cent
from ..templates import Layout
from . import basicdata, scorechecks
from .checkbase import FormView, Produced, finding, form_check, forms, num, say, say_param, tail, wan
from .layoutmatch import fitting_schemes
from .model import FUND_COLUMNS, FUND_ROWS, FUND_SOURCES, FUND_TOTAL, SelfEvalForm, form_table, goal_row
from .schemes import shipped_schemes
from .scoring import ZERO, _plain, agrees, fund_amount, money_basis

TEN_THOUSAND = Decimal(10000)


# -- scheme and structure ---------------------------------------------------------------------


def scheme_known(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    for f in forms(project):
        if f.scheme is None:
            yield f.table, finding(rule, [f.cell("表头", "评分方案")], say(
                rule, "{form} 的评分方案“{scheme}”不存在，请重新选择", form=f.label, scheme=f.form.scheme), None, f.form.scheme)


def _levels(f: FormView, rule: Any) -> Produced:
    """一级 must be the scheme's; 二级 one that 一级 admits (printed abbreviations accepted)."""
    if f.scheme is None or not f.layout_ok:
        return  # another layout: SE-LAYOUT says so once
    for g, i, ind in f.form.indicators:
        if not ind.has_content():
            continue
        row = f.rows[(g, i)]
        level1 = f.scheme.level1(ind.level1)
        if level1 is None:
            yield f"{f.table}|{row}|1", finding(rule, [f.cell(row, "一级指标")], say(
                rule, "{form} {row}：一级指标“{value}”不是“{scheme}”的一级指标（{allowed}）", form=f.label, row=row,
                value=ind.level1.strip() or "空", scheme=f.scheme.name, allowed="、".join(f.scheme.levels)), None, ind.level1)
        elif ind.level2.strip() and not f.scheme.admits(level1, ind.level2):
            yield f"{f.table}|{row}|2", finding(rule, [f.cell(row, "二级指标")], say(
                rule, "{form} {row}：二级指标“{value}”不属于一级指标“{level1}”（可用：{allowed}）", form=f.label, row=row,
                value=ind.level2.strip(), level1=level1, allowed="、".join(f.scheme.levels[level1])), None, ind.level2)


levels = form_check(_levels)


def layout_match(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """One 提示 for a form printed in another layout than its scheme's (instead of a warning per row)."""
    for f in forms(project):
        card = f.card
        if card is None or card.layout is None or card.layout_ok:
            continue
        fit = card.layout
        candidates = {**shipped_schemes(), **project.selfeval.schemes}
        others = fitting_schemes(f.form, candidates)
        hint = f"可能相符的方案：{'、'.join(s.name for s in others)}" if others else "没有相符的方案时，可复制一个方案，按本表的一级指标和分值修改"
        yield f.table, finding(rule, [f.cell("表头", "评分方案")], say(
            rule, "{form} 的表式与评分方案“{scheme}”不符：{rows}个指标中有{unknown}个的一级指标（{levels}）不在方案中，"
            "未按方案逐项检查一级指标、各部分分值和得分，总分按各行得分直接相加检查；{hint}",
            form=f.label, scheme=f.scheme.name if f.scheme else f.form.scheme, rows=fit.rows, unknown=fit.unknown_rows,
            levels="、".join(fit.unknown), hint=hint), None, "、".join(fit.unknown))


def _not_applicable(f: FormView, rule: Any) -> Produced:
    if f.scheme is None or f.scheme.rules.not_applicable != "forbid":
        return
    for g, i, ind in f.form.indicators:
        if ind.not_applicable:
            row = f.rows[(g, i)]
            yield f"{f.table}|{row}", finding(rule, [f.cell(row, "不适用")], say(
                rule, "{form} {row}：评分方案“{scheme}”不允许把指标标为不适用", form=f.label, row=row, scheme=f.scheme.name))


not_applicable = form_check(_not_applicable)


# -- the 资金 block ----------------------------------------------------------------------------


def _fund_sum(f: FormView, rule: Any) -> Produced:
    """合计 = 当年财政拨款 + 上年结转资金 + 其他资金, per column, when any source is filled in."""
    assert f.form
    for column in FUND_COLUMNS:
        parts = [(row, f.form.fund(row, column)) for row in FUND_SOURCES]
        present = [(row, v) for row, v in parts if v is not None]
        if not present:
            continue
        expected = sum((v for _, v in present), ZERO)
        actual = f.form.fund(FUND_TOTAL, column)
        if actual == expected:
            continue
        diff = (actual or ZERO) - expected
        terms = " + ".join(f"{row} {wan(v)}" for row, v in present)
        cells = [f.cell(FUND_TOTAL, column), *(f.cell(row, column) for row, _ in present)]
        values = dict(form=f.label, column=column, expected=wan(expected), terms=terms, actual=wan(actual), diff=wan(diff))
        if not actual and expected:
            # a blank (or 0) 合计 with filled sources: the checks of 执行率 and the money score use the sources
            used = f.scheme is not None and column in (f.scheme.money.budget, f.scheme.money.spent)
            note = "；执行率按来源行之和计算" if used else ""
            message = say_param(rule, "blank_message", "{form} 年度资金总额（合计）{column} {state}，来源行合计 {expected}（= {terms}）{note}",
                                state="未填" if actual is None else "填为 0", note=note, **values)
            yield f"{f.table}|{column}", finding(rule, cells, message, expected, actual)
            continue
        yield f"{f.table}|{column}", finding(rule, cells, say(
            rule, "{form} 年度资金总额（合计）{column} 应为 {expected}（= {terms}），实为 {actual}，差 {diff}", **values),
            expected, actual, tail(rule, diff, len(present)) if actual is not None else None)


fund_sum = form_check(_fund_sum)


def _rate(f: FormView, rule: Any) -> Produced:
    """执行率 as entered = 全年执行数 / 全年预算数 (at the entered precision)."""
    if f.card is None or f.form.fund_rate is None or f.card.rate is None:
        return
    computed = f.card.rate * 100
    if agrees(f.form.fund_rate, computed):
        return
    scheme = f.scheme
    assert scheme is not None
    money = scheme.money
    sources = f.card.rate_from_sources
    note = f"；合计的{'、'.join(sources)}未填或为 0，按来源行之和" if sources else ""
    yield f.table, finding(rule, [f.cell(FUND_TOTAL, "执行率"), f.cell(FUND_TOTAL, money.spent),
                                  f.cell(FUND_TOTAL, money.budget)], say(
        rule, "{form} 执行率应为 {expected}%（{spent} {spent_value} ÷ {budget} {budget_value}{note}），实填 {actual}%",
        form=f.label, expected=_plain(f.card.rate_percent or ZERO), spent=money.spent,
        spent_value=wan(fund_amount(f.form, money.spent)[0]), budget=money.budget,
        budget_value=wan(fund_amount(f.form, money.budget)[0]), note=note, actual=_plain(f.form.fund_rate)),
        f.card.rate_percent, f.form.fund_rate)


rate = form_check(_rate)


def _money_score(f: FormView, rule: Any) -> Produced:
    """资金得分 = 分值 × 执行率, not above the 分值."""
    tolerance = Decimal(str(rule.param("tolerance", "0")))
    card = f.card
    if card is None or card.money_exact is None or card.money_score is None or f.scheme is None:
        return
    if card.money_ref is not None:  # 预算执行率 scored as an indicator row of a section
        g, i = card.money_ref
        entered = f.form.goals[g].indicators[i].score
        row = f.rows[card.money_ref]
        cells = [f.cell(row, "得分"), f.cell(FUND_TOTAL, "全年执行数")]
    else:
        entered, row = f.form.fund_score, "资金"
        cells = [f.cell(FUND_TOTAL, "得分"), f.cell(FUND_TOTAL, "执行率")]
    if entered is None or agrees(entered, card.money_exact, tolerance):
        return
    yield f.table, finding(rule, cells, say(
        rule, "{form} {row}得分应为 {expected}（分值 {weight}，执行率 {rate}%：{basis}），实填 {actual}",
        form=f.label, row=row, expected=_plain(card.money_score), weight=num(card.money_weight),
        rate=num(card.rate_percent), basis=money_basis(f.scheme), actual=_plain(entered)), card.money_score, entered)


money_score = form_check(_money_score)


def yuan_amounts(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Amounts clearly in 元 under the 万元 header: ≥ 10 × the department's whole-year spending (or a fixed limit)."""
    reference = _department_total(project, rule)
    for f in forms(project):
        limit = _yuan_limit(f.form, reference, rule)
        suspicious = [(row, column, value) for row, column, value in _amounts(f.form) if value >= limit]
        if not suspicious:
            continue
        row, column, value = suspicious[0]
        basis = f"部门全年支出 {wan(reference)} 万元" if reference else f"超过 {wan(limit)} 万元"
        yield f.table, finding(rule, [f.cell(r, c) for r, c, _ in suspicious], say(
            rule, "{form} 金额单位为万元，{row} {column} {value} 明显是按元填写（折合 {wan} 万元；{basis}），共 {count} 处",
            form=f.label, row=row, column=column, value=wan(value), wan=wan(round_cent(value / TEN_THOUSAND)),
            basis=basis, count=len(suspicious)), round_cent(value / TEN_THOUSAND), value)


def _amounts(form: SelfEvalForm) -> list[tuple[str, str, Decimal]]:
    found = [(row, column, form.fund(row, column)) for row in FUND_ROWS for column in FUND_COLUMNS]
    found += [("表头", "基本支出总额", form.basic_total), ("表头", "项目支出总额", form.project_total),
              ("表头", "项目总投资", form.total_investment), ("表头", "其中：财政拨款", form.total_investment_fiscal)]
    return [(r, c, v) for r, c, v in found if v is not None]


def _where(rule: Any, name: str, default: str) -> tuple[str, str, str]:
    """A 决算 cell named in the rule's params as "表 行 栏" (e.g. "表1 58 2")."""
    parts = str(rule.param(name, default)).split()
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else tuple(default.split())  # type: ignore[return-value]


def _department_total(project: Any, rule: Any) -> Decimal | None:
    table, row, column = _where(rule, "spending", "表1 58 2")
    value = project.value(table, row, column)
    return value if value else None


def _yuan_limit(form: SelfEvalForm, reference: Decimal | None, rule: Any) -> Decimal:
    if reference:
        return reference * Decimal(str(rule.param("factor", "10")))
    key = "whole_limit" if form.kind == "whole" else "project_limit"
    return Decimal(str(rule.param(key, "100000")))


def in_yuan(form: SelfEvalForm, project: Any, rule: Any) -> bool:
    reference = _department_total(project, rule)
    limit = _yuan_limit(form, reference, rule)
    return any(value >= limit for _, _, value in _amounts(form))


_YUAN_IN_TEXT = re.compile(r"(?<![万亿\d.])(\d+(?:\.\d{1,2})?)\s*元")


def _text_units(f: FormView, rule: Any) -> Produced:
    """“追加…90.8 元” where the form's own figures show 90.8 万元 was meant."""
    figures = _figures(f.form)
    texts = [(f.rows[(g, i)], "偏差原因分析及改进措施", ind.deviation) for g, i, ind in f.form.indicators]
    texts += [(goal_row(f.form, n), "实际完成情况", goal.actual) for n, goal in enumerate(f.form.goals)]
    texts += [("表尾", "偏差原因分析", f.form.deviation_analysis), ("表尾", "改进措施", f.form.improvement)]
    for row, column, text in texts:
        for match in _YUAN_IN_TEXT.finditer(text or ""):
            value = Decimal(match.group(1))
            source = figures.get(value)
            if value >= TEN_THOUSAND or source is None:
                continue
            yield f"{f.table}|{row}|{column}|{match.start()}", finding(rule, [f.cell(row, column)], say(
                rule, "{form} {row}：“{quote}”疑为 {value} 万元（{source}），金额单位请写万元",
                form=f.label, row=row, quote=match.group(0), value=_plain(value), source=source), None, match.group(0))


text_units = form_check(_text_units)


def _figures(form: SelfEvalForm) -> dict[Decimal, str]:
    """Amounts of the 资金 block and their differences (全年预算数 − 年初预算数 is a mid-year addition)."""
    figures: dict[Decimal, str] = {}
    for row in FUND_ROWS:
        values = {c: form.fund(row, c) for c in FUND_COLUMNS}
        for column, value in values.items():
            if value:
                figures.setdefault(value, f"{row} {column} {wan(value)} 万元")
        start, year, spent = values["年初预算数"], values["全年预算数"], values["全年执行数"]
        if start is not None and year is not None and year != start:
            figures.setdefault(abs(year - start), f"全年预算数 {wan(year)} − 年初预算数 {wan(start)} = {wan(abs(year - start))} 万元")
        if year is not None and spent is not None and year != spent:
            figures.setdefault(abs(year - spent), f"全年预算数 {wan(year)} − 全年执行数 {wan(spent)} = {wan(abs(year - spent))} 万元")
    return figures


# -- links to the 决算 tables --------------------------------------------------------------------


def link_whole(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """整体 全年执行数 = 表1 本年支出合计; 基本支出总额 / 项目支出总额 = 表3 合计 2栏 / 3栏."""
    whole = project.selfeval.whole
    if whole.is_blank():
        return
    table = "自评-整体"
    links = [
        (Cell(table, FUND_TOTAL, "全年执行数"), whole.fund(FUND_TOTAL, "全年执行数"), _where(rule, "spent", "表1 58 2"), "本年支出合计"),
        (Cell(table, "表头", "基本支出总额"), whole.basic_total, _where(rule, "basic", "表3 合计 2"), "基本支出"),
        (Cell(table, "表头", "项目支出总额"), whole.project_total, _where(rule, "project", "表3 合计 3"), "项目支出"),
    ]
    for cell, value, (t, r, c), name in links:
        other = project.value(t, str(r), str(c))
        if value is None or other is None or round_cent(value) == other:
            continue  # the 决算 tables keep two decimals: 12.3456 万元 agrees with 12.35
        diff = value - other
        yield cell.column, finding(rule, [cell, Cell(t, str(r), str(c))], say(
            rule, "整体自评表 {column} {actual} 与 {source} {expected} 不一致，差 {diff}", column=cell.column,
            actual=wan(value), source=f"{t} {r} {c}栏（{name}）" if t != "表1" else f"{t} 第{r}行（{name}）",
            expected=wan(other), diff=wan(diff)), other, value, tail(rule, diff))


def link_projects(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Σ 项目 forms' 全年执行数 = 表3 合计 3栏 (forms filled in 元 are converted); none missing when there is 项目支出."""
    t, r, c = _where(rule, "project", "表3 合计 3")
    other = project.value(t, str(r), str(c))
    forms = [form for form in project.selfeval.projects if not form.is_blank()]
    if other is None:
        return
    if not forms:
        if other > 0 and rule.param("missing", True):
            yield "missing", finding(rule, [Cell(t, str(r), str(c))], say(
                rule, "{source} 项目支出 {expected} 万元，但没有任何项目支出绩效自评表，请为每个项目填一张",
                source=f"{t} {r} {c}栏", expected=wan(other)), other, None)
        return
    total = ZERO
    converted = []
    for form in forms:
        spent = form.fund(FUND_TOTAL, "全年执行数")
        if spent is None:
            continue
        if in_yuan(form, project, rule):
            spent = spent / TEN_THOUSAND
            converted.append(form.name)
        total += spent
    total = round_cent(total)
    if total == other:
        return
    diff = total - other
    note = f"（{'、'.join(converted)} 按元折算为万元）" if converted else ""
    cells = [Cell(form_table(form), FUND_TOTAL, "全年执行数") for form in forms] + [Cell(t, str(r), str(c))]
    yield "sum", finding(rule, cells, say(
        rule, "{count}张项目自评表全年执行数合计 {actual}{note}，与 {source}（项目支出）{expected} 不一致，差 {diff}",
        count=len(forms), actual=wan(total), note=note, source=f"{t} {r} {c}栏", expected=wan(other),
        diff=wan(diff)), other, total, tail(rule, diff, len(forms)))


BUILTINS = {
    "selfeval-scheme": scheme_known,
    "selfeval-layout": layout_match,
    "selfeval-levels": levels,
    "selfeval-not-applicable": not_applicable,
    "selfeval-fund-sum": fund_sum,
    "selfeval-rate": rate,
    "selfeval-money-score": money_score,
    "selfeval-yuan": yuan_amounts,
    "selfeval-text-unit": text_units,
    "selfeval-section-points": scorechecks.section_points,
    "selfeval-total-points": scorechecks.total_points,
    "selfeval-section-score": scorechecks.section_score,
    "selfeval-score-within-points": scorechecks.score_within_points,
    "selfeval-total": scorechecks.total,
    "selfeval-grade": scorechecks.grade,
    "selfeval-deviation": scorechecks.deviation,
    "selfeval-no-number": scorechecks.no_number,
    "selfeval-suggested": scorechecks.suggested,
    "selfeval-overshoot": scorechecks.overshoot,
    "selfeval-date": scorechecks.report_date,
    "selfeval-link-whole": link_whole,
    "selfeval-link-projects": link_projects,
    "selfeval-basic-sum": basicdata.basic_sums,
    "selfeval-basic-link": basicdata.basic_links,
}
