"""Layouts shipped from a published form, each citing its source: the form transcribed from the publication
(tests/data/) checks clean on its scheme, kept by the project file; on another scheme it gets one finding that names
the scheme that fits, not a warning per row."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import check
from transcriptions import _form

from juesuan import projectfile
from juesuan.document import new_project
from juesuan.selfeval.model import SelfEvalBook
from juesuan.selfeval.schemes import shipped_schemes
from juesuan.selfeval.scoring import score_form

D = Decimal
DATA = Path(__file__).resolve().parents[1] / "data"
SCHEMES = Path(__file__).resolve().parents[2] / "resources" / "schemes"
QINGSHEN = "https://www.scqs.gov.cn/info/13206/211004.htm"


def _qingshen(scheme: str = "sichuan-2023", filled: bool = False) -> dict:
    """The 青神县 2023 form as printed (scores blank), or built to its layout with every score filled."""
    raw = tomllib.loads((DATA / "qingshen-2023-selfeval.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    form = {**raw["projects"][0], "scheme": scheme}
    if filled:
        rows = [[*row[:4], "100%", row[5], row[5]] for row in form["goals"][0]["indicators"]]
        form = {**form, "fund_score": "10", "total_score": "100",
                "goals": [{**form["goals"][0], "actual": "全面完成", "indicators": rows}]}
    return _form(form)


def _saved(tmp_path, form: dict):
    project = new_project("青神县发展和改革局")
    project.selfeval = SelfEvalBook.model_validate({"projects": [form]})
    path = tmp_path / "qingshen.juesuan"
    projectfile.save(project, path)
    return projectfile.load(path)


def _se(project):
    return [f for f in check(project) if f.rule.startswith("SE-")]


def test_the_scheme_file_names_its_publication():
    text = (SCHEMES / "sichuan-2023.toml").read_text(encoding="utf-8")
    scheme = shipped_schemes()["sichuan-2023"]
    assert QINGSHEN in text and QINGSHEN in scheme.basis and "510000_0013zp" in scheme.basis
    assert "没有印" in text  # what the form does not print is said to come from the base scheme
    assert scheme.money.budget == "全年预算数" and scheme.money.mode == "proportional"


@pytest.mark.parametrize("filled", [False, True])
def test_the_published_form_checks_clean_on_its_scheme(tmp_path, filled):
    project = _saved(tmp_path, _qingshen(filled=filled))
    form = project.selfeval.projects[0]
    assert form.funds["合计"]["全年预算数"] == D("251.89") and form.funds["合计"]["年初预算数"] == D("238.93")
    assert _se(project) == []
    card = score_form(form, shipped_schemes()["sichuan-2023"])
    assert [(r.section.name, r.points) for r in card.sections] == [("预算执行情况", D(10)), ("绩效指标", D(90))]
    assert card.money_score == D(10) and (card.total == D(100) if filled else True)


@pytest.mark.parametrize("wrong", ["mof-2020", "hunan"])
def test_on_another_scheme_one_finding_names_the_fitting_scheme(tmp_path, wrong):
    project = _saved(tmp_path, _qingshen(scheme=wrong, filled=True))
    found = _se(project)
    assert [f.rule for f in found] == ["SE-SECTION-POINTS"], [f.message for f in found]
    assert "产出指标分值合计 60" in found[0].message and "应为 50" in found[0].message
    assert "与方案“四川省2023（预算执行10 + 绩效指标90）”相符" in found[0].message


def test_a_real_weight_mistake_names_no_scheme(tmp_path):
    form = _qingshen(filled=True)
    form["goals"][0]["indicators"][1]["points"] = D(20)  # 60 + 20: no shipped layout has these weights
    form["goals"][0]["indicators"][1]["score"] = D(20)
    form["total_score"] = D(90)
    found = [f for f in _se(_saved(tmp_path, form)) if f.rule == "SE-SECTION-POINTS"]
    assert len(found) == 1 and "绩效指标分值合计 80" in found[0].message and "相符" not in found[0].message
