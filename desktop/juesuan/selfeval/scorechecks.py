"""The 自评 checks of points and scores (sections, 总分, 等级) and of single indicators, as engine built-ins."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..catalog import Catalog
from ..findings import Cell
from ..templates import Layout
from .checkbase import FormView, Produced, finding, form_check, forms, num, say, say_param
from .indicators import parse
from .model import FUND_TOTAL, GRADE_ROW, TOTAL_ROW, SelfEvalForm, goal_row
from .schemes import HUNDRED, Scheme, shipped_schemes
from .scoring import ZERO, _plain, agrees, score_form


# -- points and scores ---------------------------------------------------------------------------


def weight_fits(form: SelfEvalForm, scheme_id: str | None) -> list[Scheme]:
    """Shipped scored schemes other than `scheme_id` whose every weighted section the form's 分值 fill exactly (a form
    printed in a layout with the same 一级 names but other weights, e.g. 四川 2023's 10 + 90)."""
    found = []
    for scheme in shipped_schemes().values():
        if scheme.id == scheme_id or not scheme.scored:
            continue
        card = score_form(form, scheme)
        weighted = [r for r in card.sections if r.section.weight is not None]
        if card.layout_ok and weighted and all(r.points == r.section.weight for r in weighted):
            found.append(scheme)
    return found


def _section_points(f: FormView, rule: Any) -> Produced:
    """Σ 分值 of a section = the scheme's weight; on a 整体 form with 年度目标, Σ 指标分值 of a goal = its points.
    When the sections fit another shipped scheme's weights exactly, the message names it."""
    if f.card is None or not f.scheme or not f.scheme.scored or not f.layout_ok:
        return
    hint: str | None = None
    for result in f.card.sections:
        weight = result.section.weight
        if result.points is None or weight is None or result.points == weight:
            continue
        if hint is None:
            fits = weight_fits(f.form, f.scheme.id)
            hint = say_param(rule, "fits", "；各部分分值与方案“{names}”相符，是否选错了评分方案？",
                             names="”“".join(s.name for s in fits)) if fits else ""
        column = "分值"
        yield f"{f.table}|{result.section.key}", finding(rule, _section_cells(f, result, column), say(
            rule, "{form} {section}分值合计 {actual}，按“{scheme}”应为 {expected}", form=f.label,
            section=result.section.name, actual=_plain(result.points), scheme=f.scheme.name, expected=_plain(weight))
            + hint, weight, result.points)
    if len(f.form.goals) > 1:
        for n, goal in enumerate(f.form.goals):
            points = [ind.points for ind in goal.indicators if ind.points is not None and not ind.not_applicable]
            if goal.points is None or not points or sum(points, ZERO) == goal.points:
                continue
            total = sum(points, ZERO)
            row = goal_row(f.form, n)
            yield f"{f.table}|goal{n}", finding(rule, [f.cell(row, "分值")], say(
                rule, "{form} {section}分值合计 {actual}，按“{scheme}”应为 {expected}", form=f.label,
                section=f"{row}的指标", actual=_plain(total), scheme=f.scheme.name, expected=_plain(goal.points)),
                goal.points, total)


section_points = form_check(_section_points)


def _section_cells(f: FormView, result: Any, column: str) -> list[Cell]:
    if result.section.kind == "money":
        return [f.cell(FUND_TOTAL, column)]
    if result.section.kind == "goal":
        return [f.cell(goal_row(f.form, 0), column)]
    return [f.cell(result.row, column), *(f.cell(f.rows[ref], column) for ref in result.members)]


def _total_points(f: FormView, rule: Any) -> Produced:
    """The whole form's 分值 add up to 100 (checked when every section's 分值 is on the form)."""
    card = f.card
    if card is None or not f.scheme or not f.scheme.scored:
        return
    if card.points_total is None or any(r.points is None for r in card.sections):
        return
    if card.points_total == HUNDRED and (f.form.total_points is None or f.form.total_points == HUNDRED):
        return
    parts = " + ".join(f"{r.section.name} {_plain(r.points or ZERO)}" for r in card.sections)
    printed = f"，总分行印 {_plain(f.form.total_points)}" if f.form.total_points is not None else ""
    yield f.table, finding(rule, [f.cell(TOTAL_ROW, "分值")], say(
        rule, "{form} 各项分值合计 {actual}（{parts}），应为 100{printed}", form=f.label,
        actual=_plain(card.points_total), parts=parts, printed=printed), HUNDRED, card.points_total)


