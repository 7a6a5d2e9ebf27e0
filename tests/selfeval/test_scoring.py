"""Scores computed from what is entered, under the form's scheme: fund sums, 执行率, money score, sections,
total (with 不适用 rescaling and the execution-rate cap) and grade."""

from __future__ import annotations

from decimal import Decimal

from juesuan.selfeval.model import Indicator, SelfEvalForm
from juesuan.selfeval.schemes import copy_scheme, shipped_schemes, validate_scheme
from juesuan.selfeval.scoring import agrees, score_form

D = Decimal


def _form(spent="90", budget="100", scores=(("产出指标", "50", "40"), ("效益指标", "30", "30"), ("满意度指标", "10", "10"))):
    indicators = [Indicator(level1=l1, level3=f"指标{n}", target="≥1次", actual="1次", points=D(p), score=D(s))
                  for n, (l1, p, s) in enumerate(scores)]
    return SelfEvalForm(funds={"合计": {"全年预算数": D(budget), "全年执行数": D(spent)}}, fund_points=D(10),
                        goals=[{"indicators": indicators}])


def test_money_score_total_and_grade_under_the_ministry_scheme():
    card = score_form(_form(), shipped_schemes()["mof-2020"])
    assert card.rate == D("0.9") and card.rate_percent == D("90.00")
    assert card.money_score == D(9) and card.money_used == D(9)
    assert [(r.section.key, r.points, r.score) for r in card.sections] == [
        ("money", 10, 9), ("output", 50, 40), ("effect", 30, 30), ("satisfaction", 10, 10)]
    assert card.points_total == 100 and card.total == 89 and card.grade == "良"


def test_money_score_never_exceeds_its_weight():
    card = score_form(_form(spent="120"), shipped_schemes()["mof-2020"])
    assert card.rate == D("1.2") and card.money_score == 10


def test_sources_sum():
    form = SelfEvalForm(funds={"合计": {"全年预算数": D("737.26")}, "当年财政拨款": {"全年预算数": D("734.09")},
                               "上年结转资金": {"全年预算数": D("3.18")}})
    card = score_form(form, shipped_schemes()["hunan"])
    assert card.fund_sums == {"年初预算数": None, "全年预算数": D("737.27"), "全年执行数": None}


def _scheme(**rules):
    data = copy_scheme(shipped_schemes()["mof-2020"], "local").model_dump(mode="json")
    data["rules"].update(rules)
    return validate_scheme(data)


def test_not_applicable_is_dropped_and_the_rest_rescaled_to_100():
    form = _form(spent="100")
    form.goals[0].indicators[2].not_applicable = True  # 满意度 10 points not applicable
    card = score_form(form, _scheme(not_applicable="rescale"))
    assert card.not_applicable_points == 10
    assert card.raw_total == 80 and card.total == D("88.89")  # 80 × 100 / 90
    assert score_form(form, _scheme(not_applicable="keep")).total == 80


def test_total_capped_by_the_execution_rate():
    caps = [{"below": "90", "max": "89"}, {"below": "80", "max": "79"}, {"below": "70", "max": "69"}, {"below": "60", "max": "59"}]
    scheme = _scheme(rate_caps=caps)
    full = (("产出指标", "50", "50"), ("效益指标", "30", "30"), ("满意度指标", "10", "10"))
    assert score_form(_form(spent="95", scores=full), scheme).total == D("99.5")
    card = score_form(_form(spent="85", scores=full), scheme)
    assert card.raw_total == D("98.5") and card.cap == 89 and card.total == 89
    assert score_form(_form(spent="65", scores=full), scheme).total == 69
    assert score_form(_form(spent="50", scores=full), scheme).total == 59
    assert score_form(_form(spent="85", scores=full), shipped_schemes()["mof-2020"]).cap is None


def test_hubei_whole_form_from_the_sample(jianghan):
    card = score_form(jianghan.selfeval.whole, shipped_schemes()["hubei"])
    assert card.rate_percent == D("99.84") and card.money_score == D("19.97") and card.money_used == D("19.96")
    assert [(r.section.key, r.points, r.score) for r in card.sections] == [("money", None, D("19.96")), ("goals", 80, 80)]
    assert card.total == D("99.96") and card.grade == "优"


def test_unscored_scheme_gives_no_total():
    card = score_form(_form(), shipped_schemes()["sichuan"])
    assert card.total is None and card.grade is None and card.rate == D("0.9")


def test_entered_figures_agree_when_rounded_or_truncated():
    assert agrees(D("19.96"), D("19.9676"))  # truncated
    assert agrees(D("19.7"), D("19.724"))  # rounded to one place
    assert agrees(D("99.84"), D("99.83788"))
    assert not agrees(D("98.96"), D("99.96"))
    assert not agrees(D("19.8"), D("19.97"))
    assert not agrees(D("20"), D("19.4"))
