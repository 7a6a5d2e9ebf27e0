"""Each 自评 rule fires on the mistake it names (and only then), with its severity and wording from the rule file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import check

from juesuan.document import new_project
from juesuan.findings import Cell
from juesuan.selfeval.model import Indicator, SelfEvalForm
from juesuan.selfeval.schemes import copy_scheme, shipped_schemes, validate_scheme
from juesuan.validation import rulebook

D = Decimal
TABLE = "自评-项目-测试项目"


def _project(**changes):
    """A clean 财政部通用 project form: 10 + 50 + 30 + 10, all full marks, 100% executed."""
    form = {
        "kind": "project", "name": "测试项目", "scheme": "mof-2020", "date": "2023.3.1",
        "funds": {"合计": {"全年预算数": "100", "全年执行数": "100"}, "当年财政拨款": {"全年预算数": "100"}},
        "fund_points": "10", "fund_rate": "100", "fund_score": "10", "total_points": "100", "total_score": "100", "grade": "优",
        "goals": [{"expected": "完成", "actual": "完成", "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "level3": "数量", "target": "≥10件", "actual": "12件", "points": "50", "score": "50"},
            {"level1": "效益指标", "level2": "社会效益指标", "level3": "效益", "target": "显著提高", "actual": "显著提高", "points": "30", "score": "30"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "满意度", "target": "≥95%", "actual": "98%", "points": "10", "score": "10"},
        ]}],
    }
    for key, value in changes.items():
        target = form
        *path, last = key.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    project = new_project("测试单位")
    project.selfeval.projects.append(SelfEvalForm.model_validate(form))
    return project


def _selfeval(project):
    return [f for f in check(project) if f.rule.startswith("SE-")]


def test_a_clean_form_has_no_findings():
    assert _selfeval(_project()) == []


CASES = [
    ({"fund_rate": "90"}, "SE-RATE", "error", ("合计", "执行率")),
    ({"fund_score": "8"}, "SE-MONEY-SCORE", "error", ("合计", "得分")),
    ({"funds": {"合计": {"全年预算数": "100", "全年执行数": "100"}, "当年财政拨款": {"全年预算数": "90"}}}, "SE-FUND-SUM", "error", ("合计", "全年预算数")),
    ({"goals.0.indicators.0.score": "55", "total_score": "105"}, "SE-SCORE-MAX", "error", ("数量", "得分")),
    ({"goals.0.indicators.0.points": "45"}, "SE-SECTION-POINTS", "error", ("产出指标", "分值")),
    ({"total_score": "95"}, "SE-TOTAL", "error", ("总分", "得分")),
    ({"grade": "良"}, "SE-GRADE", "error", ("等级", "等级")),
    ({"goals.0.indicators.2.score": "9", "total_score": "99"}, "SE-DEVIATION", "warning", ("满意度", "偏差原因分析及改进措施")),
    ({"goals.0.indicators.0.actual": "件"}, "SE-NO-NUMBER", "warning", ("数量", "实际完成值")),
    ({"goals.0.indicators.0.score": "30", "goals.0.indicators.0.deviation": "x", "total_score": "80"}, "SE-SUGGEST", "warning", ("数量", "得分")),
    ({"goals.0.indicators.1.score": "10", "goals.0.indicators.1.deviation": "x", "total_score": "80"}, "SE-SUGGEST", "warning", ("效益", "得分")),
    ({"goals.0.indicators.1.level2": "数量指标"}, "SE-LEVEL", "warning", ("效益", "二级指标")),
    ({"goals.0.indicators.1.level1": "完成指标"}, "SE-LEVEL", "warning", ("效益", "一级指标")),
    ({"scheme": "nowhere"}, "SE-SCHEME", "error", ("表头", "评分方案")),
    ({"date": "2022年12月"}, "SE-DATE", "warning", ("表头", "填报日期")),
    ({"funds": {"合计": {"全年预算数": "1000000", "全年执行数": "1000000"}}, "fund_rate": None}, "SE-YUAN", "error", ("合计", "全年预算数")),
    ({"deviation_analysis": "年中追加 12 元", "funds": {"合计": {"年初预算数": "88", "全年预算数": "100", "全年执行数": "100"}}},
     "SE-TEXT-UNIT", "warning", ("表尾", "偏差原因分析")),
]


@pytest.mark.parametrize("changes, rule, severity, where", CASES, ids=[f"{c[1]}-{n}" for n, c in enumerate(CASES)])
def test_each_rule_fires_on_its_mistake(changes, rule, severity, where):
    findings = [f for f in _selfeval(_project(**changes)) if f.rule == rule]
    assert len(findings) == 1, _selfeval(_project(**changes))
    finding = findings[0]
    assert finding.severity == severity
    assert (finding.primary.table, finding.primary.row, finding.primary.column) == (TABLE, *where)
    assert "测试项目" in finding.message or rule == "SE-SCHEME"


def test_rule_wording_and_severity_come_from_the_rule_file():
    book = rulebook("2022")
    rules = {r.id: r for r in book.rules}
    assert rules["SE-TOTAL"].message.startswith("{form} 总分应为")
    assert rules["SE-DEVIATION"].severity == "warning" and rules["SE-TOTAL"].severity == "error"
    assert rules["SE-TOTAL"].source.endswith("40-selfeval.toml")


def test_not_applicable_forbidden_by_a_scheme():
    data = copy_scheme(shipped_schemes()["mof-2020"], "strict").model_dump(mode="json")
    data["rules"].update(not_applicable="forbid")
    project = _project(scheme="strict", **{"goals.0.indicators.2.not_applicable": True})
    project.selfeval.schemes["strict"] = validate_scheme(data)
    assert [(f.rule, f.primary.row) for f in _selfeval(project)] == [("SE-NA", "满意度")]
    project.selfeval.schemes.pop("strict")
    project.selfeval.projects[0].scheme = "mof-2020"  # rescale: 90 points left, 90 scored → 100
    assert _selfeval(project) == []


def test_not_applicable_keeps_its_points_in_the_section():
    project = _project(**{"goals.0.indicators.0.points": "40", "goals.0.indicators.0.score": "40", "total_score": "100"})
    project.selfeval.projects[0].goals[0].indicators.insert(1, Indicator(
        level1="产出指标", level2="质量指标", level3="质量", target="100%", points=D(10), not_applicable=True))
    assert _selfeval(project) == []  # 50 points in 产出; 80 of 90 applicable points scored → 100


def test_overshoot_needs_thirty_percent():
    data = copy_scheme(shipped_schemes()["mof-2020"], "strict").model_dump(mode="json")
    data["rules"].update(overshoot="0.3", overshoot_deduction="0.1")
    project = _project(scheme="strict", **{"goals.0.indicators.0.actual": "12件"})
    project.selfeval.schemes["strict"] = validate_scheme(data)
    assert "SE-OVERSHOOT" not in {f.rule for f in _selfeval(project)}
    project.selfeval.projects[0].goals[0].indicators[0].actual = "13件"
    assert "SE-OVERSHOOT" in {f.rule for f in _selfeval(project)}


def test_rate_cap_in_a_scheme_changes_the_expected_total():
    data = copy_scheme(shipped_schemes()["mof-2020"], "capped").model_dump(mode="json")
    data["rules"]["rate_caps"] = [{"below": "90", "max": "89"}]
    project = _project(scheme="capped", fund_rate="85", fund_score="8.5", total_score="98.5",
                       funds={"合计": {"全年预算数": "100", "全年执行数": "85"}, "当年财政拨款": {"全年预算数": "100"}})
    project.selfeval.schemes["capped"] = validate_scheme(data)
    total = next(f for f in _selfeval(project) if f.rule == "SE-TOTAL")
    assert total.expected == 89 and "不超过 89" in total.message


def test_links_to_the_juesuan_tables():
    project = _project()
    project.selfeval.whole = SelfEvalForm(kind="whole", scheme="mof-2020", funds={"合计": {"全年执行数": D("500")}})
    project.set_value("表1", "58", "2", D("500"))
    project.set_value("表3", "合计", "3", D("100"))
    assert _selfeval(project) == []
    project.set_value("表1", "58", "2", D("510"))
    project.set_value("表3", "合计", "3", D("100.01"))
    found = {f.rule: f for f in _selfeval(project)}
    assert found["SE-LINK-WHOLE"].cells[1] == Cell("表1", "58", "2") and found["SE-LINK-WHOLE"].severity == "warning"
    assert found["SE-LINK-PROJECTS"].severity == "tail"  # 0.01 against one form: a rounding tail
    project.set_value("表3", "合计", "3", D("100.05"))
    assert {f.rule: f for f in _selfeval(project)}["SE-LINK-PROJECTS"].severity == "warning"
