"""自评 edits through ProjectDocument: validated, undoable from what they return, re-checked incrementally —
and the incremental findings always equal a full run (hypothesis)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from conftest import check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.document import ProjectDocument
from juesuan.errors import JuesuanError
from juesuan.findings import Cell
from juesuan.selfeval.model import Indicator
from juesuan.selfeval.schemes import copy_scheme, shipped_schemes, with_weights

D = Decimal
WHOLE = "自评-整体"
HETANG_PROJECT = "自评-项目-政府招商督查会议专项经费"


def _rules(change):
    return sorted(f.rule for f in change.added), sorted(f.rule for f in change.removed)


def _has(doc, rule, table, row=None):
    return any(f.rule == rule and f.primary.table == table and (row is None or f.primary.row == row) for f in doc.findings)


def test_typing_an_amount_rechecks_the_form_and_reports_the_change(hetang):
    doc = ProjectDocument(hetang)
    seen = []
    doc.subscribe(seen.append)
    assert _has(doc, "SE-FUND-SUM", WHOLE)
    old = doc.set_fund(WHOLE, "合计", "全年预算数", D("737.27"))
    assert old == D("737.26")
    assert seen[-1].cells == (Cell(WHOLE, "合计", "全年预算数"),) and WHOLE in seen[-1].tables
    assert "SE-FUND-SUM" in _rules(seen[-1])[1]
    assert not _has(doc, "SE-FUND-SUM", WHOLE)
    score = doc.selfeval_score(WHOLE)
    assert score.rate_percent == D("100.00") and score.money_score == 10


def test_execution_amount_updates_rate_money_score_total_and_grade(hetang):
    doc = ProjectDocument(hetang)
    doc.set_form_field(HETANG_PROJECT, "fund_score", None)  # let the money score be computed
    doc.set_fund(HETANG_PROJECT, "合计", "全年执行数", D("71.4"))
    card = doc.selfeval_score(HETANG_PROJECT)
    assert card.rate_percent == D("50.00") and card.money_score == 5
    assert card.total == D("102") and card.grade == "优"
    total = next(f for f in doc.findings if f.rule == "SE-TOTAL" and f.primary.table == HETANG_PROJECT)
    assert total.expected == D("102")


def test_score_below_points_needs_a_reason_and_filling_it_clears_the_warning(hetang):
    doc = ProjectDocument(hetang)
    rows = {key: (g, i) for g, i, key in doc.selfeval_rows(HETANG_PROJECT)}
    g, i = rows["优质接待"]
    assert not _has(doc, "SE-DEVIATION", HETANG_PROJECT, "优质接待")
    doc.set_indicator_field(HETANG_PROJECT, g, i, "score", D(7))
    warning = next(f for f in doc.findings if f.rule == "SE-DEVIATION" and f.primary.row == "优质接待")
    assert warning.severity == "warning" and warning.primary.column == "偏差原因分析及改进措施"
    change_before = len(doc.findings)
    doc.set_indicator_field(HETANG_PROJECT, g, i, "deviation", "部分接待安排延误，已完善接待流程")
    assert not _has(doc, "SE-DEVIATION", HETANG_PROJECT, "优质接待")
    assert len(doc.findings) == change_before - 1


def test_bad_input_is_refused_in_chinese_and_changes_nothing(hetang):
    doc = ProjectDocument(hetang)
    before = hetang.selfeval.model_dump()
    with pytest.raises(JuesuanError, match="四位小数"):
        doc.set_fund(WHOLE, "合计", "全年预算数", D("1.23456"))
    with pytest.raises(JuesuanError, match="负数"):
        doc.set_indicator_fields(HETANG_PROJECT, [(0, 0, "score", D(5)), (0, 1, "points", D(-1))])
    with pytest.raises(JuesuanError, match="没有第 99 个指标"):
        doc.set_indicator_field(HETANG_PROJECT, 0, 98, "score", D(1))
    with pytest.raises(JuesuanError, match="已有项目"):
        doc.add_project_form("政府招商督查会议专项经费")
    with pytest.raises(JuesuanError, match="不存在"):
        doc.set_form_scheme(WHOLE, "guangdong")
    with pytest.raises(JuesuanError, match="过长"):
        doc.set_form_field(WHOLE, "preparer", "张" * 101)
    assert hetang.selfeval.model_dump() == before


def test_each_edit_returns_what_undoes_it(jianghan):
    doc = ProjectDocument(jianghan)
    before = jianghan.selfeval.model_dump()
    findings = doc.findings
    old_total = doc.set_form_field(WHOLE, "total_score", D("99.96"))
    assert not _has(doc, "SE-TOTAL", WHOLE)
    old_rate = doc.set_form_field(WHOLE, "fund_rate", D(90))
    assert _has(doc, "SE-RATE", WHOLE)
    removed = doc.remove_indicator(WHOLE, 1, 0)
    new_table = doc.rename_project_form("自评-项目-调查研究2022", "调查研究")
    assert _has(doc, "SE-YUAN", new_table) and not _has(doc, "SE-YUAN", "自评-项目-调查研究2022")
    index, form = doc.remove_project_form("自评-项目-专项工作2022")
    moved_from = doc.move_project_form(new_table, 0)
    # undo, last edit first
    doc.move_project_form(new_table, moved_from)
    doc.restore_project_form(index, form)
    doc.rename_project_form(new_table, "调查研究2022")
    doc.insert_indicator(WHOLE, 1, 0, removed)
    doc.set_form_field(WHOLE, "fund_rate", old_rate)
    doc.set_form_field(WHOLE, "total_score", old_total)
    assert jianghan.selfeval.model_dump() == before
    assert doc.findings == findings


def test_changing_a_forms_scheme_rechecks_it(hetang):
    doc = ProjectDocument(hetang)
    assert _has(doc, "SE-SECTION-POINTS", WHOLE, "产出指标")
    mine = with_weights(copy_scheme(shipped_schemes()["hunan"], "hetang-local", "荷塘本地"), "whole",
                        {"money": D(10), "output": D(35), "effect": D(45), "satisfaction": D(10)})
    old = doc.set_form_scheme(WHOLE, mine)
    assert old == "hunan" and hetang.selfeval.schemes["hetang-local"] == mine
    assert not _has(doc, "SE-SECTION-POINTS", WHOLE, "产出指标")
    assert _has(doc, "SE-SECTION-POINTS", WHOLE, "效益指标")
    assert doc.findings == check(copy.deepcopy(hetang))
    edited = with_weights(mine, "whole", {"output": D(50), "effect": D(30)})
    doc.store_scheme(edited)
    assert _has(doc, "SE-SECTION-POINTS", WHOLE, "产出指标")
    assert doc.findings == check(copy.deepcopy(hetang))


def test_a_stored_user_scheme_travels_with_the_file(tmp_path, hetang):
    from juesuan import projectfile

    doc = ProjectDocument(hetang)
    mine = with_weights(copy_scheme(shipped_schemes()["hunan"], "hetang-local", "荷塘本地"), "whole",
                        {"money": D(10), "output": D(35), "effect": D(45), "satisfaction": D(10)})
    doc.set_form_scheme(WHOLE, mine)
    projectfile.save(hetang, tmp_path / "h.juesuan")
    again = projectfile.load(tmp_path / "h.juesuan")
    assert again.selfeval.schemes["hetang-local"] == mine and again.selfeval.whole.scheme == "hetang-local"
    assert check(again) == doc.findings
    with pytest.raises(JuesuanError, match="正被"):
        doc.remove_stored_scheme("hetang-local")
    with pytest.raises(JuesuanError, match="复制"):
        doc.store_scheme(with_weights(shipped_schemes()["hunan"], "whole", {"output": D(35), "effect": D(45)}))


def test_project_forms_and_the_juesuan_tables(jianghan):
    doc = ProjectDocument(jianghan)
    assert doc.selfeval_tables()[0] == WHOLE and len(doc.selfeval_tables()) == 7
    for table in doc.selfeval_tables()[1:]:
        doc.remove_project_form(table)
    missing = [f for f in doc.findings if f.rule == "SE-LINK-PROJECTS"]
    assert len(missing) == 1 and "没有任何项目支出绩效自评表" in missing[0].message
    table = doc.add_project_form("新项目")
    assert table == "自评-项目-新项目" and doc.selfeval_form(table).scheme == "hubei"
    doc.set_fund(table, "合计", "全年执行数", D("3144.93"))
    assert not any(f.rule == "SE-LINK-PROJECTS" for f in doc.findings)
    doc.set_value(Cell("表3", "合计", "3"), D("3144.94"))
    link = next(f for f in doc.findings if f.rule == "SE-LINK-PROJECTS")
    assert link.severity == "tail"
    copy_table = doc.duplicate_project_form(table, "新项目（副本）")
    assert doc.selfeval_form(copy_table).fund("合计", "全年执行数") == D("3144.93")
    assert doc.findings == check(copy.deepcopy(jianghan))


# -- incremental == full ----------------------------------------------------------------------

AMOUNTS = st.sampled_from([None, D(0), D("0.01"), D("52"), D("142.8"), D("737.26"), D("4199.36"), D("690000")])
POINTS = st.sampled_from([None, D(0), D("1.5"), D(5), D(9), D(10), D(20), D(100)])
TEXTS = st.sampled_from(["", "完成", "≥95%", "98%", "次", "1次", "≤4‰", "0", "97%—100%", "有所增强", "90.8 元", "2022.4.25", "优", "良"])
LEVEL1 = st.sampled_from(["产出指标", "效益指标", "满意度指标", "完成指标", ""])


@st.composite
def edits(draw):
    kind = draw(st.sampled_from(["fund", "form", "indicator", "insert", "remove", "scheme", "project", "table", "na"]))
    return kind, draw(st.integers(0, 50)), draw(st.integers(0, 50)), draw(AMOUNTS), draw(POINTS), draw(TEXTS), draw(LEVEL1)


def _apply(doc, edit):
    kind, a, b, amount, points, text, level1 = edit
    tables = doc.selfeval_tables()
    table = tables[a % len(tables)]
    form = doc.selfeval_form(table)
    indicators = form.indicators
    if kind == "fund":
        doc.set_fund(table, ["合计", "当年财政拨款", "上年结转资金", "其他资金"][b % 4], ["年初预算数", "全年预算数", "全年执行数"][a % 3], amount)
    elif kind == "form":
        field = ["fund_points", "fund_rate", "fund_score", "total_points", "total_score", "grade", "date", "deviation_analysis"][b % 8]
        doc.set_form_field(table, field, text if field in ("grade", "date", "deviation_analysis") else points)
    elif kind == "indicator" and indicators:
        g, i, _ = indicators[b % len(indicators)]
        field = ["points", "score", "target", "actual", "level1", "deviation", "level3"][a % 7]
        value = points if field in ("points", "score") else level1 if field == "level1" else text
        doc.set_indicator_field(table, g, i, field, value)
    elif kind == "na" and indicators:
        g, i, ind = indicators[b % len(indicators)]
        doc.set_indicator_field(table, g, i, "not_applicable", not ind.not_applicable)
    elif kind == "insert":
        doc.insert_indicator(table, b % len(form.goals), a, Indicator(level1=level1, level3=text, target=text, points=points))
    elif kind == "remove" and indicators:
        g, i, _ = indicators[b % len(indicators)]
        doc.remove_indicator(table, g, i)
    elif kind == "scheme":
        doc.set_form_scheme(table, sorted(shipped_schemes())[b % 4])
    elif kind == "project":
        if b % 3 == 0 and table != WHOLE:
            doc.remove_project_form(table)
        elif b % 3 == 1:
            if not any(f.name == f"项目{a}" for f in doc.selfeval.projects):
                doc.add_project_form(f"项目{a}")
        elif table != WHOLE and not any(f.name == f"改名{a}" for f in doc.selfeval.projects):
            doc.rename_project_form(table, f"改名{a}")
    elif kind == "table":
        cell = [Cell("表1", "58", "2"), Cell("表3", "合计", "3"), Cell("表3", "合计", "2")][b % 3]
        doc.set_value(cell, amount if amount is None or amount < D("1e7") else None)


@pytest.mark.parametrize("sample", ["jianghan", "hetang"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(edits(), min_size=1, max_size=8))
def test_incremental_equals_full_for_selfeval_edits(sample, steps, request):
    project = copy.deepcopy(request.getfixturevalue(sample))
    doc = ProjectDocument(project)
    for step in steps:
        try:
            _apply(doc, step)
        except JuesuanError:
            pass  # refused edits change nothing; the comparison below still has to hold
        assert doc.findings == check(copy.deepcopy(project))
