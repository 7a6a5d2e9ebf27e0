"""The 基础数据表 of seed 002 (湖南): stored in the project file, its sums checked (the seed's two 公用经费
mismatches), its 三公 and 项目支出 figures checked against 表9 and 表3."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest
from conftest import check
from transcriptions import transcribed_basic

from juesuan import projectfile
from juesuan.errors import JuesuanError
from juesuan.findings import Cell
from juesuan.selfeval.model import BasicData

D = Decimal
TABLE = "自评-基础数据"


@pytest.fixture
def hetang_copy(hetang_path, tmp_path):
    """A copy of the 荷塘区 sample with the transcribed 基础数据表 added, saved and read back."""
    path = tmp_path / "hetang.juesuan"
    shutil.copyfile(hetang_path, path)
    project = projectfile.load(path)
    project.selfeval.basic = transcribed_basic("hetang-2022")
    projectfile.save(project, path)
    return projectfile.load(path), path


def _basic(project, rule):
    return [f for f in check(project) if f.rule == rule]


def test_the_seed_mismatches_of_public_funds_are_flagged(hetang_copy):
    project, _ = hetang_copy
    found = _basic(project, "SE-BASIC-SUM")
    assert [(f.primary.row, f.primary.column, f.expected, f.actual) for f in found] == [
        ("公用经费", "2022年预算数", D("99.98"), D("100.98")),
        ("公用经费", "2022年决算数", D("193.71"), D("193.82")),
    ]
    assert all(f.severity == "error" for f in found)
    assert "差 1.00" in found[0].message and "其他费用 46.56" in found[0].message


def test_a_corrected_file_is_clean(hetang_copy, tmp_path):
    project, path = hetang_copy
    values = {row: dict(cols) for row, cols in project.selfeval.basic.values.items()}
    values["public"]["budget"], values["public"]["actual"] = D("99.98"), D("193.71")
    project.selfeval.basic.values = values
    projectfile.save(project, path)
    again = projectfile.load(path)
    assert _basic(again, "SE-BASIC-SUM") == [] and again.selfeval.basic.value("public", "actual") == D("193.71")


def test_links_to_the_juesuan_tables(hetang_copy):
    project, _ = hetang_copy
    assert _basic(project, "SE-BASIC-LINK") == []  # seed 002 publishes no 决算 tables
    project.set_value("表9", "1", "12", D("0.28"))
    project.set_value("表9", "1", "7", D("0.38"))
    project.set_value("表3", "合计", "3", D("142.8"))
    found = _basic(project, "SE-BASIC-LINK")
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].cells == (Cell(TABLE, "三公经费", "2022年决算数"), Cell("表9", "1", "7"))
    assert "0.28" in found[0].message and "0.38" in found[0].message


@pytest.mark.parametrize("data, words", [
    ({"values": {"公款": {"actual": "1"}}}, "没有行“公款”"),
    ({"values": {"public": {"2022": "1"}}}, "没有栏“2022”"),
    ({"layout": "guangdong"}, "布局“guangdong”不存在"),
    ({"values": {"public": {"actual": "1.23456"}}}, "四位小数"),
    ({"authorized": -1}, "selfeval.basic.authorized"),
])
def test_bad_basic_data_in_a_file_is_refused_in_chinese(hetang_copy, data, words):
    _, path = hetang_copy
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["content"]["selfeval"]["basic"] = {"layout": "hunan", **data}
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(JuesuanError) as caught:
        projectfile.load(path)
    assert words in str(caught.value)


@pytest.mark.parametrize("name", ["jianghan"])  # the 荷塘区 sample carries its 基础数据表 (seed 002) now
def test_a_file_without_the_table_still_loads(name, request, tmp_path):
    path = tmp_path / "j.juesuan"
    shutil.copyfile(request.getfixturevalue(f"{name}_path"), path)
    assert "basic" not in json.loads(path.read_text(encoding="utf-8"))["content"]["selfeval"]
    assert projectfile.load(path).selfeval.basic is None


def test_control_rate_is_staff_over_establishment():
    data = BasicData(authorized=27, staff=40, control_rate=D("148.15"))
    from juesuan.document import new_project

    project = new_project("测试单位")
    project.selfeval.basic = data
    assert _basic(project, "SE-BASIC-SUM") == []
    project.selfeval.basic.control_rate = D("67.5")
    found = _basic(project, "SE-BASIC-SUM")
    assert len(found) == 1 and "148.15%" in found[0].message


def test_editing_the_table_through_the_document_rechecks_it(hetang_copy):
    from juesuan.document import ProjectDocument

    project, _ = hetang_copy
    doc = ProjectDocument(project)
    assert sum(1 for f in doc.findings if f.rule == "SE-BASIC-SUM") == 2
    old = doc.set_basic_value("public", "budget", D("99.98"))
    assert old == D("100.98")
    assert [f.primary.column for f in doc.findings if f.rule == "SE-BASIC-SUM"] == ["2022年决算数"]
    with pytest.raises(JuesuanError, match="没有行"):
        doc.set_basic_value("公款", "budget", D(1))
    assert project.selfeval.basic.value("public", "budget") == D("99.98")
    doc.set_basic_data(None)
    assert not any(f.rule.startswith("SE-BASIC") for f in doc.findings)


def test_an_edit_reports_the_printed_row_and_column(hetang_copy):
    from juesuan.document import ProjectDocument

    doc = ProjectDocument(hetang_copy[0])
    seen = []
    doc.subscribe(seen.append)
    doc.set_basic_value("public", "actual", D("193.71"))
    assert seen[-1].cells == (Cell(TABLE, "公用经费", "2022年决算数"),)


def test_the_link_rule_declares_every_linked_cell():
    from juesuan.selfeval.basicdata import basic_layouts
    from juesuan.validation import rulebook

    rule = next(r for r in rulebook("2022").rules if r.id == "SE-BASIC-LINK")
    declared = {item.strip() for item in str(rule.param("reads")).split(",")}
    linked = {target for layout in basic_layouts().values() for row in layout.rows for _, target in row.links}
    assert declared == linked


def test_the_hetang_sample_carries_seed_002s_basic_data_table(hetang):
    assert hetang.selfeval.basic == transcribed_basic("hetang-2022")
