"""Scores of a form under its scheme: fund sums, 执行率, the money score, section sums, total, grade and the
suggested score of each indicator — computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .indicators import NEGATIVE, POSITIVE, QUALITATIVE, RANGE, Parsed, actual_value, comparable, parse
from .layoutmatch import LayoutFit, layout_fit
from .model import FUND_SOURCES, FUND_TOTAL, SelfEvalForm
from .schemes import HUNDRED, Band, FormScheme, Scheme, Section, _match, squash

ZERO = Decimal(0)
Ref = tuple[int, int]


@dataclass(frozen=True)
class Suggestion:
    """What the scheme's rules give an indicator: one score (quantitative) or a band (qualitative), or why none."""

    score: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    basis: str = ""
    reason: str = ""
    overshoot: bool = False

    @property
    def available(self) -> bool:
        return self.score is not None or self.low is not None

    def text(self) -> str:
        if self.score is not None:
            return f"{_plain(self.score)}"
        if self.low is not None and self.high is not None:
            return f"{_plain(self.low)}–{_plain(self.high)}"
        return ""


@dataclass(frozen=True)
class SectionResult:
    section: Section
    points: Decimal | None
    score: Decimal
    members: tuple[Ref, ...] = ()
    scored: bool = False
    #: the most this section can score once its blank 得分 are filled (None: no bound known)
    high: Decimal | None = None

    @property
    def row(self) -> str:
        return self.section.name


@dataclass(frozen=True)
class Missing:
    """A 得分 the form leaves blank: its indicator (None for a section's own score), its section and its 分值."""

    ref: Ref | None
    section: str
    points: Decimal | None


@dataclass(frozen=True)
class Scorecard:
    scheme: Scheme
    form_scheme: FormScheme
    fund_sums: dict[str, Decimal | None]
    rate: Decimal | None
    money_weight: Decimal | None
    money_score: Decimal | None
    money_exact: Decimal | None
    money_used: Decimal | None
    sections: tuple[SectionResult, ...]
    unassigned: tuple[Ref, ...]
    points_total: Decimal | None
    raw_total: Decimal
    not_applicable_points: Decimal
    cap: Decimal | None
    total: Decimal | None
    grade: str | None
    suggestions: dict[Ref, Suggestion] = field(default_factory=dict)
    #: 资金 columns whose 合计 was blank or 0, so 执行率 was computed from the source rows
    rate_from_sources: tuple[str, ...] = ()
    #: the indicator row scored as 预算执行率 (schemes that score it inside a section)
    money_ref: Ref | None = None
    #: blank 得分: then `total` is None and the entered 总分 must lie within [total_low, total_high]
    missing: tuple[Missing, ...] = ()
    total_low: Decimal | None = None
    total_high: Decimal | None = None
    #: False when the form is printed in another layout than its scheme's (see layoutmatch)
    layout_ok: bool = True
    layout: LayoutFit | None = None

    @property
    def rate_percent(self) -> Decimal | None:
        """执行率 in percent, rounded as printed (99.84)."""
        return None if self.rate is None else round_to(self.rate * 100, 2)

    def section_of(self, ref: Ref) -> SectionResult | None:
        for result in self.sections:
            if ref in result.members:
                return result
        return None


