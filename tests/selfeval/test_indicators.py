"""The 指标值 parser over real strings from the seeds, and the suggested scores built on it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.selfeval.indicators import NEGATIVE, POSITIVE, QUALITATIVE, RANGE, comparable, parse
from juesuan.selfeval.model import Indicator, SelfEvalForm
from juesuan.selfeval.schemes import shipped_schemes, with_weights
from juesuan.selfeval.scoring import classify, suggest

D = Decimal
UNPARSED = None

# (text as printed, seed, direction, value or (low, high), unit) — direction None: unparsed, the last item the reason's key word
CASES = [
    ("≥95%", "003", POSITIVE, D("0.95"), "%"),
    ("≤4‰", "003", NEGATIVE, D("0.004"), "‰"),
    ("≤ 4‰", "003", NEGATIVE, D("0.004"), "‰"),
    ("≤千分之四", "003", NEGATIVE, D("0.004"), "‰"),
    ("千分之二", "003", POSITIVE, D("0.002"), "‰"),
    ("1次", "003", POSITIVE, D(1), "次"),
    ("1本", "003", POSITIVE, D(1), "本"),
    ("400余次", "001", POSITIVE, D(400), "次"),
    ("30余次", "001", POSITIVE, D(30), "次"),
    ("100余本", "001", POSITIVE, D(100), "本"),
    ("≥ 5000件", "003", POSITIVE, D(5000), "件"),
    ("26万件", "003", POSITIVE, D(260000), "件"),
    ("≥ 300次", "003", POSITIVE, D(300), "次"),
    ("1597次", "003", POSITIVE, D(1597), "次"),
    ("97%—100%", "003", RANGE, (D("0.97"), D(1)), "%"),
    ("97%-100%", "003", RANGE, (D("0.97"), D(1)), "%"),
    ("97%≤98%≤100%", "003", RANGE, (D("0.97"), D(1)), "%"),
    ("≥10期", "003", POSITIVE, D(10), "期"),
    ("12期", "003", POSITIVE, D(12), "期"),
    ("5%", "003", POSITIVE, D("0.05"), "%"),
    ("7%", "003", POSITIVE, D("0.07"), "%"),
    ("100%", "003", POSITIVE, D(1), "%"),
    ("98.62%", "003", POSITIVE, D("0.9862"), "%"),
    ("0", "003", NEGATIVE, D(0), ""),
    ("10", "003", POSITIVE, D(10), ""),
    ("≤14人", "003", NEGATIVE, D(14), "人"),
    ("10人", "003", POSITIVE, D(10), "人"),
    ("≥ 50篇", "003", POSITIVE, D(50), "篇"),
    ("126篇", "003", POSITIVE, D(126), "篇"),
    ("20个", "003", POSITIVE, D(20), "个"),
    ("≥20个", "003", POSITIVE, D(20), "个"),
    ("≥ 95%", "003", POSITIVE, D("0.95"), "%"),
    ("≥10%", "003", POSITIVE, D("0.1"), "%"),
    ("365天", "001", POSITIVE, D(365), "天"),
    ("2次", "001", POSITIVE, D(2), "次"),
    ("6%", "001", POSITIVE, D("0.06"), "%"),
    ("99%", "001", POSITIVE, D("0.99"), "%"),
    ("10万元", "001", POSITIVE, D(100000), "元"),
    ("1010.10万元", "001", POSITIVE, D(10101000), "元"),
    ("20%", "002", POSITIVE, D("0.2"), "%"),
    ("≥ 90%", "002", POSITIVE, D("0.9"), "%"),
    ("737.26", "002", POSITIVE, D("737.26"), ""),
    ("52 万", "002", POSITIVE, D(520000), ""),
    ("142.8 万元", "002", POSITIVE, D(1428000), "元"),
    ("完成", "003", QUALITATIVE, None, ""),
    ("显著提高", "003", QUALITATIVE, None, ""),
    ("有所增强", "002", QUALITATIVE, None, ""),
    ("按时限完成", "003", QUALITATIVE, None, ""),
    ("春节、高温", "003", QUALITATIVE, None, ""),
    ("可持续发展", "003", QUALITATIVE, None, ""),
    ("投诉量下降", "003", QUALITATIVE, None, ""),
    ("巩固提升", "003", QUALITATIVE, None, ""),
    ("长期", "002", QUALITATIVE, None, ""),
    ("持续提升", "002", QUALITATIVE, None, ""),
    ("适时", "001", QUALITATIVE, None, ""),
    ("定性", "001", QUALITATIVE, None, ""),
    ("全面完成", "001", QUALITATIVE, None, ""),
    ("次", "003", UNPARSED, None, "缺少数值"),
    ("≥", "001", UNPARSED, None, "只有比较符"),
    ("2022 年 1 月-12 月", "002", UNPARSED, None, "日期"),
    ("2022年上半年", "001", UNPARSED, None, "日期"),
    ("区内50元/天，区外市内130元/天......", "001", UNPARSED, None, "数字+单位"),
]


def test_the_table_has_at_least_forty_real_strings():
    assert len(CASES) >= 40
    assert {case[1] for case in CASES} == {"001", "002", "003"}


@pytest.mark.parametrize("text, seed, direction, value, unit", CASES, ids=[c[0] for c in CASES])
def test_parse(text, seed, direction, value, unit):
    result = parse(text)
    assert result.direction == direction, result
    if direction is None:
        assert not result.parsed and unit in result.reason
        assert result.describe().startswith("无法识别")
    elif direction == RANGE:
        assert (result.low, result.high, result.unit) == (*value, unit)
    elif direction == QUALITATIVE:
        assert result.value is None and not result.numeric
    else:
        assert (result.value, result.unit) == (value, unit)
        assert result.numeric


def test_parse_never_raises_on_odd_input():
    for text in ["", "   ", "%%%", "≥≥", "1" * 500, "—", "百分之", "千分之十二", "0.0.1", "１２３件", "（12）", "-5%"]:
        result = parse(text)
        assert result.parsed or result.reason


def test_full_width_and_spelled_numbers():
    assert (parse("１２期").value, parse("１２期").unit) == (D(12), "期")
    assert parse("百分之九十五").value == D("0.95")
    assert parse("一次").value == D(1)
    assert parse("90-100%").low == D("0.9")
    assert parse("15,051个").value == D(15051)
    assert parse("3000元以内").direction == NEGATIVE


def test_comparable_units():
    assert comparable(parse("≥95%"), parse("98%")) is None
    assert comparable(parse("≤4‰"), parse("0")) is None
    assert comparable(parse("≤14人"), parse("10")) is None
    assert comparable(parse("≥ 5000件"), parse("26万件")) is None
    assert "%" in comparable(parse("100%"), parse("737.26"))
    assert "单位不同" in comparable(parse("5件"), parse("5次"))
    assert comparable(parse("完成"), parse("完成")) is not None


# -- suggested scores ---------------------------------------------------------------------------


def _suggest(target, actual, points="10", level2="数量指标", scheme="mof-2020", score=None):
    form = SelfEvalForm(goals=[{"indicators": [Indicator(level1="产出指标", level2=level2, target=target, actual=actual,
                                                         points=D(points) if points else None, score=score)]}])
    return suggest(form, 0, 0, shipped_schemes()[scheme])


SUGGESTIONS = [
    # 正向: 权重 × B / A, never above the weight
    ("≥ 5000件", "26万件", "6", D(6)),
    ("≥95%", "90%", "10", D("9.47")),
    ("≥10期", "12期", "6", D(6)),
    ("5%", "7%", "6", D(6)),
    ("20%", "100%", "5", D(5)),
    ("≥ 50篇", "40篇", "6", D("4.8")),
    # 反向: 权重 × A / B; B = 0 scores full
    ("≤4‰", "0", "6", D(6)),
    ("≤千分之四", "千分之二", "6", D(6)),
    ("≤14人", "10", "10", D(10)),
    ("≤2%", "4%", "10", D(5)),
    # 区间: full inside, scaled outside
    ("97%—100%", "100%", "6", D(6)),
    ("97%—100%", "48.5%", "6", D(3)),
    ("97%≤98%≤100%", "98%", "1", D(1)),
]


@pytest.mark.parametrize("target, actual, points, expected", SUGGESTIONS)
def test_quantitative_suggestions(target, actual, points, expected):
    tip = _suggest(target, actual, points)
    assert tip.score == expected, tip
    assert tip.score <= D(points)
    assert tip.basis


def test_plain_cost_target_reads_as_a_ceiling():
    tip = _suggest("52万", "142.8万元", "10", level2="成本")
    assert tip.score == D("3.64") and "不超过" in tip.basis
    assert _suggest("52万", "142.8万元", "10", level2="数量").score == D(10)


@pytest.mark.parametrize("target, actual, band", [
    ("完成", "完成", (D(8), D(10))),
    ("显著提高", "显著提高", (D(8), D(10))),
    ("长期", "有所提升", (D(8), D(10))),
    ("完成", "基本完成", (D(5), D(8))),
    ("完成", "未完成", (D(0), D(5))),
    ("完成", "90%", (D(8), D(10))),
])
def test_qualitative_bands(target, actual, band):
    tip = _suggest(target, actual)
    assert (tip.low, tip.high) == band and tip.score is None
    assert tip.text() == f"{band[0]}–{band[1]}"


def test_no_suggestion_says_why():
    assert _suggest("1次", "次").reason.startswith("实际完成值只有单位")
    assert _suggest("100%", "有所增强").reason == "实际完成值没有可比较的数值"
    assert _suggest("≥95%", "98%", points=None).reason == "未填分值"
    assert "判断" in _suggest("长期", "传递简朴的会议风气").reason
    assert _suggest("≥95%", "98%", scheme="sichuan").reason == "本方案不计分"


def test_overshoot_deduction_when_a_scheme_enables_it():
    from juesuan.selfeval.schemes import copy_scheme, validate_scheme

    strict = copy_scheme(shipped_schemes()["mof-2020"], "strict")
    data = strict.model_dump(mode="json")
    data["rules"].update(overshoot="0.3", overshoot_deduction="0.2")
    strict = validate_scheme(data)
    form = SelfEvalForm(goals=[{"indicators": [Indicator(level1="产出指标", level2="数量指标", target="≥ 300次", actual="1597次", points=D(6))]}])
    tip = suggest(form, 0, 0, strict)
    assert tip.overshoot and tip.score == D("4.8") and "扣" in tip.basis
    form.goals[0].indicators[0].actual = "350次"
    assert not suggest(form, 0, 0, strict).overshoot


def test_classify_prefers_the_lowest_band_on_negative_words():
    bands = shipped_schemes()["mof-2020"].qualitative
    assert classify("完成", "未完成", bands).name == "未达成"
    assert classify("完成", "部分完成", bands).name == "部分达成"
    assert classify("投诉量下降", "下降", bands).name == "达成"
    assert classify("长期", "传递简朴的会议风气", bands) is None


def test_weights_do_not_change_suggestion_rules():
    scheme = with_weights(shipped_schemes()["mof-2020"], "project", {"money": D(10), "output": D(25), "effect": D(30), "satisfaction": D(35)})
    assert scheme.rules == shipped_schemes()["mof-2020"].rules
