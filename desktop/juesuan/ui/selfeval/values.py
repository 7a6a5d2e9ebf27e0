"""Values as people type and read them on a 自评 form: points (1.5、１．５、20分), rates (99.84%), plain numbers, and
short words for why no score can be suggested. Plain Python (no Qt)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from ...errors import JuesuanError
from ...selfeval.indicators import parse
from ...selfeval.scoring import _plain

_POINTS = re.compile(r"^\d+(\.\d{1,4})?$")


def parse_points(text: str, what: str = "分值") -> Decimal | None:
    """'1.5', '１．５', '20分' → Decimal; '' → None; anything else a Chinese error."""
    clean = unicodedata.normalize("NFKC", text or "").strip().replace("，", ",")
    clean = clean.removesuffix("分").strip()
    if not clean:
        return None
    if not _POINTS.match(clean):
        raise JuesuanError(f"“{text.strip()[:20]}”不是{what}：应为不小于 0 的数，最多 4 位小数")
    return Decimal(clean)


def parse_percent(text: str) -> Decimal | None:
    """'99.84%', '99.84' → Decimal('99.84') (percent)."""
    clean = unicodedata.normalize("NFKC", text or "").strip().removesuffix("%").strip()
    return parse_points(clean, "执行率（百分数）")


def plain(value: Decimal | None) -> str:
    return "" if value is None else _plain(value)


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format(value, 'f')}%"


def short_reason(reason: str) -> str:
    """Why there is no suggested score, in a few words for the cell (the tooltip has the whole reason)."""
    if reason in ("未填分值", "不适用", "本方案不计分", "实际完成值空白"):
        return ""
    if reason.startswith("年度指标值"):
        return "指标值无法识别"
    if reason.startswith("实际完成值"):
        if "没有写 %" in reason:
            return "完成值缺 %"
        return "完成值无数值" if "数值" in reason or "单位" in reason else "完成值无法识别"
    if reason.startswith("单位不同"):
        return "单位不同"
    if reason.startswith("无法从"):
        return "无法判断达成"
    return reason[:8]


def reading(text: str) -> str:
    """What the parser reads in a 年度指标值 / 实际完成值, for its tooltip ('' for a blank text)."""
    if not text.strip():
        return ""
    return f"识别为：{parse(text).describe()}"
