"""Schemes as data for the layouts offices print: any section weights, 预算执行率 scored as an indicator inside a
section, deduction per point, rate caps — read from a scheme file, written back, and used by the checks; a form in
another layout than its scheme's gets one 提示 instead of a warning per row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import check

from juesuan import projectfile
from juesuan.document import ProjectDocument, new_project
from juesuan.selfeval.model import SelfEvalForm
from juesuan.selfeval.schemes import SchemeError, load_scheme_file, save_scheme_file, validate_scheme
from juesuan.selfeval.scoring import score_form

D = Decimal
SCHEME_FILE = Path(__file__).resolve().parent / "data" / "schemes" / "test-process.toml"
TABLE = "自评-项目-过程项目"


def _row(level1, level2, level3, target, actual, points, score):
    return {"level1": level1, "level2": level2, "level3": level3, "target": target, "actual": actual,
            "points": points, "score": score, "deviation": "部分资金年底未支付" if level3 == "预算执行率" else ""}


def _form(scheme="test-process", rate_score="9", total="100", spent="95"):
    """A 过程-layout project form: 预算执行率 (10 分) inside 过程, 95% executed; full marks elsewhere."""
    return SelfEvalForm.model_validate({
        "kind": "project", "name": "过程项目", "scheme": scheme,
        "funds": {"合计": {"全年预算数": "100", "全年执行数": spent}},
        "total_points": "100", "total_score": total,
        "goals": [{"indicators": [
            _row("决策", "项目立项", "立项依据充分性", "充分", "充分", "15", "15"),
            _row("过程", "资金管理", "预算执行率", "100%", f"{spent}%", "10", rate_score),
            _row("过程", "组织实施", "管理制度健全性", "健全", "健全", "15", "15"),
            _row("产出", "产出数量", "完成数量", "≥10件", "10件", "35", "35"),
            _row("效益", "项目效益", "服务对象满意度", "≥90%", "95%", "25", "25"),
        ]}],
    })


def _project(tmp_path, form, stored=True):
    project = new_project("测试单位")
    if stored:
        scheme = load_scheme_file(SCHEME_FILE)
        project.selfeval.schemes[scheme.id] = scheme
    project.selfeval.projects.append(form)
    path = tmp_path / "p.juesuan"
    projectfile.save(project, path)
    return projectfile.load(path)


def _se(project):
    return [f for f in check(project) if f.rule.startswith("SE-")]


def test_the_scheme_file_reads_and_writes_back_the_same(tmp_path):
    scheme = load_scheme_file(SCHEME_FILE)
    assert [s.weight for s in scheme.project.sections] == [15, 25, 35, 25]
    assert scheme.money.mode == "deduct" and scheme.money.indicator == ("预算执行率",)
    save_scheme_file(scheme, tmp_path / "copy.toml")
    assert load_scheme_file(tmp_path / "copy.toml") == scheme


def test_rate_scored_inside_a_section_by_deduction(tmp_path):
    project = _project(tmp_path, _form(rate_score="7.5", total="97.5"))
    card = score_form(project.selfeval.projects[0], project.selfeval.schemes["test-process"])
    # 95% executed, full at 100%, 0.5 per point below: 10 − 5 × 0.5 = 7.5
    assert card.money_ref == (0, 1) and card.money_score == D("7.5") and card.total == D("97.5")
    assert card.sections[1].score == D("22.5")
    assert _se(project) == []


def test_a_wrong_rate_score_in_a_section_is_named_on_its_row(tmp_path):
    project = _project(tmp_path, _form(rate_score="9.5", total="99.5"))
    everything = _se(project)
    found = [f for f in everything if f.rule == "SE-MONEY-SCORE"]
    assert len(found) == 1 and not any(f.rule == "SE-SUGGEST" for f in everything)  # one mistake, one finding
    assert found[0].cells[0].row == "预算执行率" and found[0].cells[0].column == "得分"
    assert "应为 7.5" in found[0].message and "每低 1 个百分点扣 0.5 分" in found[0].message


def test_the_rate_cap_of_the_scheme_limits_the_total(tmp_path):
    project = _project(tmp_path, _form(spent="50", rate_score="0", total="90"))
    total = [f for f in _se(project) if f.rule == "SE-TOTAL"]
    assert len(total) == 1 and "总分应为 59" in total[0].message and "执行率 50% 时总分不超过 59" in total[0].message


def test_a_form_in_another_layout_gets_one_notice_and_its_real_mistake(tmp_path):
    # the same 过程-layout form run on the ministry scheme, with one real mistake: 总分 100 where the rows add to 99
    project = _project(tmp_path, _form(scheme="mof-2020", rate_score="9", total="100"), stored=False)
    found = _se(project)
    rules = sorted(f.rule for f in found)
    assert rules == ["SE-LAYOUT", "SE-TOTAL"], [f.message for f in found]
    layout = next(f for f in found if f.rule == "SE-LAYOUT")
    assert layout.severity == "warning" and "决策" in layout.message and "过程" in layout.message
    total = next(f for f in found if f.rule == "SE-TOTAL")
    assert "总分应为 99" in total.message and "直接相加" in total.message


def test_the_notice_names_a_scheme_that_fits(tmp_path):
    project = _project(tmp_path, _form(scheme="mof-2020", rate_score="7.5", total="97.5"))
    layout = [f for f in _se(project) if f.rule == "SE-LAYOUT"]
    assert len(layout) == 1 and "测试：决策15" in layout[0].message
    doc = ProjectDocument(project)
    doc.set_form_scheme(TABLE, "test-process")
    assert [f for f in doc.findings if f.rule.startswith("SE-")] == []


def test_a_stray_unknown_level_is_still_a_row_warning():
    form = _form(scheme="mof-2020")
    project = new_project("测试单位")
    rows = [{"level1": "产出指标", "level2": "数量指标", "level3": f"指标{n}", "target": "≥1件", "actual": "1件",
             "points": "10", "score": "10"} for n in range(4)]
    rows.append({"level1": "产出指木", "level2": "数量指标", "level3": "错字", "target": "≥1件", "actual": "1件",
                 "points": "10", "score": "10"})
    form = SelfEvalForm.model_validate({"kind": "project", "name": "过程项目", "goals": [{"indicators": rows}]})
    project.selfeval.projects.append(form)
    rules = [f.rule for f in _se(project)]
    assert "SE-LAYOUT" not in rules and rules.count("SE-LEVEL") == 1


@pytest.mark.parametrize("change, words", [
    ({"money": {"deduct_per_point": "0"}}, "每低 1 个百分点扣多少分"),
    ({"money": {"full_at": 120}}, "满分执行率"),
    ({"rules": {"layout_unknown_share": 2}}, "表式不符的比例"),
])
def test_inconsistent_scheme_data_is_refused_in_chinese(change, words):
    data = load_scheme_file(SCHEME_FILE).model_dump(mode="json")
    for key, value in change.items():
        data[key] = {**data[key], **value}
    with pytest.raises(SchemeError, match=words):
        validate_scheme(data)
