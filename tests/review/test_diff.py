"""Compare two versions: exactly the changed cells, rows, names, flags and comments; `juesuan diff` too."""

from __future__ import annotations

import json

import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import canonical, workflow
from juesuan.review.diff import diff_projects
from juesuan.review.model import Anchor

from .helpers import PREPARER, REVIEWER, D, run_cli

FIVE = {
    Cell("表1", "1", "1"): D("4200.00"),
    Cell("表3", "2010301", "2"): D("1000.00"),
    Cell("表6", "30217", "1"): D("0.20"),
    Cell("表9", "1", "12"): D("0.40"),
    Cell("表2", "合计", "2"): None,  # cleared
}
NEW_ROW = ("表3", "2010308", "信访事务", {"1": D("12.00"), "3": D("12.00")})


def second_version(project):
    """The other copy: five cells changed, one row added, one comment written."""
    doc = ProjectDocument(project.model_copy(deep=True))
    doc.set_values(FIVE.items())
    table, code, name, values = NEW_ROW
    assert doc.add_subject(table, code, name) == [code]
    doc.set_values((Cell(table, code, c), v) for c, v in values.items())
    comment = workflow.add_comment(doc.project, workflow.cell_anchor(Cell("表9", "1", "12")), "接待费为何增加？", REVIEWER)
    return doc.project, comment


@pytest.fixture
def versions(tmp_path, sample_project):
    b, comment = second_version(sample_project)
    pa, pb = tmp_path / "上周.juesuan", tmp_path / "本周.juesuan"
    projectfile.save(sample_project, pa)
    projectfile.save(b, pb)
    return pa, pb, sample_project, b, comment


def _expected_values(a):
    return sorted((c.table, c.row, c.column, canonical.cell_value(a, c), None if v is None else canonical.decimal_text(v))
                  for c, v in FIVE.items())


def test_five_cells_one_row_one_comment_listed_exactly(versions):
    _, _, a, b, comment = versions
    result = diff_projects(a, b)
    values = [(c.table, c.row, c.column, c.old, c.new) for c in result.of_kind("value")]
    assert sorted(values) == _expected_values(a)
    [row] = result.of_kind("row_added")
    assert (row.table, row.row, row.new, dict(row.values)) == ("表3", "2010308", "信访事务", {"1": "12.00", "3": "12.00"})
    assert row.cells() == (Cell("表3", "2010308", "科目名称"), Cell("表3", "2010308", "1"), Cell("表3", "2010308", "3"))
    assert len(result.data) == 6  # nothing else in the data
    [c] = result.comments
    assert (c.kind, c.id, c.text, c.label) == ("added", comment.id, "接待费为何增加？", "表9 12栏")
    assert (c.table, c.row, c.column) == ("表9", "1", "12")  # where the compare view jumps
    assert result.explanations == () and result.status is None and not result.identical
    assert diff_projects(b, a).of_kind("row_removed")[0].row == "2010308"


