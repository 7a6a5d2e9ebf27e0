"""The transcribed samples: every 自评 mistake the domain brief lists for seeds 002 and 003 is found on the right
form and row, through the real project file and `juesuan check --json`, and nothing else is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import check
from transcriptions import transcribed, transcribed_basic

WHOLE = "自评-整体"
JIANGHAN_SPECIAL = "自评-项目-专项工作2022"
JIANGHAN_HIRED = "自评-项目-聘用人员工作经费2022"
JIANGHAN_VISITS = "自评-项目-走访慰问专项资金"
HETANG_PROJECT = "自评-项目-政府招商督查会议专项经费"


def _find(findings, rule, table, row, column=None):
    hits = [f for f in findings if f.rule == rule and f.primary and f.primary.table == table and f.primary.row == row
            and (column is None or f.primary.column == column)]
    assert hits, f"没有找到 {rule} @ {table} / {row} / {column}：\n" + "\n".join(f"{f.rule} {f.primary} {f.message}" for f in findings)
    return hits[0]


# -- the samples are the transcriptions ---------------------------------------------------------


@pytest.mark.parametrize("name", ["jianghan-2022", "hetang-2022", "anju-2022"])
def test_sample_file_holds_the_transcribed_forms(name, request):
    project = request.getfixturevalue(name.split("-")[0])
    expected = transcribed(name)
    if name == "hetang-2022":  # seed 002 also prints the 基础数据表 (build_samples.py hetang --basic)
        expected.basic = transcribed_basic(name)
    assert project.selfeval.model_dump() == expected.model_dump()


def test_anju_sample_is_the_sichuan_forms_without_scores(anju):
    book = anju.selfeval
    assert [f.name for f in book.projects] == ["督导调研工作经费", "地方志工作经费"]
    assert all(f.scheme == "sichuan" for f in book.forms())
    assert all(ind.points is None and ind.score is None for f in book.forms() for _, _, ind in f.indicators)
    assert book.whole.fund("合计", "全年执行数") == Decimal("1010.10")


def test_anju_sample_checks_clean_where_the_seed_is_consistent(anju):
    # 资金 合计 = 财政拨款 + 其他资金 on all three forms; every 一级/二级 is one of the Sichuan scheme's; no scores to
    # check; nothing numeric is compared to a text — so no 自评 finding at all
    assert [f.message for f in check(anju) if f.rule.startswith("SE-")] == []


def test_anju_sample_catches_a_mistake_typed_into_it(anju):
    from juesuan.document import ProjectDocument

    doc = ProjectDocument(anju)
    doc.set_fund("自评-项目-地方志工作经费", "当年财政拨款", "全年执行数", Decimal("9.5"))
    found = [f for f in doc.findings if f.rule.startswith("SE-")]
    assert [(f.rule, f.primary.row, f.primary.column) for f in found] == [("SE-FUND-SUM", "合计", "全年执行数")]


def test_jianghan_sample_keeps_its_juesuan_findings(jianghan):
    decision_part = [f for f in check(jianghan) if not f.rule.startswith(("SE-", "N-"))]  # 情况说明: tests/narrative
    assert [(f.rule, f.severity) for f in decision_part] == [("S-NAME", "error")]
    assert "2210202" in decision_part[0].message


def test_hetang_sample_tables_are_empty_but_honest(hetang):
    assert hetang.unit.name == "株洲市荷塘区人民政府办公室"
    assert not any(hetang.has_values(t) for t in hetang.tables)
    assert hetang.tables["表7"].no_data and "政府性基金" in hetang.tables["表7"].no_data_note
    assert hetang.tables["表8"].no_data and "国有资本经营" in hetang.tables["表8"].no_data_note
    assert not hetang.tables["表1"].no_data


# -- seed 003 (江汉区, 湖北 scheme) ---------------------------------------------------------------


def test_003_whole_header_score_9896_vs_parts_9996(jianghan):
    finding = _find(check(jianghan), "SE-TOTAL", WHOLE, "总分", "得分")
    assert finding.severity == "error"
    assert (finding.expected, finding.actual) == (Decimal("99.96"), Decimal("98.96"))
    assert "99.96" in finding.message and "98.96" in finding.message


def test_003_special_work_form_66_points_in_a_60_point_section(jianghan):
    finding = _find(check(jianghan), "SE-SECTION-SCORE", JIANGHAN_SPECIAL, "项目年度绩效指标", "得分")
    assert (finding.expected, finding.actual) == (Decimal(60), Decimal(66))
    assert "11个指标" in finding.message
    assert len(finding.cells) == 12  # the section and its 11 indicator rows


def test_003_hired_staff_form_690000_yuan_under_wan_header(jianghan):
    finding = _find(check(jianghan), "SE-YUAN", JIANGHAN_HIRED, "合计", "全年预算数")
    assert finding.severity == "error"
    assert finding.actual == Decimal("690000") and finding.expected == Decimal("69.00")
    assert {c.column for c in finding.cells} == {"全年预算数", "全年执行数"}


def test_003_visits_form_indicator_2_actual_is_only_ci(jianghan):
    finding = _find(check(jianghan), "SE-NO-NUMBER", JIANGHAN_VISITS, "指标2：高温慰问一线工作人员", "实际完成值")
    assert finding.severity == "warning"
    assert "“次”" in finding.message


# -- seed 002 (荷塘区, 湖南 scheme) ----------------------------------------------------------------


def test_002_whole_points_sum_85_not_100(hetang):
    finding = _find(check(hetang), "SE-TOTAL-POINTS", WHOLE, "总分", "分值")
    assert (finding.expected, finding.actual) == (Decimal(100), Decimal(85))


def test_002_whole_scores_sum_79_printed_92(hetang):
    finding = _find(check(hetang), "SE-TOTAL", WHOLE, "总分", "得分")
    assert (finding.expected, finding.actual) == (Decimal(79), Decimal(92))


def test_002_whole_output_rows_sum_35_under_50_points(hetang):
    finding = _find(check(hetang), "SE-SECTION-POINTS", WHOLE, "产出指标", "分值")
    assert (finding.expected, finding.actual) == (Decimal(50), Decimal(35))
    assert len(finding.cells) == 5


def test_002_project_points_110_printed_100(hetang):
    finding = _find(check(hetang), "SE-TOTAL-POINTS", HETANG_PROJECT, "总分", "分值")
    assert (finding.expected, finding.actual) == (Decimal(100), Decimal(110))
    assert "总分行印 100" in finding.message


def test_002_project_scores_107_printed_97(hetang):
    finding = _find(check(hetang), "SE-TOTAL", HETANG_PROJECT, "总分", "得分")
    assert (finding.expected, finding.actual) == (Decimal(107), Decimal(97))


def test_002_whole_fund_sources_737_27_vs_737_26_is_a_tail(hetang):
    finding = _find(check(hetang), "SE-FUND-SUM", WHOLE, "合计", "全年预算数")
    assert finding.severity == "tail"
    assert (finding.expected, finding.actual) == (Decimal("737.27"), Decimal("737.26"))


def test_002_project_deviation_text_90_8_yuan_means_wan(hetang):
    finding = _find(check(hetang), "SE-TEXT-UNIT", HETANG_PROJECT, "缩减经费", "偏差原因分析及改进措施")
    assert "90.8 万元" in finding.message and "142.80 − 年初预算数 52.00" in finding.message


# -- nothing false: the complete list, each checked by hand against the printed forms ------------


JIANGHAN_ALL = [
    ("SE-YUAN", "自评-项目-聘用人员工作经费2022", "合计", "全年预算数"),
    ("SE-YUAN", "自评-项目-专项工作2022", "合计", "全年预算数"),  # 638751.17 元 = 63.88 万元
    ("SE-YUAN", "自评-项目-总值班室工作2022", "合计", "全年预算数"),  # 240000 元 = 24 万元 (narrative: 24 万元)
    ("SE-YUAN", "自评-项目-走访慰问专项资金", "合计", "全年预算数"),  # 680859.4 元 = 68.09 万元
    ("SE-YUAN", "自评-项目-调查研究2022", "合计", "全年预算数"),  # 130000 元 = 13 万元
    ("SE-YUAN", "自评-项目-乡村振兴及对口帮扶工作2022", "合计", "全年预算数"),  # = 2907.92 万元
    ("SE-SECTION-SCORE", JIANGHAN_SPECIAL, "项目年度绩效指标", "得分"),
    ("SE-TOTAL", WHOLE, "总分", "得分"),
    ("SE-TOTAL", JIANGHAN_SPECIAL, "总分", "得分"),  # printed 100, parts 20 + 20 + 66 = 106
    ("SE-NO-NUMBER", JIANGHAN_VISITS, "指标2：高温慰问一线工作人员", "实际完成值"),
    ("SE-DATE", JIANGHAN_HIRED, "表头", "填报日期"),  # 2022.4.25 for the 2022 year: before the year ended
    ("SE-LINK-WHOLE", WHOLE, "合计", "全年执行数"),  # 4199.37 vs 表1 第58行 4199.36: a 0.01 tail
]

HETANG_ALL = [
    ("SE-FUND-SUM", WHOLE, "合计", "全年预算数"),
    ("SE-TEXT-UNIT", HETANG_PROJECT, "缩减经费", "偏差原因分析及改进措施"),
    ("SE-TEXT-UNIT", HETANG_PROJECT, "厉行节约，", "偏差原因分析及改进措施"),
    ("SE-SECTION-POINTS", WHOLE, "产出指标", "分值"),
    ("SE-SECTION-POINTS", HETANG_PROJECT, "效益指标", "分值"),  # 10 + 10 + 10 + 10 = 40 against 湖南 30
    ("SE-TOTAL-POINTS", WHOLE, "总分", "分值"),
    ("SE-TOTAL-POINTS", HETANG_PROJECT, "总分", "分值"),
    ("SE-TOTAL", WHOLE, "总分", "得分"),
    ("SE-TOTAL", HETANG_PROJECT, "总分", "得分"),
    # 得分 below 分值 with the 偏差原因 column left empty on the printed 整体 form:
    ("SE-DEVIATION", WHOLE, "保证支出资金合规、合理、", "偏差原因分析及改进措施"),
    ("SE-DEVIATION", WHOLE, "按照资金拨付进度完成相关", "偏差原因分析及改进措施"),
    ("SE-DEVIATION", WHOLE, "不断降低各项支出成本，提", "偏差原因分析及改进措施"),
    ("SE-DEVIATION", WHOLE, "确保地方经济健康发展，推", "偏差原因分析及改进措施"),
    ("SE-DEVIATION", WHOLE, "厉行节约", "偏差原因分析及改进措施"),
    ("SE-DEVIATION", WHOLE, "群众满意度提升。", "偏差原因分析及改进措施"),
    # 年度指标值 100% against a text or a period as 实际完成值:
    ("SE-NO-NUMBER", WHOLE, "保证工资、经费等基本支", "实际完成值"),
    ("SE-NO-NUMBER", WHOLE, "不断降低各项支出成本，提", "实际完成值"),
    ("SE-NO-NUMBER", WHOLE, "确保地方经济健康发展，推", "实际完成值"),
    ("SE-NO-NUMBER", HETANG_PROJECT, "推动荷塘", "实际完成值"),
    ("SE-NO-NUMBER", HETANG_PROJECT, "为企业、群", "实际完成值"),
    # a cost target of 52万 spent 142.8万元: 反向 10 × 52 / 142.8 = 3.64, entered 8
    ("SE-SUGGEST", HETANG_PROJECT, "厉行节约，", "得分"),
    # the 基础数据表's 公用经费: its parts sum to 99.98 / 193.71, printed 100.98 / 193.82 (seed 002 附件1-1)
    ("SE-BASIC-SUM", "自评-基础数据", "公用经费", "2022年预算数"),
    ("SE-BASIC-SUM", "自评-基础数据", "公用经费", "2022年决算数"),
]


def _cells(findings):
    return sorted((f.rule, f.primary.table, f.primary.row, f.primary.column) for f in findings if f.rule.startswith("SE-"))


def test_jianghan_reports_exactly_the_true_selfeval_findings(jianghan):
    assert _cells(check(jianghan)) == sorted(JIANGHAN_ALL)


def test_hetang_reports_exactly_the_true_selfeval_findings(hetang):
    findings = check(hetang)
    assert _cells(findings) == sorted(HETANG_ALL)
    others = sorted((f.rule, f.primary.table) for f in findings if not f.rule.startswith("SE-"))
    # the 决算 tables seed 002 does not publish are empty, and say so; 表7/表8 are honestly 本表无数据
    assert others == sorted(("S-NODATA", t) for t in ("表1", "表2", "表3", "表4", "表5", "表6", "表9"))


# -- through the command line ------------------------------------------------------------------


def _cli_json(path):
    result = subprocess.run([sys.executable, "-m", "juesuan", "check", str(path), "--json"], capture_output=True, timeout=120)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    return json.loads(result.stdout.decode("utf-8"))


@pytest.mark.parametrize("name, expected", [("jianghan", JIANGHAN_ALL), ("hetang", HETANG_ALL)])
def test_check_json_lists_selfeval_findings_with_table_and_row(name, expected, request):
    data = _cli_json(request.getfixturevalue(f"{name}_path"))
    listed = sorted((i["rule"], i["cells"][0]["table"], i["cells"][0]["row"], i["cells"][0]["column"])
                    for i in data["issues"] if i["rule"].startswith("SE-"))
    assert listed == sorted(expected)
    by_rule = {i["rule"]: i for i in data["issues"]}
    assert by_rule["SE-TOTAL"]["message"]
    assert all(i["severity"] in ("error", "warning", "tail") for i in data["issues"])