def round_to(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def agrees(entered: Decimal, computed: Decimal, tolerance: Decimal = ZERO) -> bool:
    """An entered figure agrees with a computed one if it is its rounding or truncation at the entered precision."""
    places = max(0, -entered.as_tuple().exponent)  # type: ignore[operator]
    step = Decimal(1).scaleb(-places)
    candidates = {computed.quantize(step, rounding=ROUND_HALF_UP), computed.quantize(step, rounding=ROUND_DOWN)}
    return any(abs(entered - c) <= tolerance for c in candidates)


def _plain(value: Decimal) -> str:
    value = value.normalize()
    return format(value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value, "f")


def fund_sums(form: SelfEvalForm) -> dict[str, Decimal | None]:
    """Σ of the source rows per amount column (None where no source is filled in)."""
    sums: dict[str, Decimal | None] = {}
    for column in ("年初预算数", "全年预算数", "全年执行数"):
        values = [form.fund(row, column) for row in FUND_SOURCES]
        present = [v for v in values if v is not None]
        sums[column] = sum(present, ZERO) if present else None
    return sums


def fund_amount(form: SelfEvalForm, column: str) -> tuple[Decimal | None, bool]:
    """The 年度资金总额 of a column, and whether it came from the source rows (合计 blank or 0, sources filled)."""
    printed = form.fund(FUND_TOTAL, column)
    if printed:
        return printed, False
    sources = fund_sums(form)[column]
    if sources:
        return sources, True
    return printed, False


def execution_rate(form: SelfEvalForm, scheme: Scheme) -> Decimal | None:
    return _rate(form, scheme)[0]


def _rate(form: SelfEvalForm, scheme: Scheme) -> tuple[Decimal | None, tuple[str, ...]]:
    budget, budget_fallback = fund_amount(form, scheme.money.budget)
    spent, spent_fallback = fund_amount(form, scheme.money.spent)
    if budget is None or spent is None or budget <= 0:
        return None, ()
    used = tuple(c for c, fell in ((scheme.money.budget, budget_fallback), (scheme.money.spent, spent_fallback)) if fell)
    return spent / budget, used


def money_score(rate: Decimal | None, weight: Decimal | None, scheme: Scheme, *, exact: bool = False) -> Decimal | None:
    """分值 × 执行率 (or the scheme's deduction per point below full), never above the 分值; 0 below the floor."""
    if rate is None or weight is None:
        return None
    money = scheme.money
    if rate * 100 < money.zero_below:
        return ZERO
    if money.mode == "deduct":
        short = max(ZERO, money.full_at - rate * 100)
        value = max(ZERO, weight - short * money.deduct_per_point)
    else:
        used = min(rate, Decimal(1)) if money.cap_rate else rate
        value = min(weight * used, weight)
    return value if exact else round_to(value, scheme.rules.places)


def money_basis(scheme: Scheme) -> str:
    """How the scheme turns 执行率 into a score, as a message says it."""
    money = scheme.money
    if money.mode == "deduct":
        return f"执行率达到 {_plain(money.full_at)}% 得满分，每低 1 个百分点扣 {_plain(money.deduct_per_point)} 分"
    return "分值 × 执行率，不超过分值"


def _members(form: SelfEvalForm, scheme: Scheme, form_scheme: FormScheme) -> tuple[dict[str, list[Ref]], list[Ref]]:
    groups: dict[str, list[Ref]] = {s.key: [] for s in form_scheme.sections}
    unassigned: list[Ref] = []
    for g, i, ind in form.indicators:
        if not ind.has_content() and not ind.level1.strip():
            continue
        canonical = scheme.level1(ind.level1)
        target = None
        for section in form_scheme.sections:
            if section.kind == "goals" and (not section.levels or canonical in section.levels):
                target = section
                break
            if section.kind == "indicators" and canonical in section.levels:
                target = section
                break
        if target is None:
            unassigned.append((g, i))
        else:
            groups[target.key].append((g, i))
    return groups, unassigned


def money_row(form: SelfEvalForm, scheme: Scheme) -> Ref | None:
    """The indicator row scored as 预算执行率 when the form's scheme has no money block (first match)."""
    names = {squash(n) for n in scheme.money.indicator}
    if not names or scheme.form(form.kind).money is not None:
        return None
    for g, i, ind in form.indicators:
        if squash(ind.level3) in names or (not ind.level3.strip() and squash(ind.level2) in names):
            return (g, i)
    return None


def score_form(form: SelfEvalForm, scheme: Scheme) -> Scorecard:
    """Everything the form's scheme computes from what is entered."""
    form_scheme = scheme.form(form.kind)
    fit = layout_fit(form, scheme)
    rate, from_sources = _rate(form, scheme)
    money_section = form_scheme.money
    ref = money_row(form, scheme)
    weight = money_section.weight if money_section else None
    entered_money = form.fund_score
    if ref is not None:
        weight = form.goals[ref[0]].indicators[ref[1]].points
        entered_money = form.goals[ref[0]].indicators[ref[1]].score
    computed_money = money_score(rate, weight, scheme)
    # a form in another layout has no money block of this scheme: only what it prints counts
    money_used = entered_money if entered_money is not None or not fit.ok else computed_money
    groups, unassigned = _members(form, scheme, form_scheme)
    results = []
    missing: list[Missing] = []
    na_points = ZERO
    for section in form_scheme.sections:
        if section.kind == "money":
            if money_used is None and scheme.scored:
                missing.append(Missing(None, section.name, form.fund_points if form.fund_points is not None else section.weight))
            high = money_used if money_used is not None else (form.fund_points if form.fund_points is not None else section.weight)
            results.append(SectionResult(section, form.fund_points, money_used or ZERO, (), money_used is not None, high))
            continue
        if section.kind == "goal":
            goal = form.goals[0]
            cap = goal.points if goal.points is not None else section.weight
            if goal.score is None and scheme.scored:
                missing.append(Missing(None, section.name, cap))
            high = goal.score if goal.score is not None else cap
            results.append(SectionResult(section, goal.points, goal.score or ZERO, (), goal.score is not None, high))
            continue
        members = tuple(groups[section.key])
        points: list[Decimal] = []
        score = ZERO
        scored = False
        blanks: list[Missing] = []
        printed_points = any(form.goals[g].indicators[i].points is not None for g, i in members)
        for g, i in members:
            ind = form.goals[g].indicators[i]
            if ind.points is not None:
                points.append(ind.points)  # a 不适用 indicator's 分值 still belongs to its section
            if ind.not_applicable and scheme.rules.not_applicable != "forbid":
                na_points += ind.points or ZERO
                continue
            value = money_used if (g, i) == ref else ind.score
            if value is not None:
                score += value
                scored = True
            elif scheme.scored and ind.has_content() and (ind.points is not None or not printed_points):
                blanks.append(Missing((g, i), section.name, ind.points))
        missing += blanks
        if any(b.points is None for b in blanks):
            high = section.weight
        else:
            high = score + sum((b.points or ZERO for b in blanks), ZERO)
        if section.kind == "goals":
            goal_points = [goal.points for goal in form.goals if goal.points is not None]
            results.append(SectionResult(section, sum(goal_points, ZERO) if goal_points else None, score, members, scored, high))
        else:
            results.append(SectionResult(section, sum(points, ZERO) if points else None, score, members, scored, high))
    extra_points = [form.goals[g].indicators[i].points for g, i in unassigned]
    extra_scores = [form.goals[g].indicators[i].score for g, i in unassigned]
    extra_high: Decimal | None = ZERO
    for (g, i), p, sc in zip(unassigned, extra_points, extra_scores):
        ind = form.goals[g].indicators[i]
        if sc is None and p is not None and scheme.scored and not ind.not_applicable:
            missing.append(Missing((g, i), "", p))
        if extra_high is not None:
            extra_high = extra_high + (sc if sc is not None else (p if p is not None and not ind.not_applicable else ZERO))
    point_parts = [r.points for r in results if r.points is not None] + [p for p in extra_points if p is not None]
    points_total = sum(point_parts, ZERO) if point_parts else None
    raw_total = sum((r.score for r in results), ZERO) + sum((s for s in extra_scores if s is not None), ZERO)
    anything = any(r.scored for r in results) or any(s is not None for s in extra_scores)
    total: Decimal | None = None
    cap: Decimal | None = None
    low = high = None
    if not fit.ok:
        # another layout: the scheme's sections say nothing; the printed rows' 得分 simply add up
        missing = [m for m in missing if m.ref is not None]
    if scheme.scored and anything:
        total, cap = _final(raw_total, na_points, rate, scheme)
        if missing:
            low = total
            if not fit.ok:
                blanks = [m.points for m in missing]
                if all(p is not None for p in blanks):
                    high = _final(raw_total + sum((p for p in blanks if p is not None), ZERO), na_points, rate, scheme)[0]
            else:
                highs = [r.high for r in results]
                if all(h is not None for h in highs) and extra_high is not None:
                    high = _final(sum((h for h in highs if h is not None), ZERO) + extra_high, na_points, rate, scheme)[0]
            total = None
    grade = scheme.grade_of(total) if total is not None else None
    if total is None and low is not None and high is not None and scheme.grade_of(low) == scheme.grade_of(high):
        grade = scheme.grade_of(low)
    suggestions = {(g, i): suggest(form, g, i, scheme) for g, i, _ in form.indicators}
    exact_money = money_score(rate, weight, scheme, exact=True)
    if ref is not None and weight is not None and computed_money is not None:
        suggestions[ref] = Suggestion(score=computed_money, basis=f"预算执行率：{money_basis(scheme)}，执行率 {_plain(round_to(rate * 100, 2))}%"
                                      if rate is not None else "")
    return Scorecard(scheme, form_scheme, fund_sums(form), rate, weight, computed_money, exact_money, money_used, tuple(results),
                     tuple(unassigned), points_total, raw_total, na_points, cap, total, grade, suggestions, from_sources, ref,
                     tuple(missing), low, high, fit.ok, fit)


def _final(raw: Decimal, na_points: Decimal, rate: Decimal | None, scheme: Scheme) -> tuple[Decimal, Decimal | None]:
    """A raw sum as the 总分: rescaled for 不适用 indicators and capped by the execution rate, rounded."""
    total = raw
    cap = None
    if scheme.rules.not_applicable == "rescale" and na_points and na_points < HUNDRED:
        total = total * HUNDRED / (HUNDRED - na_points)
    if rate is not None:
        caps = [c.max for c in scheme.rules.rate_caps if rate * 100 < c.below]
        if caps and total > min(caps):
            cap = min(caps)
            total = cap
    return round_to(total, scheme.rules.places), cap


# -- suggested scores ------------------------------------------------------------------------


def classify(target: str, actual: str, bands: tuple[Band, ...]) -> Band | None:
    """达成 / 部分达成 / 未达成 of a qualitative result: same text as the target is 达成; otherwise the words of
    the lowest band that match win (so 未完成 is not read as 完成)."""
    a, t = squash(actual), squash(target)
    if not a or not bands:
        return None
    top = max(bands, key=lambda b: b.high)
    if a == t:
        return top
    for band in sorted(bands, key=lambda b: b.high):
        if any(word and word in a for word in band.words):
            return band
    if t and (t in a or a in t):
        return top
    return None


def _band_of_ratio(value: Decimal, bands: tuple[Band, ...]) -> Band | None:
    for band in sorted(bands, key=lambda b: b.high, reverse=True):
        if value >= band.low:
            return band
    return None


def suggest(form: SelfEvalForm, goal: int, index: int, scheme: Scheme) -> Suggestion:
    """The 得分 the scheme's rules give one indicator (正向 权重×B/A, 反向 权重×A/B, 区间 full inside, 定性 by band)."""
    ind = form.goals[goal].indicators[index]
    if not scheme.scored:
        return Suggestion(reason="本方案不计分")
    if ind.not_applicable:
        return Suggestion(reason="不适用")
    weight = ind.points
    if weight is None:
        return Suggestion(reason="未填分值")
    target, actual = parse(ind.target), parse(ind.actual)
    places = scheme.rules.places
    if target.direction == QUALITATIVE:
        return _qualitative(target, actual, weight, scheme)
    if not target.parsed:
        return Suggestion(reason=f"年度指标值{target.reason}")
    if not actual.parsed:
        return Suggestion(reason=f"实际完成值{actual.reason}")
    problem = comparable(target, actual)
    if problem:
        return Suggestion(reason=problem)
    direction = target.direction
    if direction == POSITIVE and not target.explicit and _match(ind.level2, scheme.rules.reverse_levels):
        direction = NEGATIVE
    b = actual_value(actual)
    assert b is not None
    w = weight
    if direction == RANGE:
        lo, hi = target.low, target.high
        assert lo is not None and hi is not None
        if lo <= b <= hi:
            raw, basis = w, f"区间：实际 {_t(actual)} 在 {_t(target)} 内，得满分"
        elif b < lo:
            raw = w * b / lo if lo else ZERO
            basis = f"区间：低于下限，分值 {_plain(w)} × 实际 / 下限"
        else:
            raw = w * hi / b
            basis = f"区间：高于上限，分值 {_plain(w)} × 上限 / 实际"
    else:
        a = target.value
        assert a is not None
        if direction == POSITIVE:
            raw = w if a == 0 else w * b / a
            basis = f"正向：分值 {_plain(w)} × 实际 {_t(actual)} / 目标 {_t(target)}"
        else:
            raw = w if b == 0 else (ZERO if a == 0 else w * a / b)
            basis = f"反向：分值 {_plain(w)} × 目标 {_t(target)} / 实际 {_t(actual)}"
            if not target.explicit:
                basis += f"（{ind.level2.strip()}按“不超过”理解）"
    score = min(raw, w)
    if raw > w:
        basis += f"，封顶 {_plain(w)}"
    overshoot = False
    ratio = scheme.rules.overshoot
    if ratio > 0 and direction in (POSITIVE, NEGATIVE) and target.value:
        a = target.value
        overshoot = b >= a * (1 + ratio) if direction == POSITIVE else b <= a * (1 - ratio)
        if overshoot:
            cut = w * scheme.rules.overshoot_deduction
            score = max(ZERO, score - cut)
            basis += f"；超出目标 {_plain(ratio * 100)}% 以上，扣 {_plain(round_to(cut, places))}"
    return Suggestion(score=round_to(score, places), basis=basis, overshoot=overshoot)


def _t(parsed: Parsed) -> str:
    return parsed.text.strip()


def _qualitative(target: Parsed, actual: Parsed, weight: Decimal, scheme: Scheme) -> Suggestion:
    if not scheme.qualitative:
        return Suggestion(reason="本方案没有定性分档")
    if not actual.text.strip():
        return Suggestion(reason="实际完成值空白")
    band = None
    if actual.numeric and actual.is_ratio and actual_value(actual) is not None:
        band = _band_of_ratio(actual_value(actual), scheme.qualitative)  # type: ignore[arg-type]
    if band is None:
        band = classify(target.text, actual.text, scheme.qualitative)
    if band is None:
        return Suggestion(reason=f"无法从“{actual.text.strip()}”判断达成程度")
    places = scheme.rules.places
    low, high = round_to(weight * band.low, places), round_to(weight * band.high, places)
    return Suggestion(low=low, high=high,
                      basis=f"定性：{band.name}，取分值的 {_plain(band.low * 100)}%–{_plain(band.high * 100)}%")
