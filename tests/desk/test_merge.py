"""The 部门 汇总 of three units built from the samples: sums, 调整表 eliminations, provenance, refusals."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import openpyxl
import pytest

from juesuan import cli, projectfile
from juesuan.datafiles import resource
from juesuan.desk.adjust import AdjustError, AdjustLine, read_adjustments, write_adjustments
from juesuan.desk.merge import MergeError, Source, merge_files, merge_projects
from juesuan.model import Project
from juesuan.validation import rulebook

from .conftest import clean_tables, renamed, save

D = Decimal
OFFICE, CENTRE, SERVICES = "武汉市江汉区人民政府办公室", "江汉区政务服务中心", "江汉区机关事务服务中心"
SUBJECT_CHAIN = ("合计", "201", "20103", "2010301")


def _add(project: Project, table: str, rows, column: str, amount: str) -> None:
    for row in rows:
        project.set_value(table, row, column, (project.value(table, row, column) or D(0)) + D(amount))


def _halved(project: Project) -> Project:
    copy = project.model_copy(deep=True)
    for data in copy.tables.values():
        for columns in data.values.values():
            for key, value in columns.items():
                columns[key] = (value / 2).quantize(D("0.01"), ROUND_HALF_EVEN)
    return copy


@pytest.fixture
def units(tmp_path, sample_project) -> dict[str, object]:
    """Three units of one 部门 before and after their internal transfers (the shipped example 调整表's two lines):
    the office pays its 政务服务中心 20.00 上级补助 and receives 5.00 上缴 from its 机关事务服务中心."""
    office = renamed(clean_tables(sample_project), OFFICE)
    centre = renamed(_halved(clean_tables(sample_project)), CENTRE)
    services = renamed(sample_project, SERVICES)  # with its 自评 forms
    services.tables["表3"].subjects["2210202"] = "提租补贴"
    services.tables["表2"].subjects["2010350"] = "事业运行"  # a row only this unit has
    services.set_value("表2", "2010350", "1", D("0.00"))
    plain = {name: p.model_copy(deep=True) for name, p in ((OFFICE, office), (CENTRE, centre), (SERVICES, services))}
    # 上级补助收入 20.00: the centre's income, the office's 对附属单位补助支出, both under 2010301
    _add(centre, "表1", ("4", "27", "31"), "1", "20.00")
    for column in ("1", "3"):
        _add(centre, "表2", SUBJECT_CHAIN, column, "20.00")
    _add(office, "表1", ("32", "58", "62"), "2", "20.00")
    for column in ("1", "6"):
        _add(office, "表3", SUBJECT_CHAIN, column, "20.00")
    # 附属单位上缴收入 5.00: the office's income, the services centre's 上缴上级支出
    _add(office, "表1", ("7", "27", "31"), "1", "5.00")
    for column in ("1", "6"):
        _add(office, "表2", SUBJECT_CHAIN, column, "5.00")
    _add(services, "表1", ("32", "58", "62"), "2", "5.00")
    for column in ("1", "4"):
        _add(services, "表3", SUBJECT_CHAIN, column, "5.00")
    folder = tmp_path / "units"
    paths = [save(office, folder / "office.juesuan"), save(centre, folder / "centre.juesuan"),
             save(services, folder / "services.juesuan")]
    adjust = tmp_path / "调整表.xlsx"
    shutil.copyfile(str(resource("samples", "adjust-example.xlsx")), adjust)
    return {"paths": paths, "plain": plain, "adjust": adjust}


def _raw_cells(path: Path) -> dict[tuple[str, str, str], Decimal]:
    """A unit's 决算 cells straight from its file's JSON (independent of the model)."""
    content = json.loads(path.read_text(encoding="utf-8"))["content"]
    return {(t, r, c): D(v) for t, data in content["tables"].items()
            for r, cols in data.get("values", {}).items() for c, v in cols.items()}


def _cells(project: Project) -> dict[tuple[str, str, str], Decimal]:
    return {(t, r, c): v for t, data in project.tables.items() for r, cols in data.values.items() for c, v in cols.items()}


def test_sums_equal_the_hand_computed_and_file_sums(units):
    merged = merge_files(units["paths"], name="江汉区办公室汇总")
    # by hand: 4,199.36 + 4,199.36 / 2 + 20.00 (centre) + 5.00 (office) + 4,199.36 + 5.00 (services)
    assert merged.value("表1", "27", "1") == D("4199.36") + D("2099.68") + D("20.00") + D("5.00") + D("4199.36")
    assert merged.value("表1", "27", "1") == D("10523.40")
    assert merged.value("表9", "1", "1") == D("10.98") + D("5.49") + D("10.98") == D("27.45")
    assert merged.value("表2", "2010350", "1") == D("0.00") and merged.tables["表2"].subjects["2010350"] == "事业运行"
    expected: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for path in units["paths"]:
        for key, value in _raw_cells(path).items():
            expected[key] += value
    assert _cells(merged) == dict(expected)
    assert merged.unit.name == "江汉区办公室汇总" and merged.year == 2022
    assert merged.selfeval.projects == []  # 自评 forms are listed, not summed
    forms = merged.merge.forms
    assert {f.unit for f in forms} == {SERVICES} and ("专项工作2022", "100") in {(f.name, f.score) for f in forms}
    assert len(forms) == 1 + len(projectfile.load(units["paths"][2]).selfeval.projects)


def test_adjustments_eliminate_the_internal_transfers(units):
    lines = read_adjustments(units["adjust"])
    assert [(l.line, l.kind, l.income_unit, l.expense_unit, l.subject, l.amount) for l in lines] == [
        (4, "上级补助收入", CENTRE, OFFICE, "2010301", D("20.00")),
        (5, "附属单位上缴收入", OFFICE, SERVICES, "2010301", D("5.00"))]
    merged = merge_files(units["paths"], units["adjust"])
    # eliminated: the 汇总 is what the three units hold without the transfers between them
    plain: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for project in units["plain"].values():
        for key, value in _cells(project).items():
            plain[key] += value
    got = _cells(merged)
    for key in set(plain) | set(got):
        assert got.get(key, D(0)) == plain.get(key, D(0)), key
    assert merged.value("表1", "4", "1") == D("0.00")
    first, second = merged.merge.eliminations
    assert (first.line, first.kind, first.amount) == (4, "上级补助收入", D("20.00"))
    listed = {(c.table, c.row, c.column) for c in first.cells}
    assert {("表1", "4", "1"), ("表2", "2010301", "3"), ("表3", "合计", "6"), ("表1", "32", "2")} <= listed
    assert all(c.before - c.after == D("20.00") for c in first.cells)
    assert ("表3", "2010301", "4") in {(c.table, c.row, c.column) for c in second.cells}
    errors = [f for f in rulebook("2022").check(merged) if f.severity == "error"]
    assert errors == []


def test_provenance_adds_up_to_every_cell_and_survives_save(tmp_path, units):
    merged = merge_files(units["paths"], units["adjust"])
    path = tmp_path / "汇总.juesuan"
    projectfile.save(merged, path)
    loaded = projectfile.load(path)
    for project in (merged, loaded):
        record = project.merge
        for (table, row, column), value in _cells(project).items():
            parts = record.contributions(table, row, column)
            assert parts and sum(amount for _, amount in parts) == value, (table, row, column)
    assert loaded.merge.contributions("表1", "4", "1") == [(CENTRE, D("20.00")), ("调整表第4行", D("-20.00"))]
    assert loaded.merge.tooltip("表1", "4", "1") == f"来源：\n{CENTRE}：20.00\n调整表第4行：-20.00"
    assert [u.name for u in loaded.merge.units] == [OFFICE, CENTRE, SERVICES]
    assert all(len(u.sha256) == 64 for u in loaded.merge.units)


def test_merge_command_writes_project_and_sources_sheet(tmp_path, capsys, units):
    out, sources = tmp_path / "汇总.juesuan", tmp_path / "来源.xlsx"
    code = cli.main(["merge", *map(str, units["paths"]), "-o", str(out), "--adjust", str(units["adjust"]),
                     "--sources", str(sources)])
    stdout = capsys.readouterr().out
    assert code == 0, stdout
    assert "已汇总 3 个单位" in stdout and "抵销 调整表第4行 上级补助收入" in stdout and "抵销 调整表第5行" in stdout
    merged = projectfile.load(out)
    book = openpyxl.load_workbook(sources)
    totals: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for table, row, column, _label, total, _source, amount in book["来源"].iter_rows(min_row=2, values_only=True):
        totals[(table, row, column)] += D(str(amount))
        assert D(str(total)) == merged.value(table, row, column)
    assert {k: v.quantize(D("0.01")) for k, v in totals.items()} == _cells(merged)
    adjusted = list(book["调整"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in adjusted} == {4, 5} and len(adjusted) == sum(len(e.cells) for e in merged.merge.eliminations)
    assert len(list(book["自评"].iter_rows(min_row=2))) == len(merged.merge.forms)
    assert cli.main(["merge", *map(str, units["paths"]), "-o", str(out)]) == 2  # refuses to overwrite
    assert "已存在" in capsys.readouterr().err


def test_other_lines_adjust_the_named_cell(tmp_path, units):
    adjust = write_adjustments(tmp_path / "其他.xlsx", [AdjustLine(4, "其他", D("0.37"), table="表9", row="1", column="12",
                                                                  note="公务接待费重复计列")])
    merged = merge_files(units["paths"], adjust)
    assert merged.value("表9", "1", "12") == D("0.37") + D("0.18") + D("0.37") - D("0.37")
    assert merged.merge.eliminations[0].cells[0].before == D("0.92")


@pytest.mark.parametrize("change, words", [
    (lambda p: setattr(p, "year", 2023), ["年度", "2022", "2023", SERVICES]),
    (lambda p: setattr(p, "layout", "2023"), ["表样", SERVICES]),
    (lambda p: setattr(p.unit, "name", OFFICE), ["出现了两次", OFFICE]),
])
def test_units_of_different_years_layouts_or_twice_are_refused(tmp_path, capsys, units, change, words):
    services = projectfile.load(units["paths"][2])
    change(services)
    save(services, units["paths"][2])
    with pytest.raises(MergeError) as caught:
        merge_files(units["paths"])
    assert all(w in str(caught.value) for w in words), str(caught.value)
    assert cli.main(["merge", *map(str, units["paths"]), "-o", str(tmp_path / "x.juesuan")]) == 2
    assert str(caught.value) in capsys.readouterr().err


def test_bad_adjustment_lines_are_refused_naming_the_line(tmp_path, capsys, units, sample_project):
    unknown = write_adjustments(tmp_path / "a.xlsx", [AdjustLine(4, "上级补助收入", D("1"), "别的单位", OFFICE, "2010301")])
    with pytest.raises(AdjustError, match="第4行.*别的单位.*不在本次汇总"):
        merge_files(units["paths"], unknown)
    kind = write_adjustments(tmp_path / "b.xlsx", [AdjustLine(4, "往来款", D("1"), CENTRE, OFFICE, "2010301")])
    with pytest.raises(AdjustError, match="不认识的调整类型"):
        merge_files(units["paths"], kind)
    notxlsx = tmp_path / "c.xlsx"
    notxlsx.write_text("调整类型,金额", encoding="utf-8")
    assert cli.main(["merge", *map(str, units["paths"]), "-o", str(tmp_path / "m.juesuan"), "--adjust", str(notxlsx)]) == 2
    assert "不是 Excel 工作簿" in capsys.readouterr().err
    assert not (tmp_path / "m.juesuan").exists()
    with pytest.raises(MergeError, match="没有可汇总的单位"):
        merge_projects([])
    assert merge_projects([Source(sample_project)]).merge.units[0].name == sample_project.unit.name


def test_merge_of_a_folder_skips_its_own_adjustment_and_output_files(tmp_path, capsys, units):
    folder = units["paths"][0].parent
    adjust = shutil.copyfile(units["adjust"], folder / "调整表.xlsx")
    out = folder / "汇总.juesuan"
    assert cli.main(["merge", str(folder), "-o", str(out), "--adjust", str(adjust)]) == 0
    assert cli.main(["merge", str(folder), "-o", str(out), "--adjust", str(adjust), "--force"]) == 0
    merged = projectfile.load(out)
    assert [u.name for u in merged.merge.units] == [CENTRE, OFFICE, SERVICES]  # file order: centre, office, services
    assert len(merged.merge.eliminations) == 2