def test_juesuan_diff_json_lists_the_same(versions):
    pa, pb, a, _, comment = versions
    result = run_cli("diff", str(pa), str(pb), "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert sorted((v["table"], v["row"], v["column"], v["old"], v["new"]) for v in data["values"]) == _expected_values(a)
    assert [(r["table"], r["row"], r["new"], r["values"]) for r in data["rows_added"]] == [
        ("表3", "2010308", "信访事务", {"1": "12.00", "3": "12.00"})]
    assert data["rows_removed"] == data["names"] == data["no_data"] == data["other"] == []
    assert [(c["kind"], c["id"], c["text"]) for c in data["comments"]] == [("added", comment.id, "接待费为何增加？")]
    assert data["identical"] is False and data["a"] == str(pa)


def test_juesuan_diff_human_output_identical_and_unreadable(versions, tmp_path):
    pa, pb, *_ = versions
    result = run_cli("diff", str(pa), str(pb))
    assert result.returncode == 1
    assert "表3 2010301 行政运行 2栏：" in result.stdout and "共 7 处不同" in result.stdout
    assert "表3 2010308 信访事务：新增行（1栏 12.00，3栏 12.00）" in result.stdout
    assert "新增批注 表9 12栏：接待费为何增加？" in result.stdout
    same = run_cli("diff", str(pa), str(pa))
    assert same.returncode == 0 and "完全相同" in same.stdout
    bad = tmp_path / "bad.juesuan"
    bad.write_bytes(b"PK\x03\x04")
    broken = run_cli("diff", str(pa), str(bad))
    assert broken.returncode == 2 and "Traceback" not in broken.stderr and "不是项目文件" in broken.stderr


def test_names_no_data_removed_rows_and_other_parts(sample_project):
    a = sample_project
    doc = ProjectDocument(a.model_copy(deep=True))
    doc.rename_subject("表3", "2210202", "提租补贴")
    doc.remove_subjects("表3", ["2210203"])
    doc.set_no_data("表7", False, "")
    b = doc.project
    b.prior_year.setdefault("表1", {}).setdefault("27", {})["1"] = D("3900.50")
    b.unit.name = "武汉市江汉区人民政府办公室（更名）"
    result = diff_projects(a, b)
    [name] = result.of_kind("name")
    assert (name.table, name.row, name.old, name.new) == ("表3", "2210202", "租房补贴", "提租补贴")
    [removed] = result.of_kind("row_removed")
    assert (removed.row, removed.old) == ("2210203", "购房补贴") and removed.values
    flags = [(c.kind, c.table, c.old, c.new) for c in result.of_kind("no_data", "no_data_note")]
    assert flags == [("no_data", "表7", "是", "否"), ("no_data_note", "表7", a.tables["表7"].no_data_note, None)]
    other = {(c.part, c.table, c.row, c.column, c.path, c.old, c.new) for c in result.data if c.part != "tables"}
    assert other == {("prior_year", "表1", "27", "1", (), None, "3900.50"),
                     ("unit", "", "", "", ("name",), a.unit.name, b.unit.name)}
    labels = {c.label for c in result.data if c.part != "tables"}
    assert "单位信息 名称" in labels and any(label.startswith("上年决算数 表1 第27行") for label in labels)


def test_the_selfeval_forms_are_compared_by_their_structure(sample_project):
    if "selfeval" not in type(sample_project).model_fields:
        pytest.fail("the project model has no selfeval field")
    b = sample_project.model_copy(deep=True)
    b.selfeval.whole.name = "江汉区人民政府办公室（整体）"
    result = diff_projects(sample_project, b)
    [change] = result.data
    assert (change.kind, change.part, change.path, change.new) == ("field", "selfeval", ("whole", "name"), b.selfeval.whole.name)
    assert change.label == "绩效自评 整体自评表 名称"


def test_comment_replies_and_resolution_are_changes(sample_project):
    a = sample_project.model_copy(deep=True)
    comment = workflow.add_comment(a, Anchor(kind="table", table="表7"), "表7 是否确无数据？", REVIEWER)
    b = a.model_copy(deep=True)
    workflow.reply(b, comment.id, "确无政府性基金收支", PREPARER)
    workflow.resolve(b, comment.id, REVIEWER)
    [change] = diff_projects(a, b).comments
    assert (change.kind, change.label) == ("changed", "表7")
    assert change.details == ("李会计 回复：确无政府性基金收支", "已解决")
    assert diff_projects(a, a.model_copy(deep=True)).identical


def test_bad_arguments_exit_2_with_usage():
    for args in (("diff", "only-one.juesuan"), ("verify",), ("report", "x.juesuan")):
        result = run_cli(*args)
        assert result.returncode == 2 and "参数错误" in result.stderr and "Traceback" not in result.stderr


def test_explanations_and_their_verdicts_are_changes(clean_project, clock):
    from .helpers import add_warning

    doc = ProjectDocument(clean_project)
    warning = add_warning(doc)
    a = doc.project.model_copy(deep=True)
    explanation = workflow.explain(doc.project, warning, "接待费部分由项目支出列支", PREPARER, when=clock())
    b = doc.project.model_copy(deep=True)
    workflow.decide(doc.project, explanation.id, "accepted", REVIEWER, when=clock())
    c = doc.project
    [added] = diff_projects(a, b).explanations
    assert (added.kind, added.text, added.table, added.row, added.column) == (
        "added", "接待费部分由项目支出列支", "表9", "1", "12")
    [decided] = diff_projects(b, c).explanations
    assert (decided.kind, decided.details) == ("changed", ("已接受（王科长）",))
    assert diff_projects(b, c).data == ()  # the data itself did not change