total_points = form_check(_total_points)


def _section_score(f: FormView, rule: Any) -> Produced:
    """Without printed 分值 (湖北), Σ 得分 of a section or a 年度目标 may not exceed its points."""
    card = f.card
    if card is None or not f.scheme or not f.scheme.scored or not f.layout_ok:
        return
    for result in card.sections:
        weight = result.section.weight
        if result.section.kind in ("money", "goal") or result.points is not None and result.section.kind != "goals":
            continue
        if weight is None or result.score <= weight:
            continue
        count = len(result.members)
        yield f"{f.table}|{result.section.key}", finding(rule, _section_cells(f, result, "得分"), say(
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
            yield f"{f.table}|goal{n}", finding(rule, [f.cell(row, "得分")], say(
                rule, "{form} {section}（{weight}分）{count}个指标得分合计 {actual}，超过该部分分值 {weight}",
                form=f.label, section=row, weight=_plain(goal.points), count=len(scores), actual=_plain(total)),
                goal.points, total)


section_score = form_check(_section_score)


def _score_within_points(f: FormView, rule: Any) -> Produced:
    """Each 得分 ≤ its 分值 (indicator, money block, 总目标)."""
    if f.card is None:
        return
    for (g, i), row in f.rows.items():
        ind = f.form.goals[g].indicators[i]
        if ind.points is not None and ind.score is not None and ind.score > ind.points:
            yield f"{f.table}|{row}", finding(rule, [f.cell(row, "得分"), f.cell(row, "分值")], say(
                rule, "{form} {row}：得分 {actual} 超过分值 {expected}", form=f.label, row=row,
                actual=_plain(ind.score), expected=_plain(ind.points)), ind.points, ind.score)
    money_cap = f.form.fund_points if f.form.fund_points is not None else f.card.money_weight
    if f.form.fund_score is not None and money_cap is not None and f.form.fund_score > money_cap:
        yield f"{f.table}|money", finding(rule, [f.cell(FUND_TOTAL, "得分")], say(
            rule, "{form} {row}：得分 {actual} 超过分值 {expected}", form=f.label, row="资金",
            actual=_plain(f.form.fund_score), expected=_plain(money_cap)), money_cap, f.form.fund_score)
    for n, goal in enumerate(f.form.goals):
        cap = goal.points
        if cap is None and n == 0 and f.scheme is not None:
            cap = next((s.weight for s in f.card.form_scheme.sections if s.kind == "goal"), None)
        if goal.score is not None and cap is not None and goal.score > cap:
            row = goal_row(f.form, n)
            yield f"{f.table}|goal{n}", finding(rule, [f.cell(row, "得分")], say(
                rule, "{form} {row}：得分 {actual} 超过分值 {expected}", form=f.label, row=row,
                actual=_plain(goal.score), expected=_plain(cap)), cap, goal.score)


score_within_points = form_check(_score_within_points)


def _total(f: FormView, rule: Any) -> Produced:
    """总分 as entered = the parts (with 不适用 rescaling and the execution-rate cap of the scheme); with blank 得分,
    within the bounds they leave; on a form in another layout, the plain sum of its printed 得分."""
    tolerance = Decimal(str(rule.param("tolerance", "0")))
    card = f.card
    entered = f.form.total_score
    if card is None or entered is None:
        return
    if card.layout_ok:
        parts = " + ".join(f"{r.section.name} {_plain(r.score)}" for r in card.sections)
    else:
        parts = f"表式与方案不符，按各行得分直接相加 {_plain(card.raw_total)}"
    notes = []
    if card.not_applicable_points:
        notes.append(f"扣除不适用指标 {_plain(card.not_applicable_points)} 分后折算为百分制")
    if card.cap is not None:
        notes.append(f"执行率 {num(card.rate_percent)}% 时总分不超过 {_plain(card.cap)}")
    note = f"，{'；'.join(notes)}" if notes else ""
    if card.missing and card.total_low is not None:
        yield from _bounds(f, rule, entered, parts, note, tolerance)
        return
    if card.total is None or agrees(entered, card.total, tolerance):
        return
    yield f.table, finding(rule, [f.cell(TOTAL_ROW, "得分")], say(
        rule, "{form} 总分应为 {expected}（{parts}{note}），实填 {actual}", form=f.label,
        expected=_plain(card.total), parts=parts, note=note, actual=_plain(entered)), card.total, entered)


total = form_check(_total)


def missing_scores(f: FormView) -> str:
    """The blank 得分 a form leaves, named by row: 资金、产出指标 缩减经费（10分）…"""
    card = f.card
    assert card is not None
    names = []
    for item in card.missing:
        row = f.rows[item.ref] if item.ref is not None else item.section
        names.append(f"{row}（{_plain(item.points)}分）" if item.points is not None else row)
    shown = "、".join(names[:8])
    return shown + (f" 等{len(names)}项" if len(names) > 8 else "")


def _bounds(f: FormView, rule: Any, entered: Decimal, parts: str, note: str, tolerance: Decimal) -> Produced:
    card = f.card
    assert card is not None and card.total_low is not None
    low, high = card.total_low, card.total_high
    values = dict(form=f.label, parts=parts, note=note, actual=_plain(entered), missing=missing_scores(f),
                  count=len(card.missing), low=_plain(low), high=num(high))
    cells = [f.cell(TOTAL_ROW, "得分"), *(f.cell(f.rows[m.ref], "得分") for m in card.missing if m.ref is not None)]
    if entered < low and not agrees(entered, low, tolerance):
        yield f.table, finding(rule, cells, say_param(
            rule, "at_least", "{form} 总分至少 {low}（已填得分：{parts}{note}；另有{count}项得分未填：{missing}），实填 {actual}",
            **values), low, entered)
    elif high is not None and entered > high and not agrees(entered, high, tolerance):
        yield f.table, finding(rule, cells, say_param(
            rule, "at_most", "{form} 总分至多 {high}（已填得分：{parts}{note}；另有{count}项得分未填：{missing}，按满分计），实填 {actual}",
            **values), high, entered)


def _grade(f: FormView, rule: Any) -> Produced:
    card = f.card
    entered = f.form.grade.strip()
    if card is None or not entered or card.grade is None or entered == card.grade:
        return
    bands = "，".join(f"{g.name} ≥ {_plain(g.min)}" for g in sorted(card.scheme.grades, key=lambda g: g.min, reverse=True))
    yield f.table, finding(rule, [f.cell(GRADE_ROW, "等级"), f.cell(TOTAL_ROW, "得分")], say(
        rule, "{form} 等级应为“{expected}”（总分 {total}；{bands}），实填“{actual}”", form=f.label,
        expected=card.grade, total=_total_text(card), bands=bands, actual=entered), card.grade, entered)


grade = form_check(_grade)


def _total_text(card: Any) -> str:
    if card.total is not None:
        return _plain(card.total)
    if card.total_low is not None and card.total_high is not None:
        return f"{_plain(card.total_low)}–{_plain(card.total_high)}，有得分未填"
    return "未定"


# -- indicators ----------------------------------------------------------------------------------


def _deviation(f: FormView, rule: Any) -> Produced:
    """An indicator scoring below its 分值 needs a 偏差原因 (in its row, or in the form's 偏差原因分析)."""
    form_reason = f.form.deviation_analysis.strip()
    if form_reason and form_reason not in ("无", "/", "-", "—"):
        return
    for (g, i), row in f.rows.items():
        ind = f.form.goals[g].indicators[i]
        if ind.not_applicable or ind.points is None or ind.score is None or ind.score >= ind.points:
            continue
        if ind.deviation.strip() and ind.deviation.strip() not in ("无", "/", "-", "—"):
            continue
        yield f"{f.table}|{row}", finding(rule, [f.cell(row, "偏差原因分析及改进措施"), f.cell(row, "得分")], say(
            rule, "{form} {row}：得分 {score} 低于分值 {points}，请填写偏差原因分析及改进措施", form=f.label,
            row=row, score=_plain(ind.score), points=_plain(ind.points)))


deviation = form_check(_deviation)


def _no_number(f: FormView, rule: Any) -> Produced:
    """A numeric 年度指标值 needs a numeric 实际完成值 (seed 003 prints “次”)."""
    for (g, i), row in f.rows.items():
        ind = f.form.goals[g].indicators[i]
        if ind.not_applicable or not ind.actual.strip():
            continue
        target, actual = parse(ind.target), parse(ind.actual)
        if not target.numeric or actual.numeric:
            continue
        why = actual.reason if not actual.parsed else "是文字，没有数值"
        yield f"{f.table}|{row}", finding(rule, [f.cell(row, "实际完成值")], say(
            rule, "{form} {row}：年度指标值“{target}”是数值，实际完成值“{actual}”{why}，无法计算完成程度",
            form=f.label, row=row, target=ind.target.strip(), actual=ind.actual.strip(), why=why), None, ind.actual)


no_number = form_check(_no_number)


def _suggested(f: FormView, rule: Any) -> Produced:
    """The entered 得分 against the scheme's suggestion, beyond the scheme's margin (a share of the 分值)."""
    card = f.card
    if card is None or f.scheme is None:
        return
    margin_share = f.scheme.rules.suggest_margin
    for (g, i), row in f.rows.items():
        ind = f.form.goals[g].indicators[i]
        tip = card.suggestions.get((g, i))
        if tip is None or not tip.available or ind.score is None or ind.points is None or (g, i) == card.money_ref:
            continue  # the 预算执行率 row is SE-MONEY-SCORE's
        margin = ind.points * margin_share
        if tip.score is not None:
            off = abs(ind.score - tip.score) > margin
        else:
            off = ind.score < (tip.low or ZERO) - margin or ind.score > (tip.high or ZERO) + margin
        if not off:
            continue
        yield f"{f.table}|{row}", finding(rule, [f.cell(row, "得分")], say(
            rule, "{form} {row}：得分 {actual} 与建议得分 {expected} 相差超过分值的 {margin}%（{basis}）",
            form=f.label, row=row, actual=_plain(ind.score), expected=tip.text(),
            margin=_plain(margin_share * 100), basis=tip.basis), tip.score if tip.score is not None else tip.text(), ind.score)


suggested = form_check(_suggested)


def _overshoot(f: FormView, rule: Any) -> Produced:
    card = f.card
    if card is None or f.scheme is None or not f.scheme.rules.overshoot:
        return
    for (g, i), row in f.rows.items():
        tip = card.suggestions.get((g, i))
        if tip is not None and tip.overshoot:
            ind = f.form.goals[g].indicators[i]
            yield f"{f.table}|{row}", finding(rule, [f.cell(row, "年度指标值"), f.cell(row, "实际完成值")], say(
                rule, "{form} {row}：实际完成值“{actual}”超出年度指标值“{target}” {ratio}% 以上，目标可能设置偏低（{basis}）",
                form=f.label, row=row, actual=ind.actual.strip(), target=ind.target.strip(),
                ratio=_plain(f.scheme.rules.overshoot * 100), basis=tip.basis))


overshoot = form_check(_overshoot)


_DATE = re.compile(r"(\d{4})\s*[.．年/-]\s*(\d{1,2})")


def report_date(project: Any, layout: Layout, catalog: Catalog, rule: Any) -> Produced:
    """A 填报日期 inside the year being evaluated cannot be right."""
    for f in forms(project):
        match = _DATE.search(f.form.date)
        if match and int(match.group(1)) <= project.year:
            yield f.table, finding(rule, [f.cell("表头", "填报日期")], say(
                rule, "{form} 填报日期“{date}”不晚于 {year} 年度结束，自评应在年度结束后填报，请核对年份",
                form=f.label, date=f.form.date.strip(), year=project.year), None, f.form.date)


