"""Numbers in a 情况说明: whitespace-free text with a map back to the original characters, the numbers it holds
with their units, and the rounding and tolerances the checker applies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
#: Amounts in 万元: one cent per addend may be a rounding tail (元 → 万元).
TAIL_PER_TERM = CENT

_SPACE = re.compile(r"[\s\u3000*#]+")
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
    r"(万元|元|%|％|‰|辆|个|台（套）|台|人次|次|件|项|批次|批|篇|人|分|年|月|日|号|余)?")
COUNT_UNITS = {"辆", "个", "台（套）", "台"}
SKIP_UNITS = {"年", "月", "日", "号"}


@dataclass(frozen=True)
class Flat:
    """A text without whitespace; `where[i]` is the original offset of flat character i."""

    text: str
    where: tuple[int, ...]
    source: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of flat [start, end)."""
        if start >= len(self.where):
            return len(self.source), len(self.source)
        return self.where[start], self.where[end - 1] + 1


_WIDE = str.maketrans({"(": "（", ")": "）", ";": "；", ":": "：", "．": "."})


def flatten(text: str) -> Flat:
    """Drop whitespace (PDF extractions break sentences and numbers across lines) and Markdown marks; ASCII
    brackets and stops become their full-width forms (one character for one, so offsets still map back)."""
    text_in = text
    text = text.translate(_WIDE)
    chars: list[str] = []
    where: list[int] = []
    last = 0
    for match in _SPACE.finditer(text):
        chunk = text[last:match.start()]
        chars.append(chunk)
        where.extend(range(last, match.start()))
        last = match.end()
    chars.append(text[last:])
    where.extend(range(last, len(text)))
    return Flat("".join(chars), tuple(where), text_in)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: Decimal
    places: int
    unit: str

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "％")

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS


def numbers(flat: str) -> list[Number]:
    """Every number with a meaning of its own (not a date, an ordinal, a figure number or a threshold)."""
    found = []
    for match in _NUMBER.finditer(flat):
        whole, frac, unit = match.group(1), match.group(2), match.group(3) or ""
        start, end = match.start(), match.end()
        before = flat[max(0, start - 2):start]
        after = flat[end:end + 6]
        if unit in SKIP_UNITS:
            continue
        if not unit and not frac and (after[:1] in ".．、)）" or before[-1:] in "(（第图表"):
            continue  # "1." "（2）" "第3" "图4" "表5": ordinals and references
        if not unit and frac is None and after[:1] and not after[:1].isdigit() and before[-1:] in "（(":
            continue
        if unit == "万元" and re.match(r"(（含）|\(含\))?以上", after):
            continue  # 单价50万元以上设备: a threshold, not an amount
        if unit == "余" and after[:2] == "万元":
            unit, end = "万元", end + 2
        value = Decimal(whole.replace(",", "") + ("." + frac if frac else ""))
        found.append(Number(start, end, value, len(frac or ""), unit))
    return found


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole in %, exact (rounded only when printed or compared)."""
    return part / whole * HUNDRED


def round_to(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_tolerance(places: int) -> Decimal:
    """±max(0.01, half a unit of the printed precision): "131.5%" may stand for 131.45–131.55."""
    return max(CENT, Decimal(5).scaleb(-places - 1))


def judge_percent(printed: Decimal, places: int, exact: Decimal) -> str | None:
    """None when the printed figure is the exact one rounded; "tail" within tolerance; "error" beyond."""
    if round_to(exact, places) == printed or round_to(exact, 2) == printed:
        return None
    return "tail" if abs(printed - exact) <= percent_tolerance(places) else "error"


def judge_amount(printed: Decimal, expected: Decimal, terms: int = 1) -> str | None:
    if printed == round_to(expected):
        return None
    return "tail" if abs(printed - expected) <= TAIL_PER_TERM * max(1, terms) else "error"


def show_percent(value: Decimal) -> str:
    return f"{round_to(value):f}%"
