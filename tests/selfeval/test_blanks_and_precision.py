"""Blank cells are "not filled", never 0: a blank 合计 falls back to its source rows (and is flagged), blank 得分
turn the 总分 check into bounds naming the missing scores; 自评 amounts keep four decimals end to end."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import check

from juesuan import projectfile
from juesuan.document import ProjectDocument, new_project
from juesuan.errors import JuesuanError
from juesuan.selfeval.model import SelfEvalForm

D = Decimal
TABLE = "自评-项目-测试项目"


def _form(**changes):
    form = {
        "kind": "project", "name": "测试项目", "scheme": "mof-2020", "date": "2023.3.1",
        "funds": {"合计": {"全年预算数": "100", "全年执行数": "90"}, "当年财政拨款": {"全年预算数": "100", "全年执行数": "90"}},
        "fund_points": "10", "fund_rate": "90", "fund_score": "9", "total_points": "100", "total_score": "99", "grade": "优",
        "goals": [{"expected": "完成", "actual": "完成", "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "level3": "数量", "target": "≥10件", "actual": "12件", "points": "30", "score": "30"},
            {"level1": "产出指标", "level2": "质量指标", "level3": "质量", "target": "100%", "actual": "100%", "points": "20", "score": "20"},
            {"level1": "效益指标", "level2": "社会效益指标", "level3": "效益", "target": "显著提高", "actual": "显著提高", "points": "30", "score": "30"},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "满意度", "target": "≥95%", "actual": "98%", "points": "10", "score": "10"},
        ]}],
    }
    form.update(changes)
    return form


def _saved(tmp_path, form):
    """Through a real file: the project is saved and read back before it is checked."""
    project = new_project("测试单位")
    project.selfeval.projects.append(SelfEvalForm.model_validate(form))
    path = tmp_path / "p.juesuan"
    projectfile.save(project, path)
    return projectfile.load(path), path


def _se(project, rule=None):
    return [f for f in check(project) if f.rule.startswith("SE-") and (rule is None or f.rule == rule)]


def test_the_clean_form_is_clean(tmp_path):
    assert _se(_saved(tmp_path, _form())[0]) == []


# -- 合计 blank or 0 ---------------------------------------------------------------------------


@pytest.mark.parametrize("total, state", [(None, "未填"), ("0", "填为 0")])
def test_a_blank_total_row_falls_back_to_the_sources_and_is_flagged(tmp_path, total, state):
    funds = {"当年财政拨款": {"全年预算数": "80", "全年执行数": "72"}, "上年结转资金": {"全年预算数": "20", "全年执行数": "18"}}
    if total is not None:
        funds["合计"] = {"全年预算数": total, "全年执行数": total}
    project, _ = _saved(tmp_path, _form(funds=funds, fund_rate="80", fund_score="8"))
    sums = _se(project, "SE-FUND-SUM")
    assert len(sums) == 2 and all(state in f.message and "执行率按来源行之和计算" in f.message for f in sums)
    rate = _se(project, "SE-RATE")  # 90 / 100 from the sources, not skipped
    assert len(rate) == 1 and "执行率应为 90%" in rate[0].message and "按来源行之和" in rate[0].message
    money = _se(project, "SE-MONEY-SCORE")
    assert len(money) == 1 and "应为 9" in money[0].message


def test_fallback_figures_that_agree_leave_only_the_blank_total_flag(tmp_path):
    funds = {"当年财政拨款": {"全年预算数": "100", "全年执行数": "90"}}
    project, _ = _saved(tmp_path, _form(funds=funds))
    assert sorted(f.rule for f in _se(project)) == ["SE-FUND-SUM", "SE-FUND-SUM"]


# -- blank 得分 ------------------------------------------------------------------------------


def _blank_scores(form, *rows):
    for n in rows:
        form["goals"][0]["indicators"][n]["score"] = None
    return form


def test_a_blank_score_makes_the_total_an_upper_bound(tmp_path):
    # 质量 (20 分) blank: the parts add to 79, so 总分 is at most 99; 100 is too much
    project, _ = _saved(tmp_path, _blank_scores(_form(total_score="100"), 1))
    total = _se(project, "SE-TOTAL")
    assert len(total) == 1
    message = total[0].message
    assert "总分至多 99" in message and "质量（20分）" in message and "总分应为" not in message
    assert total[0].expected == D(99) and any(c.row == "质量" for c in total[0].cells)


def test_a_total_within_the_bounds_is_not_a_mistake(tmp_path):
    project, _ = _saved(tmp_path, _blank_scores(_form(total_score="95"), 1))
    assert _se(project, "SE-TOTAL") == []


def test_a_total_below_the_filled_scores_is_a_lower_bound(tmp_path):
    project, _ = _saved(tmp_path, _blank_scores(_form(total_score="60", grade="中"), 1, 3))
    total = _se(project, "SE-TOTAL")
    assert len(total) == 1 and "总分至少 69" in total[0].message and "另有2项得分未填" in total[0].message
    assert "质量（20分）、满意度（10分）" in total[0].message


def test_a_blank_money_score_is_computed_not_missing(tmp_path):
    project, _ = _saved(tmp_path, _form(fund_score=None))
    assert _se(project, "SE-TOTAL") == []


# -- four decimals -----------------------------------------------------------------------------


def test_four_decimal_amounts_survive_the_file_and_the_messages(tmp_path):
    funds = {"合计": {"全年预算数": "12.3456", "全年执行数": "12.3456"},
             "当年财政拨款": {"全年预算数": "12.3400", "全年执行数": "12.3456"}}
    project, path = _saved(tmp_path, _form(funds=funds, fund_rate="100", fund_score="10", total_score="100"))
    stored = json.loads(path.read_text(encoding="utf-8"))["content"]["selfeval"]["projects"][0]["funds"]
    assert stored["合计"]["全年预算数"] == "12.3456"
    assert project.selfeval.projects[0].fund("合计", "全年预算数") == D("12.3456")
    found = _se(project, "SE-FUND-SUM")
    assert len(found) == 1 and "应为 12.34" in found[0].message and "实为 12.3456" in found[0].message
    assert "差 0.0056" in found[0].message


def test_five_decimals_are_refused_and_nothing_changes(tmp_path):
    project, _ = _saved(tmp_path, _form())
    doc = ProjectDocument(project)
    before = project.selfeval.model_dump()
    with pytest.raises(JuesuanError, match="超过四位小数"):
        doc.set_fund(TABLE, "合计", "全年预算数", D("12.34567"))
    doc.set_fund(TABLE, "合计", "全年预算数", D("100.0000"))
    assert project.selfeval.model_dump()["projects"][0]["funds"]["合计"]["全年预算数"] == "100.0000"
    assert before["projects"][0]["funds"]["合计"]["全年预算数"] == "100"


def test_a_whole_form_amount_in_four_decimals_agrees_with_the_two_decimal_table(tmp_path):
    project = new_project("测试单位")
    project.set_value("表1", "58", "2", D("12.35"))
    project.selfeval.whole = SelfEvalForm.model_validate({"kind": "whole", "funds": {"合计": {"全年执行数": "12.3456"}}})
    assert _se(project, "SE-LINK-WHOLE") == []
    project.selfeval.whole.funds = {"合计": {"全年执行数": "12.3356"}}
    found = _se(project, "SE-LINK-WHOLE")
    assert len(found) == 1 and "12.3356" in found[0].message


def test_a_blank_total_over_zero_sources_is_an_error_not_a_tail(tmp_path):
    funds = {"合计": {"全年执行数": "90"}, "当年财政拨款": {"全年预算数": "0", "全年执行数": "90"}}
    project, _ = _saved(tmp_path, _form(funds=funds, fund_rate=None, fund_score=None))
    found = [f for f in _se(project, "SE-FUND-SUM")]
    assert [(f.primary.column, f.severity) for f in found] == [("全年预算数", "error")]
    assert "实为 空" in found[0].message
