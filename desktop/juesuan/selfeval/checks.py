"""The 自评 checks as built-in rules of the shared engine: severity, scope and wording come from
resources/rules/<layout>/40-selfeval.toml; these functions only find the facts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable, Iterator

from ..catalog import Catalog
from ..findings import Cell, Finding
from ..money import format_amount, round_cent
from ..templates import Layout
from .indicators import parse
from .model import FUND_COLUMNS, FUND_ROWS, FUND_SOURCES, FUND_TOTAL, GRADE_ROW, TOTAL_ROW, SelfEvalForm, form_table, goal_row, indicator_rows
from .schemes import HUNDRED, Scheme, resolve
from .scoring import ZERO, Scorecard, _plain, agrees, score_form

Produced = Iterator[tuple[str, Finding]]
TAIL = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


class _Form:
    """A non-blank form with what every check needs: its table id, scheme, scores and indicator rows."""

    def __init__(self, form: SelfEvalForm, scheme: Scheme | None) -> None:
        self.form = form
        self.table = form_table(form)
        self.scheme = scheme
        self.card: Scorecard | None = score_form(form, scheme) if scheme is not None else None
        self.rows = {(g, i): key for g, i, key in indicator_rows(form)}
        self.label = "整体自评表" if form.kind == "whole" else f"项目自评表“{form.name}”"

    def cell(self, row: str, column: str) -> Cell:
        return Cell(self.table, row, column)


def _forms(project: Any) -> list[_Form]:
    book = getattr(project, "selfeval", None)
    if book is None:
        return []
    return [_Form(form, resolve(form.scheme, book.schemes)) for form in book.forms() if not form.is_blank()]


def _say(rule: Any, default: str, **values: Any) -> str:
    template = rule.message or default
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return default.format(**values)


def _n(value: Decimal | None) -> str:
    return "空" if value is None else _plain(value)


def _money(value: Decimal | None) -> str:
    return "空" if value is None else format_amount(value)


def _finding(rule: Any, cells: Iterable[Cell], message: str, expected: Any = None, actual: Any = None,
             severity: str | None = None) -> Finding:
    return Finding(rule.id, severity or rule.severity, tuple(cells), message, expected, actual)


def _tail(rule: Any, diff: Decimal, terms: int = 1) -> str:
    return "tail" if rule.tail and abs(diff) <= TAIL * max(1, terms) else rule.severity


# -- scheme and structure ---------------------------------------------------------------------


def scheme_known(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    for f in _forms(project):
        if f.scheme is None:
            yield f.table, _finding(rule, [f.cell("表头", "评分方案")], _say(
                rule, "{form} 的评分方案“{scheme}”不存在，请重新选择", form=f.label, scheme=f.form.scheme), None, f.form.scheme)


def levels(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """一级 must be the scheme's; 二级 one that 一级 admits (printed abbreviations accepted)."""
    for f in _forms(project):
        if f.scheme is None:
            continue
        for g, i, ind in f.form.indicators:
            if not ind.has_content():
                continue
            row = f.rows[(g, i)]
            level1 = f.scheme.level1(ind.level1)
            if level1 is None:
                yield f"{f.table}|{row}|1", _finding(rule, [f.cell(row, "一级指标")], _say(
                    rule, "{form} {row}：一级指标“{value}”不是“{scheme}”的一级指标（{allowed}）", form=f.label, row=row,
                    value=ind.level1.strip() or "空", scheme=f.scheme.name, allowed="、".join(f.scheme.levels)), None, ind.level1)
            elif ind.level2.strip() and not f.scheme.admits(level1, ind.level2):
                yield f"{f.table}|{row}|2", _finding(rule, [f.cell(row, "二级指标")], _say(
                    rule, "{form} {row}：二级指标“{value}”不属于一级指标“{level1}”（可用：{allowed}）", form=f.label, row=row,
                    value=ind.level2.strip(), level1=level1, allowed="、".join(f.scheme.levels[level1])), None, ind.level2)


