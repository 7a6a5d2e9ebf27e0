"""The published 情况说明 of seeds 003 (江汉) and 000 (曾都): every listed mistake is flagged on its own words with the
right expected value, and no other sentence is an error — against the project and, for the reviewer who has only
the text, against the text itself."""

from __future__ import annotations

import re
from decimal import Decimal as D

from juesuan.narrative import check_text


NUMBER = re.compile(r"[\d,.]+")


def _errors(findings, text):
    """(printed number, expected, severity) of each error/tail, read back from the text at the finding's span."""
    found = []
    for f in findings:
        if f.severity == "warning":
            continue
        start, end = f.span
        assert f.quote and text[start:end] in f.quote  # the span is the number; the quote holds it with its words
        assert f.quote.replace("\n", "") in text.replace("\n", "") or f.quote in text
        assert re.fullmatch(r"[\d,.]+[\s万元%％辆个]*", text[start:end])  # the span: the number and its unit
        found.append((NUMBER.match(text[start:end]).group(), f.expected, f.severity))
    return found


def test_seed003_against_the_jianghan_project(jianghan, seed003):
    found = _errors(check_text(seed003, jianghan), seed003)
    assert found == [
        ("4,199.3", D("4199.36"), "error"),      # 财政拨款收、支总计 4,199.3
        ("2.89", D("2.88"), "tail"),            # 社保 占比 121.11 / 4,199.36 = 2.884 %
        ("4.9", D("4.89"), "tail"),              # 其他行政事业单位养老支出 (表5 4.89)
        ("100", D("106.91"), "error"),          # 完成年初预算的100%: 4,199.36 / 3,927.98
        ("4.9", D("4.89"), "tail"),              # the same line again in 具体情况
        ("0.06", D("12.20"), "error"),          # 三公 增加0.66万元，增长0.06%
        ("0.08", D("8.37"), "error"),           # 公务用车 增长0.08%
        ("59", D("146.67"), "error"),           # 公务接待 增长59%
        ("31.16", D("45.27"), "error"),         # 机关运行经费 增加27.99 = 31.16 % of this year, not of last year
    ]


def test_seed003_text_only_finds_its_contradictions(seed003):
    found = _errors(check_text(seed003, None), seed003)
    assert ("4,199.3", D("4199.36"), "error") in found     # a 收支总计 below its own 一般公共预算 part
    assert ("100", D("106.91"), "error") in found
    assert ("2.89", D("2.88"), "tail") in found
    assert ("0.08", D("8.37"), "error") in found
    assert ("59", D("146.67"), "error") in found
    assert ("0.06", D("12.20"), "error") in found
    assert ("31.16", D("45.27"), "error") in found
    assert ("3", D("4.00"), "error") in found                 # 共有车辆3辆 but four listed by kind
    assert [f for f in found if f[2] == "error"] == [
        ("4,199.3", D("4199.36"), "error"), ("100", D("106.91"), "error"), ("0.06", D("12.20"), "error"),
        ("0.08", D("8.37"), "error"), ("3", D("4.00"), "error"), ("59", D("146.67"), "error"),
        ("31.16", D("45.27"), "error")]


def test_seed000_against_the_zengdu_project(zengdu, seed000):
    found = _errors(check_text(seed000, zengdu), seed000)
    assert found == [
        ("877.33", D("802.38"), "error"),   # 行政运行 支出决算 877.33 is the whole 表5 total
        ("183.53", D("117.72"), "error"),   # 完成年初预算的183.53% where 877.33 / 745.25 = 117.72 %
        ("712.16", D("712.15"), "tail"),    # 基本支出 712.16 here, 712.15 in 表3/表5
        ("0.92", D("28.92"), "error"),      # 三公 预算 0.92 against its own lines 0 + 28 + 0.92
        ("0", D("20.97"), "error"),         # 三公 决算 0 against its 公务用车 20.97
        ("0.15", D("17.12"), "error"),      # 较上年减少 0.15 (38.09 → 20.97)
        ("100", D("44.95"), "error"),       # 下降 100 %
        ("150", D("162.00"), "error"),      # 资金 150 where the nine project budgets sum to 162
        ("100", D("98.07"), "error"),       # 占一般公共预算项目支出总额的 100 %: 162 / 165.18
    ]


def test_seed000_text_only_finds_its_contradictions(seed000):
    found = _errors(check_text(seed000, None), seed000)
    assert found == [
        ("877.33", D("877.34"), "tail"),    # 802.38 + 43.39 + 31.57
        ("877.33", D("802.38"), "error"),   # the 一般公共服务 line quoted as 802.38, then 877.33
        ("183.53", D("117.72"), "error"),
        ("628.87", D("628.86"), "tail"),    # 人员经费 items
        ("83.29", D("83.30"), "tail"),      # 公用经费 items
        ("0.92", D("28.92"), "error"),      # 三公 预算 vs 0 + 28 + 0.92
        ("0", D("20.97"), "error"),         # 三公 决算 vs 0 + 20.97 + 0
        ("150", D("162.00"), "error"),      # 9 projects: 8+15+18+18+15+15+37+18+18
    ]


def test_numbers_that_name_nothing_are_hints_not_silence(seed003, jianghan):
    findings = check_text(seed003, jianghan)
    hints = [f for f in findings if f.rule == "N-UNTIED"]
    assert hints and all(f.severity == "warning" for f in hints)
    quoted = {NUMBER.match(seed003[f.span[0]:f.span[1]]).group() for f in hints}
    assert {"13", "2200", "3788"} <= quoted  # project amounts and outputs the tables cannot confirm
    assert all(f.cells[0].table == "说明" for f in findings)
