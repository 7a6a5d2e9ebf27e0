"""Judge each claim of a 情况说明: against the project's data when there is one, and against the text itself (quoted
parts against quoted totals, rates against quoted changes, completion % against the quoted budget and 决算)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import Cell, Finding
from ..money import format_amount
from .claims import Claim
from .numbers import judge_amount, judge_percent, percent, round_to
from .quantities import Book, Quantity, Reader

TABLE = "说明"
VALUE_KINDS = ("amount", "actual", "count")


@dataclass
class TextFacts:
    """What the text itself says: the first quote of each quantity, and per claim the figures its group quoted
    before it (value, budget, prior, change by base)."""

    first: dict[tuple[str, str], Claim] = field(default_factory=dict)
    context: dict[int, dict[str, Claim]] = field(default_factory=dict)
    listing_items: dict[str, list[tuple[Claim | None, Claim | None]]] = field(default_factory=dict)
    #: Quantities the text names anywhere (a part it never names counts 0; one it names without a figure is unknown).
    mentioned: frozenset[tuple[int, str]] = frozenset()


def text_facts(claims: list[Claim], mentioned: frozenset[tuple[int, str]] = frozenset()) -> TextFacts:
    facts = TextFacts(mentioned=mentioned)
    state: dict[tuple[int, str], dict[str, Claim]] = {}
    for claim in claims:
        slot = "value" if claim.kind in VALUE_KINDS else claim.kind
        if claim.subject and slot in ("value", "budget", "prior"):
            facts.first.setdefault((claim.subject, slot), claim)
        group = state.setdefault((claim.section, claim.group), {})
        facts.context[claim.index] = dict(group)
        if slot in ("value", "budget", "prior"):
            group[slot] = claim
        elif claim.kind == "change":
            group["change:" + claim.base] = claim
        if claim.listing:
            items = facts.listing_items.setdefault(claim.listing, [])
            if claim.kind == "budget" or not items or items[-1][1] is not None or items[-1][0] is None:
                items.append((claim, None) if claim.kind == "budget" else (None, claim))
            else:
                items[-1] = (items[-1][0], claim)
    return facts


class Judge:
    """Evaluates one claim at a time; `reads` collects the project cells the last evaluation looked at."""

    def __init__(self, book: Book, facts: TextFacts, project_reader: Reader | None, listings: dict[str, tuple[str, str]]) -> None:
        self.book = book
        self.facts = facts
        self.reader = project_reader
        self.listings = listings
        self.reads: set[Cell] = set()

    # reading ------------------------------------------------------------------------------
    def data(self, q: Quantity | None, which: str) -> Decimal | None:
        if q is None or self.reader is None:
            return None
        value, reads = self.reader.read(q, which)
        self.reads |= reads
        return value

    def quoted(self, claim: Claim, slot: str) -> Claim | None:
        return self.facts.context.get(claim.index, {}).get(slot)

    # judging ------------------------------------------------------------------------------
    def judge(self, claim: Claim) -> Finding | None:
        self.reads = set()
        if claim.kind == "untied" or (claim.subject is None and not claim.listing and claim.kind != "completion"):
            return self._untied(claim)
        if claim.listing:
            return None
        q = self.book.get(claim.subject)
        handler = getattr(self, "_" + claim.kind)
        return handler(claim, q)

    def _finding(self, claim: Claim, rule: str, severity: str, message: str, expected: Decimal | str | None) -> Finding:
        cells = (Cell(TABLE, str(max(claim.section, 0)), claim.quote), *sorted(self.reads))
        actual = claim.number.value
        return Finding(rule, severity, cells, message, expected, actual, claim.span, claim.quote)

    def _untied(self, claim: Claim) -> Finding:
        return self._finding(claim, "N-UNTIED", "warning",
                             f"“{claim.quote}”中的数字 {_num(claim)} 未能对应到决算表或情况说明数据，请人工核对", None)

    def _missing(self, claim: Claim, q: Quantity, what: str) -> Finding:
        return self._finding(claim, "N-MISSING", "warning",
                             f"“{claim.quote}”：项目中没有{q.name}的{what}（请在“情况说明数据”中填写），无法核对", None)

    def _compare(self, claim: Claim, rule: str, what: str, expected: Decimal, terms: int = 1, how: str = "") -> Finding | None:
        severity = judge_amount(claim.number.value, expected, terms)
        if severity is None:
            return None
        diff = claim.number.value - expected
        return self._finding(claim, rule, severity,
                             f"“{claim.quote}”：{what}应为 {format_amount(expected)}{how}，文中为 {_num(claim)}，差 {format_amount(diff)}",
                             round_to(expected))

    def _compare_percent(self, claim: Claim, rule: str, what: str, exact: Decimal, how: str) -> Finding | None:
        severity = judge_percent(claim.number.value, claim.number.places, exact)
        if severity is None:
            return None
        expected = round_to(exact)
        return self._finding(claim, rule, severity,
                             f"“{claim.quote}”：{what}应为 {expected}%（{how}），文中为 {_num(claim)}%，差 {round_to(claim.number.value - exact)}",
                             expected)

    def _value_of(self, claim: Claim, q: Quantity | None) -> tuple[Decimal | None, str]:
        """This year's figure of the claim's subject: the project's, else the one the group quoted."""
        value = self.data(q, "value")
        if value is not None:
            return value, "决算表"
        quoted = self.quoted(claim, "value")
        return (quoted.number.value, f"文中“{quoted.quote}”") if quoted else (None, "")

    def _amount(self, claim: Claim, q: Quantity) -> Finding | None:
        if self.reader is not None:
            value = self.data(q, "value")
            if value is None:
                return self._text_amount(claim, q, "value") or self._missing(claim, q, "数据")
            if claim.number.is_count and claim.number.value != value:
                return self._finding(claim, "N-COUNT", "error",
                                     f"“{claim.quote}”：{q.name}应为 {value}，文中为 {_num(claim)}", value)
            return self._compare(claim, "N-AMOUNT", q.name, value)
        return self._text_amount(claim, q, "value")

    _actual = _amount
    _count = _amount

    def _budget(self, claim: Claim, q: Quantity) -> Finding | None:
        if self.reader is not None:
            value = self.data(q, "budget")
            if value is None:
                return self._missing(claim, q, "年初预算数")
            return self._compare(claim, "N-BUDGET", f"{q.name}年初预算数", value)
        return self._text_amount(claim, q, "budget")

    def _prior(self, claim: Claim, q: Quantity) -> Finding | None:
        if self.reader is not None:
            value = self.data(q, "prior")
            if value is None:
                return self._missing(claim, q, "上年决算数")
            return self._compare(claim, "N-PRIOR", f"{q.name}上年决算数", value)
        return self._text_amount(claim, q, "prior")

    def _text_amount(self, claim: Claim, q: Quantity, slot: str) -> Finding | None:
        """Text-only: the same quantity quoted twice, a total against its quoted parts, a total below a part."""
        first = self.facts.first.get((q.key, slot))
        if first is not None and first.index != claim.index:
            return self._compare(claim, "N-SAME", q.name, first.number.value, 1, f"（与前文“{first.quote}”一致）")
        if first is None or first.index != claim.index:
            return None
        quoted = {p: self.facts.first.get((p, slot)) for p in q.parts}
        present = [c for c in quoted.values() if c is not None]
        unknown = [p for p, c in quoted.items() if c is None and (claim.section, p) in self.facts.mentioned]
        if len(present) >= 2:
            total = sum((c.number.value for c in present), Decimal(0))
            names = "＋".join(_short(c) for c in present)
            if not unknown:
                found = self._compare(claim, "N-PARTS", f"{q.name}（各项之和）", total, len(present), f"（= {names}）")
                if found is not None:
                    return found
            elif total - claim.number.value > Decimal("0.01") * len(present):
                return self._finding(claim, "N-PARTS", "error",
                                     f"“{claim.quote}”：{q.name} {_num(claim)} 小于文中所列各项之和 {format_amount(total)}（= {names}）",
                                     round_to(total))
        for key in q.at_least:
            part = self.facts.first.get((key, slot))
            if part is not None and claim.number.value < part.number.value:
                expected = part.number.value
                return self._finding(claim, "N-ATLEAST", "error" if expected - claim.number.value > Decimal("0.01") else "tail",
                                     f"“{claim.quote}”：{q.name} {_num(claim)} 小于其组成部分“{part.quote}”，至少应为 {format_amount(expected)}",
                                     expected)
        listing = self.listings.get(q.key)
        if listing is not None:
            return self._listing_total(claim, q, *listing)
        return None

    def _listing_total(self, claim: Claim, q: Quantity, listing: str, role: str) -> Finding | None:
        items = self.facts.listing_items.get(listing, [])
        if not items:
            return None
        if role == "count":
            if claim.number.value != len(items):
                return self._finding(claim, "N-LISTING", "error",
                                     f"“{claim.quote}”：文中逐个列出的项目有 {len(items)} 个，此处为 {_num(claim)}", Decimal(len(items)))
            return None
        budgets = sum((b.number.value for b, _ in items if b is not None), Decimal(0))
        actuals = sum((a.number.value for _, a in items if a is not None), Decimal(0))
        found = self._compare(claim, "N-LISTING", q.name, budgets, len(items), "（文中各项目全年预算数之和）")
        if found is not None and actuals:
            by_actuals = self._compare(claim, "N-LISTING", q.name, actuals, len(items), "（文中各项目执行数之和）")
            if by_actuals is None or by_actuals.severity == "tail":
                return by_actuals
        return found

    def _change(self, claim: Claim, q: Quantity) -> Finding | None:
        value, base, source = self._change_terms(claim, q)
        if value is None or base is None:
            return self._missing(claim, q, "上年决算数" if claim.base == "prior" else "年初预算数") if self.reader is not None else None
        change = value - base
        word = _word(change, claim.base, rate=False)
        if change and (change > 0) != (claim.sign > 0):
            return self._finding(claim, "N-CHANGE", "error",
                                 f"“{claim.quote}”：应为{word} {format_amount(abs(change))} 万元（{source}），文中方向相反", round_to(abs(change)))
        return self._compare(claim, "N-CHANGE", f"{q.name}{word}额", abs(change), 2, f"（{source}）")

    def _change_terms(self, claim: Claim, q: Quantity) -> tuple[Decimal | None, Decimal | None, str]:
        value, where = self._value_of(claim, q)
        base = self.data(q, claim.base)
        if base is not None and self.data(q, "value") is not None:
            return value, base, f"{format_amount(value)} − {'上年' if claim.base == 'prior' else '年初预算'} {format_amount(base)}"
        quoted = self.quoted(claim, claim.base)
        if quoted is not None and value is not None:
            return value, quoted.number.value, f"{format_amount(value)} − 文中“{quoted.quote}”"
        return value, None, ""

    def _rate(self, claim: Claim, q: Quantity) -> Finding | None:
        value, base, source = self._change_terms(claim, q)
        if base is None and value is not None:
            change = self.quoted(claim, "change:" + claim.base)
            if change is not None:
                base = value - change.number.value * change.sign
                source = f"由文中“{change.quote}”推得上年 {format_amount(base)}"
        if value is None or base is None:
            return self._missing(claim, q, "上年决算数" if claim.base == "prior" else "年初预算数") if self.reader is not None else None
        if not base:
            return None
        exact = percent(value - base, base)
        word = _word(exact, claim.base, rate=True)
        if exact and (exact > 0) != (claim.sign > 0) and round_to(abs(exact), claim.number.places):
            return self._finding(claim, "N-RATE", "error",
                                 f"“{claim.quote}”：应为{word} {round_to(abs(exact))}%（{source}），文中方向相反", round_to(abs(exact)))
        return self._compare_percent(claim, "N-RATE", f"{q.name}{word}率", abs(exact), source)

    def _share(self, claim: Claim, q: Quantity) -> Finding | None:
        den_key = claim.denominator or q.share_of
        den = self.book.get(den_key)
        value, _ = self._value_of(claim, q)
        whole = self.data(den, "value") if den is not None else None
        if whole is None and den is not None:
            quoted = self.facts.first.get((den.key, "value"))
            whole = quoted.number.value if quoted else None
        if den is None or value is None or whole is None:
            return self._missing(claim, q, "占比的基数") if self.reader is not None else None
        if not whole:
            return None if not claim.number.value else self._finding(
                claim, "N-SHARE", "error", f"“{claim.quote}”：{den.name}为 0，占比应为 0%", Decimal(0))
        return self._compare_percent(claim, "N-SHARE", f"{q.name}占{den.name}的比重", percent(value, whole),
                                     f"= {format_amount(value)} ÷ {format_amount(whole)}")

    def _completion(self, claim: Claim, q: Quantity | None) -> Finding | None:
        budget_claim = self.quoted(claim, "budget")
        actual_claim = self.quoted(claim, "value")
        if budget_claim is not None and actual_claim is not None:
            budget, actual = budget_claim.number.value, actual_claim.number.value
            how = f"= 文中决算 {format_amount(actual)} ÷ 预算 {format_amount(budget)}"
        else:
            budget, actual = self.data(q, "budget"), self.data(q, "value")
            how = f"= {format_amount(actual)} ÷ 年初预算 {format_amount(budget)}" if budget is not None and actual is not None else ""
        if budget is None or actual is None:
            if q is None:
                return self._untied(claim)
            return self._missing(claim, q, "年初预算数") if self.reader is not None else None
        if not budget:
            return None
        name = q.name if q is not None else "项目"
        return self._compare_percent(claim, "N-COMPLETION", f"{name}完成预算的比例", percent(actual, budget), how)


def _num(claim: Claim) -> str:
    return format(claim.number.value, "f")


def _short(claim: Claim) -> str:
    return format(claim.number.value, "f")


def _word(change: Decimal, base: str, *, rate: bool) -> str:
    if change >= 0:
        return "增长" if rate else "增加"
    return ("降低" if base == "budget" else "下降") if rate else "减少"
