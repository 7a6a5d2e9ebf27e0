"""Project information: new_project(info), 项目信息 edits, the checks on each field, `juesuan new`, and the line
above the tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.cli import main
from juesuan.document import INFO, ProjectDocument, ProjectInfo, new_project
from juesuan.errors import JuesuanError

INFO_2023 = ProjectInfo(name="武汉市江汉区人民政府办公室", year=2023, code="001002", parent="武汉市江汉区人民政府",
                        kind="行政单位", preparer="李会计")


def test_new_project_carries_every_field_and_computes_its_totals():
    project = new_project(INFO_2023)
    assert (project.unit.name, project.unit.code, project.unit.parent, project.unit.kind, project.unit.preparer) == (
        "武汉市江汉区人民政府办公室", "001002", "武汉市江汉区人民政府", "行政单位", "李会计")
    assert project.year == 2023 and not project.totals.printed
    assert ProjectInfo.of(project) == INFO_2023
    heading = project.unit.heading(project.year)
    assert heading.startswith("单位：武汉市江汉区人民政府办公室（001002）") and "主管部门：武汉市江汉区人民政府" in heading
    assert "年度：2023" in heading and "填报人：李会计" in heading


@pytest.mark.parametrize("info, reason", [
    (ProjectInfo(name="单位", year=1999), "2000–2100"),
    (ProjectInfo(name="单位" * 101), "单位名称过长"),
    (ProjectInfo(name="单位", code="1\n2"), "单位编码不能含有换行"),
])
def test_bad_information_is_refused_in_chinese(info, reason):
    with pytest.raises(JuesuanError, match=reason):
        new_project(info)


def test_set_info_changes_unit_and_year_and_reports_it():
    document = ProjectDocument(new_project(ProjectInfo("旧名", 2022)))
    seen = []
    document.subscribe(lambda change: seen.append(change.tables))
    old = document.set_info(INFO_2023)
    assert old == ProjectInfo("旧名", 2022)
    assert document.project.unit.name == INFO_2023.name and document.project.year == 2023
    assert INFO in seen[-1]
    document.set_info(old)
    assert ProjectInfo.of(document.project) == old


def test_cli_new_writes_a_project_file_that_loads(tmp_path: Path, capsys):
    out = tmp_path / "江汉区2023.juesuan"
    assert main(["new", str(out), "--unit", "江汉区办公室", "--year", "2023", "--code", "42", "--parent", "江汉区政府"]) == 0
    assert "已新建" in capsys.readouterr().out
    project = projectfile.load(out)
    assert (project.unit.name, project.unit.code, project.unit.parent, project.year) == ("江汉区办公室", "42", "江汉区政府", 2023)
    assert not project.totals.printed
    assert main(["new", str(out), "--unit", "别的", "--year", "2023"]) == 2  # no overwrite without --force
    assert "已存在" in capsys.readouterr().err
    assert projectfile.load(out).unit.name == "江汉区办公室"


def run(argv: list[str]) -> int:
    """The exit code of `juesuan ARGV`, whether the parser or the command refused it."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


@pytest.mark.parametrize("argv, reason", [
    (["--unit", "单位", "--year", "20x3"], "年度"),
    (["--unit", "单位", "--year", "1800"], "2000–2100"),
    (["--unit", "  ", "--year", "2023"], "单位名称"),
    (["--year", "2023"], "--unit"),
])
def test_cli_new_bad_input_exits_2_with_a_chinese_message(tmp_path: Path, capsys, argv, reason):
    out = tmp_path / "x.juesuan"
    assert run(["new", str(out), *argv]) == 2
    assert reason in capsys.readouterr().err and not out.exists()