def not_applicable(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    for f in _forms(project):
        if f.scheme is None or f.scheme.rules.not_applicable != "forbid":
            continue
        for g, i, ind in f.form.indicators:
            if ind.not_applicable:
                row = f.rows[(g, i)]
                yield f"{f.table}|{row}", _finding(rule, [f.cell(row, "不适用")], _say(
                    rule, "{form} {row}：评分方案“{scheme}”不允许把指标标为不适用", form=f.label, row=row, scheme=f.scheme.name))


# -- the 资金 block ----------------------------------------------------------------------------


def fund_sum(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """合计 = 当年财政拨款 + 上年结转资金 + 其他资金, per column, when any source is filled in."""
    for f in _forms(project):
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
            terms = " + ".join(f"{row} {_money(v)}" for row, v in present)
            cells = [f.cell(FUND_TOTAL, column), *(f.cell(row, column) for row, _ in present)]
            yield f"{f.table}|{column}", _finding(rule, cells, _say(
                rule, "{form} 年度资金总额（合计）{column} 应为 {expected}（= {terms}），实为 {actual}，差 {diff}",
                form=f.label, column=column, expected=_money(expected), terms=terms, actual=_money(actual),
                diff=_money(diff)), expected, actual, _tail(rule, diff, len(present)) if actual is not None else None)


def rate(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """执行率 as entered = 全年执行数 / 全年预算数 (at the entered precision)."""
    for f in _forms(project):
        if f.card is None or f.form.fund_rate is None or f.card.rate is None:
            continue
        computed = f.card.rate * 100
        if agrees(f.form.fund_rate, computed):
            continue
        scheme = f.scheme
        assert scheme is not None
        yield f.table, _finding(rule, [f.cell(FUND_TOTAL, "执行率"), f.cell(FUND_TOTAL, scheme.money.spent),
                                       f.cell(FUND_TOTAL, scheme.money.budget)], _say(
            rule, "{form} 执行率应为 {expected}%（{spent} {spent_value} ÷ {budget} {budget_value}），实填 {actual}%",
            form=f.label, expected=_plain(f.card.rate_percent or ZERO), spent=scheme.money.spent,
            spent_value=_money(f.form.fund(FUND_TOTAL, scheme.money.spent)), budget=scheme.money.budget,
            budget_value=_money(f.form.fund(FUND_TOTAL, scheme.money.budget)), actual=_plain(f.form.fund_rate)),
            f.card.rate_percent, f.form.fund_rate)


def money_score(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """资金得分 = 分值 × 执行率, not above the 分值."""
    tolerance = Decimal(str(rule.param("tolerance", "0")))
    for f in _forms(project):
        card = f.card
        if card is None or f.form.fund_score is None or card.money_exact is None or card.money_score is None:
            continue
        if agrees(f.form.fund_score, card.money_exact, tolerance):
            continue
        yield f.table, _finding(rule, [f.cell(FUND_TOTAL, "得分"), f.cell(FUND_TOTAL, "执行率")], _say(
            rule, "{form} 资金得分应为 {expected}（分值 {weight} × 执行率 {rate}%，不超过分值），实填 {actual}",
            form=f.label, expected=_plain(card.money_score), weight=_n(card.money_weight), rate=_n(card.rate_percent),
            actual=_plain(f.form.fund_score)), card.money_score, f.form.fund_score)


def yuan_amounts(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Amounts clearly in 元 under the 万元 header: ≥ 10 × the department's whole-year spending (or a fixed limit)."""
    reference = _department_total(project, rule)
    for f in _forms(project):
        limit = _yuan_limit(f.form, reference, rule)
        suspicious = [(row, column, value) for row, column, value in _amounts(f.form) if value >= limit]
        if not suspicious:
            continue
        row, column, value = suspicious[0]
        basis = f"部门全年支出 {_money(reference)} 万元" if reference else f"超过 {_money(limit)} 万元"
        yield f.table, _finding(rule, [f.cell(r, c) for r, c, _ in suspicious], _say(
            rule, "{form} 金额单位为万元，{row} {column} {value} 明显是按元填写（折合 {wan} 万元；{basis}），共 {count} 处",
            form=f.label, row=row, column=column, value=_money(value), wan=_money(round_cent(value / TEN_THOUSAND)),
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


def text_units(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """“追加…90.8 元” where the form's own figures show 90.8 万元 was meant."""
    for f in _forms(project):
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
                yield f"{f.table}|{row}|{column}|{match.start()}", _finding(rule, [f.cell(row, column)], _say(
                    rule, "{form} {row}：“{quote}”疑为 {value} 万元（{source}），金额单位请写万元",
                    form=f.label, row=row, quote=match.group(0), value=_plain(value), source=source), None, match.group(0))


def _figures(form: SelfEvalForm) -> dict[Decimal, str]:
    """Amounts of the 资金 block and their differences (全年预算数 − 年初预算数 is a mid-year addition)."""
    figures: dict[Decimal, str] = {}
    for row in FUND_ROWS:
        values = {c: form.fund(row, c) for c in FUND_COLUMNS}
        for column, value in values.items():
            if value:
                figures.setdefault(value, f"{row} {column} {_money(value)} 万元")
        start, year, spent = values["年初预算数"], values["全年预算数"], values["全年执行数"]
        if start is not None and year is not None and year != start:
            figures.setdefault(abs(year - start), f"全年预算数 {_money(year)} − 年初预算数 {_money(start)} = {_money(abs(year - start))} 万元")
        if year is not None and spent is not None and year != spent:
            figures.setdefault(abs(year - spent), f"全年预算数 {_money(year)} − 全年执行数 {_money(spent)} = {_money(abs(year - spent))} 万元")
    return figures


# -- points and scores ---------------------------------------------------------------------------


def section_points(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Σ 分值 of a section = the scheme's weight; on a 整体 form with 年度目标, Σ 指标分值 of a goal = its points."""
    for f in _forms(project):
        if f.card is None or not f.scheme or not f.scheme.scored:
            continue
        for result in f.card.sections:
            weight = result.section.weight
            if result.points is None or weight is None or result.points == weight:
                continue
            column = "分值"
            yield f"{f.table}|{result.section.key}", _finding(rule, _section_cells(f, result, column), _say(
                rule, "{form} {section}分值合计 {actual}，按“{scheme}”应为 {expected}", form=f.label,
                section=result.section.name, actual=_plain(result.points), scheme=f.scheme.name, expected=_plain(weight)),
                weight, result.points)
        if len(f.form.goals) > 1:
            for n, goal in enumerate(f.form.goals):
                points = [ind.points for ind in goal.indicators if ind.points is not None and not ind.not_applicable]
                if goal.points is None or not points or sum(points, ZERO) == goal.points:
                    continue
                total = sum(points, ZERO)
                row = goal_row(f.form, n)
                yield f"{f.table}|goal{n}", _finding(rule, [f.cell(row, "分值")], _say(
                    rule, "{form} {section}分值合计 {actual}，按“{scheme}”应为 {expected}", form=f.label,
                    section=f"{row}的指标", actual=_plain(total), scheme=f.scheme.name, expected=_plain(goal.points)),
                    goal.points, total)


def _section_cells(f: _Form, result: Any, column: str) -> list[Cell]:
    if result.section.kind == "money":
        return [f.cell(FUND_TOTAL, column)]
    if result.section.kind == "goal":
        return [f.cell(goal_row(f.form, 0), column)]
    return [f.cell(result.row, column), *(f.cell(f.rows[ref], column) for ref in result.members)]


def total_points(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """The whole form's 分值 add up to 100 (checked when every section's 分值 is on the form)."""
    for f in _forms(project):
        card = f.card
        if card is None or not f.scheme or not f.scheme.scored:
            continue
        if card.points_total is None or any(r.points is None for r in card.sections):
            continue
        if card.points_total == HUNDRED and (f.form.total_points is None or f.form.total_points == HUNDRED):
            continue
        parts = " + ".join(f"{r.section.name} {_plain(r.points or ZERO)}" for r in card.sections)
        printed = f"，总分行印 {_plain(f.form.total_points)}" if f.form.total_points is not None else ""
        yield f.table, _finding(rule, [f.cell(TOTAL_ROW, "分值")], _say(
            rule, "{form} 各项分值合计 {actual}（{parts}），应为 100{printed}", form=f.label,
            actual=_plain(card.points_total), parts=parts, printed=printed), HUNDRED, card.points_total)


def section_score(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Without printed 分值 (湖北), Σ 得分 of a section or a 年度目标 may not exceed its points."""
    for f in _forms(project):
        card = f.card
        if card is None or not f.scheme or not f.scheme.scored:
            continue
        for result in card.sections:
            weight = result.section.weight
            if result.section.kind in ("money", "goal") or result.points is not None and result.section.kind != "goals":
                continue
            if weight is None or result.score <= weight:
                continue
            count = len(result.members)
            yield f"{f.table}|{result.section.key}", _finding(rule, _section_cells(f, result, "得分"), _say(
                rule, "{form} {section}（{weight}分）{count}个指标得分合计 {actual}，超过该部分分值 {weight}",
                form=f.label, section=result.section.name, weight=_plain(weight), count=count,
                actual=_plain(result.score)), weight, result.score)
        if len(f.form.goals) > 1:
            for n, goal in enumerate(f.form.goals):
                scores = [ind.score for ind in goal.indicators if ind.score is not None and not ind.not_applicable]
                total = sum(scores, ZERO)
                if goal.points is None or total <= goal.points:
                    continue
                row = goal_row(f.form, n)
                yield f"{f.table}|goal{n}", _finding(rule, [f.cell(row, "得分")], _say(
                    rule, "{form} {section}（{weight}分）{count}个指标得分合计 {actual}，超过该部分分值 {weight}",
                    form=f.label, section=row, weight=_plain(goal.points), count=len(scores), actual=_plain(total)),
                    goal.points, total)


def score_within_points(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Each 得分 ≤ its 分值 (indicator, money block, 总目标)."""
    for f in _forms(project):
        if f.card is None:
            continue
        for (g, i), row in f.rows.items():
            ind = f.form.goals[g].indicators[i]
            if ind.points is not None and ind.score is not None and ind.score > ind.points:
                yield f"{f.table}|{row}", _finding(rule, [f.cell(row, "得分"), f.cell(row, "分值")], _say(
                    rule, "{form} {row}：得分 {actual} 超过分值 {expected}", form=f.label, row=row,
                    actual=_plain(ind.score), expected=_plain(ind.points)), ind.points, ind.score)
        money_cap = f.form.fund_points if f.form.fund_points is not None else f.card.money_weight
        if f.form.fund_score is not None and money_cap is not None and f.form.fund_score > money_cap:
            yield f"{f.table}|money", _finding(rule, [f.cell(FUND_TOTAL, "得分")], _say(
                rule, "{form} {row}：得分 {actual} 超过分值 {expected}", form=f.label, row="资金",
                actual=_plain(f.form.fund_score), expected=_plain(money_cap)), money_cap, f.form.fund_score)
        for n, goal in enumerate(f.form.goals):
            cap = goal.points
            if cap is None and n == 0 and f.scheme is not None:
                cap = next((s.weight for s in f.card.form_scheme.sections if s.kind == "goal"), None)
            if goal.score is not None and cap is not None and goal.score > cap:
                row = goal_row(f.form, n)
                yield f"{f.table}|goal{n}", _finding(rule, [f.cell(row, "得分")], _say(
                    rule, "{form} {row}：得分 {actual} 超过分值 {expected}", form=f.label, row=row,
                    actual=_plain(goal.score), expected=_plain(cap)), cap, goal.score)


def total(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """总分 as entered = the parts (with 不适用 rescaling and the execution-rate cap of the scheme)."""
    tolerance = Decimal(str(rule.param("tolerance", "0")))
    for f in _forms(project):
        card = f.card
        entered = f.form.total_score
        if card is None or entered is None or card.total is None or agrees(entered, card.total, tolerance):
            continue
        parts = " + ".join(f"{r.section.name} {_plain(r.score)}" for r in card.sections)
        notes = []
        if card.not_applicable_points:
            notes.append(f"扣除不适用指标 {_plain(card.not_applicable_points)} 分后折算为百分制")
        if card.cap is not None:
            notes.append(f"执行率 {_n(card.rate_percent)}% 时总分不超过 {_plain(card.cap)}")
        note = f"，{'；'.join(notes)}" if notes else ""
        yield f.table, _finding(rule, [f.cell(TOTAL_ROW, "得分")], _say(
            rule, "{form} 总分应为 {expected}（{parts}{note}），实填 {actual}", form=f.label,
            expected=_plain(card.total), parts=parts, note=note, actual=_plain(entered)), card.total, entered)


def grade(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    for f in _forms(project):
        card = f.card
        entered = f.form.grade.strip()
        if card is None or not entered or card.grade is None or entered == card.grade:
            continue
        bands = "，".join(f"{g.name} ≥ {_plain(g.min)}" for g in sorted(card.scheme.grades, key=lambda g: g.min, reverse=True))
        yield f.table, _finding(rule, [f.cell(GRADE_ROW, "等级"), f.cell(TOTAL_ROW, "得分")], _say(
            rule, "{form} 等级应为“{expected}”（总分 {total}；{bands}），实填“{actual}”", form=f.label,
            expected=card.grade, total=_plain(card.total or ZERO), bands=bands, actual=entered), card.grade, entered)


# -- indicators ----------------------------------------------------------------------------------


def deviation(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """An indicator scoring below its 分值 needs a 偏差原因 (in its row, or in the form's 偏差原因分析)."""
    for f in _forms(project):
        form_reason = f.form.deviation_analysis.strip()
        if form_reason and form_reason not in ("无", "/", "-", "—"):
            continue
        for (g, i), row in f.rows.items():
            ind = f.form.goals[g].indicators[i]
            if ind.not_applicable or ind.points is None or ind.score is None or ind.score >= ind.points:
                continue
            if ind.deviation.strip() and ind.deviation.strip() not in ("无", "/", "-", "—"):
                continue
            yield f"{f.table}|{row}", _finding(rule, [f.cell(row, "偏差原因分析及改进措施"), f.cell(row, "得分")], _say(
                rule, "{form} {row}：得分 {score} 低于分值 {points}，请填写偏差原因分析及改进措施", form=f.label,
                row=row, score=_plain(ind.score), points=_plain(ind.points)))


def no_number(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """A numeric 年度指标值 needs a numeric 实际完成值 (seed 003 prints “次”)."""
    for f in _forms(project):
        for (g, i), row in f.rows.items():
            ind = f.form.goals[g].indicators[i]
            if ind.not_applicable or not ind.actual.strip():
                continue
            target, actual = parse(ind.target), parse(ind.actual)
            if not target.numeric or actual.numeric:
                continue
            why = actual.reason if not actual.parsed else "是文字，没有数值"
            yield f"{f.table}|{row}", _finding(rule, [f.cell(row, "实际完成值")], _say(
                rule, "{form} {row}：年度指标值“{target}”是数值，实际完成值“{actual}”{why}，无法计算完成程度",
                form=f.label, row=row, target=ind.target.strip(), actual=ind.actual.strip(), why=why), None, ind.actual)


def suggested(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """The entered 得分 against the scheme's suggestion, beyond the scheme's margin (a share of the 分值)."""
    for f in _forms(project):
        card = f.card
        if card is None or f.scheme is None:
            continue
        margin_share = f.scheme.rules.suggest_margin
        for (g, i), row in f.rows.items():
            ind = f.form.goals[g].indicators[i]
            tip = card.suggestions.get((g, i))
            if tip is None or not tip.available or ind.score is None or ind.points is None:
                continue
            margin = ind.points * margin_share
            if tip.score is not None:
                off = abs(ind.score - tip.score) > margin
            else:
                off = ind.score < (tip.low or ZERO) - margin or ind.score > (tip.high or ZERO) + margin
            if not off:
                continue
            yield f"{f.table}|{row}", _finding(rule, [f.cell(row, "得分")], _say(
                rule, "{form} {row}：得分 {actual} 与建议得分 {expected} 相差超过分值的 {margin}%（{basis}）",
                form=f.label, row=row, actual=_plain(ind.score), expected=tip.text(),
                margin=_plain(margin_share * 100), basis=tip.basis), tip.score if tip.score is not None else tip.text(), ind.score)


def overshoot(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    for f in _forms(project):
        card = f.card
        if card is None or f.scheme is None or not f.scheme.rules.overshoot:
            continue
        for (g, i), row in f.rows.items():
            tip = card.suggestions.get((g, i))
            if tip is not None and tip.overshoot:
                ind = f.form.goals[g].indicators[i]
                yield f"{f.table}|{row}", _finding(rule, [f.cell(row, "年度指标值"), f.cell(row, "实际完成值")], _say(
                    rule, "{form} {row}：实际完成值“{actual}”超出年度指标值“{target}” {ratio}% 以上，目标可能设置偏低（{basis}）",
                    form=f.label, row=row, actual=ind.actual.strip(), target=ind.target.strip(),
                    ratio=_plain(f.scheme.rules.overshoot * 100), basis=tip.basis))


_DATE = re.compile(r"(\d{4})\s*[.．年/-]\s*(\d{1,2})")


def report_date(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """A 填报日期 inside the year being evaluated cannot be right."""
    for f in _forms(project):
        match = _DATE.search(f.form.date)
        if match and int(match.group(1)) <= project.year:
            yield f.table, _finding(rule, [f.cell("表头", "填报日期")], _say(
                rule, "{form} 填报日期“{date}”不晚于 {year} 年度结束，自评应在年度结束后填报，请核对年份",
                form=f.label, date=f.form.date.strip(), year=project.year), None, f.form.date)


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
        if value is None or other is None or value == other:
            continue
        diff = value - other
        yield cell.column, _finding(rule, [cell, Cell(t, str(r), str(c))], _say(
            rule, "整体自评表 {column} {actual} 与 {source} {expected} 不一致，差 {diff}", column=cell.column,
            actual=_money(value), source=f"{t} {r} {c}栏（{name}）" if t != "表1" else f"{t} 第{r}行（{name}）",
            expected=_money(other), diff=_money(diff)), other, value, _tail(rule, diff))


def link_projects(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """Σ 项目 forms' 全年执行数 = 表3 合计 3栏 (forms filled in 元 are converted); none missing when there is 项目支出."""
    t, r, c = _where(rule, "project", "表3 合计 3")
    other = project.value(t, str(r), str(c))
    forms = [form for form in project.selfeval.projects if not form.is_blank()]
    if other is None:
        return
    if not forms:
        if other > 0 and rule.param("missing", True):
            yield "missing", _finding(rule, [Cell(t, str(r), str(c))], _say(
                rule, "{source} 项目支出 {expected} 万元，但没有任何项目支出绩效自评表，请为每个项目填一张",
                source=f"{t} {r} {c}栏", expected=_money(other)), other, None)
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
    yield "sum", _finding(rule, cells, _say(
        rule, "{count}张项目自评表全年执行数合计 {actual}{note}，与 {source}（项目支出）{expected} 不一致，差 {diff}",
        count=len(forms), actual=_money(total), note=note, source=f"{t} {r} {c}栏", expected=_money(other),
        diff=_money(diff)), other, total, _tail(rule, diff, len(forms)))


BUILTINS = {
    "selfeval-scheme": scheme_known,
    "selfeval-levels": levels,
    "selfeval-not-applicable": not_applicable,
    "selfeval-fund-sum": fund_sum,
    "selfeval-rate": rate,
    "selfeval-money-score": money_score,
    "selfeval-yuan": yuan_amounts,
    "selfeval-text-unit": text_units,
    "selfeval-section-points": section_points,
    "selfeval-total-points": total_points,
    "selfeval-section-score": section_score,
    "selfeval-score-within-points": score_within_points,
    "selfeval-total": total,
    "selfeval-grade": grade,
    "selfeval-deviation": deviation,
    "selfeval-no-number": no_number,
    "selfeval-suggested": suggested,
    "selfeval-overshoot": overshoot,
    "selfeval-date": report_date,
    "selfeval-link-whole": link_whole,
    "selfeval-link-projects": link_projects,
}
