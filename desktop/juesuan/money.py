"""Amounts as Decimal: parse what people type or paste, format as printed, convert 元/万元."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import AmountError

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)
MAX_INPUT_LENGTH = 40
#: Largest magnitude accepted (万元): a trillion 万元 is far beyond any department.
LIMIT = Decimal("1e12")

_NUMBER = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def _normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, strip spaces and currency marks."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("−", "-").replace("–", "-").replace("—", "-")
    text = text.replace("，", ",").replace("。", ".")
    text = re.sub(r"\s+", "", text)
    for mark in ("¥", "￥", "元"):
        text = text.replace(mark, "")
    return text


def parse_amount(text: str | None, *, places: int | None = 2) -> Decimal | None:
    """Return the Decimal a person meant, None for blank, or raise AmountError in Chinese.

    `places` limits decimal places (None: any); a parenthesised amount is negative, as in accounting.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise AmountError("金额应为文本")
    if len(text) > 200:
        raise AmountError("输入过长，不是金额")
    raw = _normalise(text)
    if raw in ("", "-"):
        return None
    if len(raw) > MAX_INPUT_LENGTH:
        raise AmountError("输入过长，不是金额")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    elif raw.startswith("-"):
        negative, raw = True, raw[1:]
    elif raw.startswith("+"):
        raw = raw[1:]
    if "," in raw:
        if not _GROUPED.match(raw):
            raise AmountError(f"“{text.strip()}”的千分位逗号位置不对")
        raw = raw.replace(",", "")
    if not _NUMBER.match(raw):
        raise AmountError(f"“{text.strip()}”不是金额：只能输入数字、小数点、千分位逗号和负号")
    try:
        value = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        raise AmountError(f"“{text.strip()}”不是金额") from None
    if value >= LIMIT:
        raise AmountError(f"“{text.strip()}”超出金额上限")
    if places is not None and value.as_tuple().exponent < -places:  # type: ignore[operator]
        raise AmountError(f"“{text.strip()}”超过{places}位小数（单位：万元，保留两位小数）")
    if negative and value:
        value = -value
    return value


def parse_stored(text: str) -> Decimal:
    """Parse an amount stored in a file: a plain decimal string only, never a float."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH or not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise AmountError(f"金额必须写成十进制字符串，而不是 {text!r:.60}")
    value = Decimal(text)
    if abs(value) >= LIMIT:
        raise AmountError(f"金额 {text} 超出上限")
    return value


def format_amount(value: Decimal | None, *, blank: str = "") -> str:
    """Format as printed in the tables: #,##0.00 (negative with a minus sign)."""
    if value is None:
        return blank
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def round_cent(value: Decimal) -> Decimal:
    """Half-up to 0.01, as the official tools round."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan_to_wan(value: Decimal) -> Decimal:
    """元 → 万元 rounded half-up to 0.01 (the source of ±0.01 tails)."""
    return round_cent(value / TEN_THOUSAND)


def wan_to_yuan(value: Decimal) -> Decimal:
    """万元 → 元, exact."""
    return round_cent(value * TEN_THOUSAND)


def to_stored(value: Decimal) -> str:
    """Canonical decimal string for files: no exponent, no grouping."""
    if not value:
        value = abs(value)
    return format(value, "f")
