"""The generated 情况说明: 13 sections in the 2022 wording, every number from the data, checked to 0 findings."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from juesuan import projectfile
from juesuan.narrative import check_text, generate
from juesuan.narrative.wording import wording


@pytest.mark.parametrize("name", ["jianghan", "zengdu"])
def test_generated_text_checks_clean_against_its_project(name, request):
    project = request.getfixturevalue(name)
    narrative = generate(project)
    assert [s.number for s in narrative.sections] == list(range(1, 14))
    assert check_text(narrative.text(), project) == ()


def test_sections_hold_the_computed_figures(jianghan):
    text = generate(jianghan).text()
    assert "完成年初预算的106.91%" in text                    # not the published 100 %
    assert "较上年增加0.66万元，增长12.20%" in text           # not 0.06 %
    assert "增加0.22万元，增长146.67%" in text
    assert "社会保障和就业（类）支出121.11万元，占2.88%" in text
    assert "本部门当年无政府性基金预算财政拨款收入支出。" in text  # 表7 本表无数据
    assert "收入合计［请在情况说明数据中填写上年决算数］" in text   # no 上年 收入合计: a visible placeholder
    assert "主要原因是人员增加" in text                        # the user's own 主要原因


def test_zengdu_wording_and_budget_change(zengdu):
    text = generate(zengdu).text()
    assert "比年初预算数100.65万元减少17.36万元，降低17.25%；比上年减少35.55万元，下降29.91%" in text
    assert "共涉及项目9个，资金162.00万元，占一般公共预算项目支出总额的98.07%" in text
    assert "1.行政运行：年初预算为745.25万元，支出决算为802.38万元，完成年初预算的107.67%" in text


def test_generation_follows_the_data_and_never_touches_the_users_text(jianghan):
    before = copy.deepcopy(jianghan.narrative)
    jianghan.tables["表9"].values["1"]["12"] = D("0.47")
    jianghan.tables["表9"].values["1"]["7"] = D("6.17")
    text = generate(jianghan).text()
    assert "支出决算为0.47万元" in text and "支出决算为6.17万元" in text
    assert jianghan.narrative == before
    jianghan.narrative.reasons.pop("sangong")
    assert wording("2022")["placeholder_reason"] in generate(jianghan).text()


def test_a_saved_and_reopened_project_generates_the_same_text(jianghan, tmp_path):
    path = tmp_path / "again.juesuan"
    projectfile.save(jianghan, path)
    assert generate(projectfile.load(path)).text() == generate(jianghan).text()
