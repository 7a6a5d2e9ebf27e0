"""Scores of a form under its scheme: fund sums, 执行率, the money score, section sums, total, grade and the
suggested score of each indicator — computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .indicators import NEGATIVE, POSITIVE, QUALITATIVE, RANGE, Parsed, actual_value, comparable, parse
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

    @property
    def row(self) -> str:
        return self.section.name


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


def execution_rate(form: SelfEvalForm, scheme: Scheme) -> Decimal | None:
    budget = form.fund(FUND_TOTAL, scheme.money.budget)
    spent = form.fund(FUND_TOTAL, scheme.money.spent)
    if budget is None or spent is None or budget <= 0:
        return None
    return spent / budget


def money_score(rate: Decimal | None, weight: Decimal | None, scheme: Scheme, *, exact: bool = False) -> Decimal | None:
    """分值 × 执行率, never above the 分值; 0 below the scheme's floor (rounded unless `exact`)."""
    if rate is None or weight is None:
        return None
    if rate * 100 < scheme.money.zero_below:
        return ZERO
    used = min(rate, Decimal(1)) if scheme.money.cap_rate else rate
    value = min(weight * used, weight)
    return value if exact else round_to(value, scheme.rules.places)


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


def score_form(form: SelfEvalForm, scheme: Scheme) -> Scorecard:
    """Everything the form's scheme computes from what is entered."""
    form_scheme = scheme.form(form.kind)
    places = scheme.rules.places
    rate = execution_rate(form, scheme)
    money_section = form_scheme.money
    weight = money_section.weight if money_section else None
    computed_money = money_score(rate, weight, scheme)
    money_used = form.fund_score if form.fund_score is not None else computed_money
    groups, unassigned = _members(form, scheme, form_scheme)
    results = []
    na_points = ZERO
    for section in form_scheme.sections:
        if section.kind == "money":
            results.append(SectionResult(section, form.fund_points, money_used or ZERO, (), money_used is not None))
            continue
        if section.kind == "goal":
            goal = form.goals[0]
            results.append(SectionResult(section, goal.points, goal.score or ZERO, (), goal.score is not None))
            continue
        members = tuple(groups[section.key])
        points: list[Decimal] = []
        score = ZERO
        scored = False
        for g, i in members:
            ind = form.goals[g].indicators[i]
            if ind.points is not None:
                points.append(ind.points)  # a 不适用 indicator's 分值 still belongs to its section
            if ind.not_applicable and scheme.rules.not_applicable != "forbid":
                na_points += ind.points or ZERO
                continue
            if ind.score is not None:
                score += ind.score
                scored = True
        if section.kind == "goals":
            goal_points = [goal.points for goal in form.goals if goal.points is not None]
            results.append(SectionResult(section, sum(goal_points, ZERO) if goal_points else None, score, members, scored))
        else:
            results.append(SectionResult(section, sum(points, ZERO) if points else None, score, members, scored))
    extra_points = [form.goals[g].indicators[i].points for g, i in unassigned]
    extra_scores = [form.goals[g].indicators[i].score for g, i in unassigned]
    point_parts = [r.points for r in results if r.points is not None] + [p for p in extra_points if p is not None]
    points_total = sum(point_parts, ZERO) if point_parts else None
    raw_total = sum((r.score for r in results), ZERO) + sum((s for s in extra_scores if s is not None), ZERO)
    anything = any(r.scored for r in results) or any(s is not None for s in extra_scores)
    total: Decimal | None = None
    cap: Decimal | None = None
    if scheme.scored and anything:
        total = raw_total
        if scheme.rules.not_applicable == "rescale" and na_points and na_points < HUNDRED:
            total = total * HUNDRED / (HUNDRED - na_points)
        if rate is not None:
            caps = [c.max for c in scheme.rules.rate_caps if rate * 100 < c.below]
            if caps and total > min(caps):
                cap = min(caps)
                total = cap
        total = round_to(total, places)
    grade = scheme.grade_of(total) if total is not None else None
    suggestions = {(g, i): suggest(form, g, i, scheme) for g, i, _ in form.indicators}
    exact_money = money_score(rate, weight, scheme, exact=True)
    return Scorecard(scheme, form_scheme, fund_sums(form), rate, weight, computed_money, exact_money, money_used, tuple(results),
                     tuple(unassigned), points_total, raw_total, na_points, cap, total, grade, suggestions)


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
