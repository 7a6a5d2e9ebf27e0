"""Reading 年度指标值 / 实际完成值 as people write them (≥95%、≤千分之四、400余次、26万件、97%—100%、完成) into a
direction, a number and a unit — or saying plainly why a text cannot be read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

POSITIVE, NEGATIVE, RANGE, QUALITATIVE = "正向", "反向", "区间", "定性"
RATIO_UNITS = ("%", "‰")
MAX_TEXT = 200

#: Measure words: a text that is only one of these has lost its number (seed 003 prints “次”).
UNITS = (
    "人次", "户次", "万元", "元", "次", "个", "件", "本", "期", "篇", "人", "天", "日", "份", "场", "条", "项", "家", "户",
    "台", "辆", "所", "座", "册", "批", "起", "块", "处", "亩", "公里", "米", "平方米", "吨", "小时", "分钟", "周",
    "月", "年", "名", "位", "间", "套", "张", "部", "类", "轮", "课时", "期次", "分",
)
#: Words before a number, and the direction they give.
PREFIXES = (
    ("大于等于", POSITIVE), ("不低于", POSITIVE), ("不少于", POSITIVE), ("至少", POSITIVE), ("达到", POSITIVE),
    ("大于", POSITIVE), ("高于", POSITIVE), ("超过", POSITIVE), ("≥", POSITIVE), (">=", POSITIVE), (">", POSITIVE),
    ("小于等于", NEGATIVE), ("不高于", NEGATIVE), ("不超过", NEGATIVE), ("不多于", NEGATIVE), ("控制在", NEGATIVE),
    ("低于", NEGATIVE), ("小于", NEGATIVE), ("≤", NEGATIVE), ("<=", NEGATIVE), ("<", NEGATIVE), ("=", None),
    ("约", None), ("共", None),
)
#: Words after a number (and unit).
SUFFIXES = (("及以上", POSITIVE), ("以上", POSITIVE), ("及以下", NEGATIVE), ("以下", NEGATIVE), ("以内", NEGATIVE))
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
FRACTIONS = {"百分之": (Decimal(100), "%"), "千分之": (Decimal(1000), "‰")}

_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"^(?P<num>{_NUMBER})(?P<approx>余|多)?(?P<mult>万|亿)?(?P<approx2>余|多)?(?P<unit>%|‰|[^\d%‰]{{0,4}}?)(?P<approx3>余|多)?$"
)
_DATE = re.compile(r"\d+\s*(年|月|日|号)|(19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2}")


@dataclass(frozen=True)
class Parsed:
    """What a 指标值 text says: `value`/`low`/`high` are normalised (95% → 0.95, 26万件 → 260000)."""

    text: str
    direction: str | None
    value: Decimal | None = None
    unit: str = ""
    low: Decimal | None = None
    high: Decimal | None = None
    approx: bool = False
    explicit: bool = False
    reason: str = ""

    @property
    def parsed(self) -> bool:
        return self.direction is not None

    @property
    def numeric(self) -> bool:
        return self.direction in (POSITIVE, NEGATIVE, RANGE)

    @property
    def is_ratio(self) -> bool:
        return self.unit in RATIO_UNITS

    def describe(self) -> str:
        """A short Chinese reading of the text, for tooltips."""
        if not self.parsed:
            return f"无法识别：{self.reason}"
        if self.direction == QUALITATIVE:
            return "定性"
        if self.direction == RANGE:
            return f"区间 {show(self.low, self.unit)}–{show(self.high, self.unit)}"
        return f"{self.direction} {show(self.value, self.unit)}"


def show(value: Decimal | None, unit: str) -> str:
    """A normalised number back in its unit (0.95 with % → 95%)."""
    if value is None:
        return ""
    if unit == "%":
        value = value * 100
    elif unit == "‰":
        value = value * 1000
    return f"{format(tidy(value), 'f')}{unit}"


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (1428000.0 → 1428000)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    for dash in ("—", "–", "－", "~", "～", "〜"):
        text = text.replace(dash, "-")
    text = text.replace("--", "-").replace("，", ",").replace("％", "%")
    return text.rstrip("。.;；")


def _cn_number(text: str) -> Decimal | None:
    """Small Chinese numerals: 四, 十二, 九十五, 二十, 一百."""
    if not text or any(c not in CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = current * 10 + CN_DIGITS[char]
    return Decimal(total + current)


def _quantity(text: str) -> tuple[Decimal, str, bool] | str:
    """One number with its unit: (value, unit, approximate) or a reason string."""
    spelled = re.fullmatch(r"([零〇一二两三四五六七八九十百]+)(.*)", text)
    if spelled and spelled.group(2) in UNITS:
        number = _cn_number(spelled.group(1))
        if number is not None:
            return number, spelled.group(2), False
    for word, (scale, unit) in FRACTIONS.items():
        if text.startswith(word):
            rest = text[len(word):]
            number = _cn_number(rest) if not re.fullmatch(_NUMBER, rest) else Decimal(rest)
            if number is None:
                return f"“{word}”后应为数字"
            return tidy(number / scale), unit, False
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?\D*", text):
        text = text.replace(",", "")
    match = _QUANTITY.match(text)
    if not match:
        return "不是“数字+单位”的写法"
    try:
        value = Decimal(match.group("num"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return "数字无效"
    unit = match.group("unit") or ""
    if unit == "%":
        value = value / 100
    elif unit == "‰":
        value = value / 1000
    mult = match.group("mult")
    if mult == "万":
        value *= 10000
    elif mult == "亿":
        value *= 100000000
    if unit and not re.fullmatch(r"[%‰]|[\u4e00-\u9fffA-Za-z/²³]{1,4}", unit):
        return f"单位“{unit}”无法识别"
    if unit in ("余", "多"):
        return "数字后的“余/多”位置不对"
    approx = bool(match.group("approx") or match.group("approx2") or match.group("approx3"))
    return tidy(value), unit, approx


def _strip_words(text: str) -> tuple[str, str | None, bool]:
    """Remove a leading comparison word and a trailing 以上/以下; return the core and its direction."""
    direction, explicit = None, False
    for word, meaning in PREFIXES:
        if text.startswith(word):
            text, direction, explicit = text[len(word):], meaning, meaning is not None
            break
    for word, meaning in SUFFIXES:
        if text.endswith(word):
            text, direction, explicit = text[: -len(word)], meaning, True
            break
    return text, direction, explicit


@lru_cache(maxsize=4096)
def parse(text: str) -> Parsed:
    """Read one 指标值 text. Never raises: an unreadable text comes back with `direction=None` and a reason."""
    original = text or ""
    if len(original) > MAX_TEXT:
        return Parsed(original, None, reason="文字过长，不是指标值")
    cleaned = _clean(original)
    if not cleaned:
        return Parsed(original, None, reason="空白")
    if not re.search(r"\d", cleaned) and not any(w in cleaned for w in FRACTIONS):
        core, direction, _ = _strip_words(cleaned)
        if not core and direction is not None:
            return Parsed(original, None, reason="只有比较符，缺少数值")
        if cleaned in UNITS:
            return Parsed(original, None, reason=f"只有单位“{cleaned}”，缺少数值")
        spelled = _quantity(core) if core else "空"
        if not isinstance(spelled, tuple):
            return Parsed(original, QUALITATIVE)
    if _DATE.search(cleaned):
        return Parsed(original, None, reason="是日期或期限，不是可比较的数值")
    chain = re.fullmatch(r"(.+?)(?:≤|<=)(.+?)(?:≤|<=)(.+)", cleaned)
    if chain:
        low, high = _quantity(chain.group(1)), _quantity(chain.group(3))
        if isinstance(low, tuple) and isinstance(high, tuple):
            return _range(original, low, high)
    if re.search(r"\d", cleaned) and re.search(r"[\d%‰余多个件次]-\d|[\d%‰]至\d|[\d%‰]到\d", cleaned):
        parts = re.split(r"-|至|到", cleaned, maxsplit=1)
        if len(parts) == 2:
            second = _quantity(parts[1])
            first = _quantity(parts[0])
            if isinstance(second, tuple) and re.fullmatch(_NUMBER, parts[0]):
                first = _quantity(parts[0] + second[1])
            if isinstance(first, tuple) and isinstance(second, tuple):
                return _range(original, first, second)
            return Parsed(original, None, reason="区间两端应都是数值")
    core, direction, explicit = _strip_words(cleaned)
    if not core:
        return Parsed(original, None, reason="只有比较符，缺少数值")
    quantity = _quantity(core)
    if isinstance(quantity, str):
        return Parsed(original, None, reason=quantity)
    value, unit, approx = quantity
    if direction is None:
        direction = NEGATIVE if value == 0 else POSITIVE
    return Parsed(original, direction, value=value, unit=unit, approx=approx, explicit=explicit)


def _range(original: str, low: tuple[Decimal, str, bool], high: tuple[Decimal, str, bool]) -> Parsed:
    unit = high[1] or low[1]
    lo, hi = low[0], high[0]
    if low[1] != high[1] and low[1] and high[1]:
        return Parsed(original, None, reason="区间两端单位不同")
    if lo > hi:
        lo, hi = hi, lo
    return Parsed(original, RANGE, unit=unit, low=lo, high=hi, explicit=True)


def comparable(target: Parsed, actual: Parsed) -> str | None:
    """Why two readings cannot be compared, or None when they can (same unit, or the actual gives none)."""
    if not target.numeric:
        return "年度指标值不是数值"
    if not actual.numeric:
        return "实际完成值没有可比较的数值"
    if target.unit == actual.unit:
        return None
    if target.is_ratio and actual.is_ratio:
        return None
    if not actual.unit:
        if target.is_ratio and actual.value not in (None, Decimal(0)):
            return f"实际完成值“{actual.text.strip()}”没有写 %，无法与“{target.text.strip()}”比较"
        return None
    if not target.unit:
        return None
    return f"单位不同（{target.unit} 与 {actual.unit}）"


def actual_value(actual: Parsed) -> Decimal | None:
    """The number an 实际完成值 stands for (a range counts by its lower end)."""
    if actual.direction == RANGE:
        return actual.low
    return actual.value
