"""Year packages: shipped ones, one dropped into the user or shared folder, a broken one, inheritance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan import years
from juesuan.errors import JuesuanError
from juesuan.validation import rulebook

LAYOUT_2025 = """year = 2025
name = "2025年度部门决算公开表"
money_unit = "万元"
tables = ["t1.toml", "t2.toml", "t3.toml", "t4.toml", "t5.toml", "t6.toml", "t7.toml", "t8.toml", "t9.toml"]
"""


def _package(base: Path, year: str, inherits: str = "2024", layout: str = LAYOUT_2025) -> Path:
    folder = base / "years" / year
    (folder / "templates").mkdir(parents=True)
    (folder / "year.toml").write_text(
        f'year = {year}\nname = "{year}年度部门决算"\ninherits = "{inherits}"\n\n'
        '[parts.templates]\nstatus = "changed-unverified"\nsource = "测试"\n', encoding="utf-8")
    (folder / "templates" / "layout.toml").write_text(layout, encoding="utf-8")
    return folder


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("JUESUAN_DATA_DIR", str(folder))
    monkeypatch.delenv(years.SHARED_ENV, raising=False)
    years.refresh()
    yield folder
    monkeypatch.undo()
    years.refresh()


def test_the_shipped_years_and_what_each_says_about_its_parts(data_dir):
    found = years.refresh()
    assert found.years() == ["2022", "2023", "2024"] and not found.problems
    rows = {row["year"]: row for row in found.describe()}
    assert rows["2022"]["origin"] == "内置" and rows["2022"]["inherits"] == ""
    assert rows["2023"]["inherits"] == "2022" and "templates：已改动，未核实" in rows["2023"]["parts"]
    assert "rules：沿用上年，未核实" in rows["2024"]["parts"]
    for year in ("2023", "2024"):
        book = rulebook(year)
        assert book.layout.year == int(year) and book.layout.name == f"{year}年度部门决算公开表"
        assert [t.id for t in book.layout.tables] == [t.id for t in rulebook("2022").layout.tables]
        assert [r.id for r in book.rules] == [r.id for r in rulebook("2022").rules]
        assert found.source_of(year, "templates", "layout.toml") == year
        assert found.source_of(year, "templates", "t1.toml") == "2022"


def test_a_package_dropped_into_the_user_folder_is_used_without_reinstall(data_dir):
    assert "2025" not in years.registry().years()
    with pytest.raises(JuesuanError, match="没有 2025 年度的年度包"):
        rulebook("2025")
    _package(data_dir, "2025")
    found = years.refresh()
    assert "2025" in found.years()
    package = found.package("2025")
    assert package.origin == "用户文件夹" and package.location == str(data_dir / "years" / "2025")
    assert [p.year for p in found.chain("2025")] == ["2025", "2024", "2022"]
    book = rulebook("2025")
    assert book.layout.year == 2025 and book.layout.name == "2025年度部门决算公开表"
    assert "2010301" in book.catalog


def test_a_user_package_replaces_the_shipped_year_and_says_so(data_dir):
    _package(data_dir, "2023", inherits="2022", layout=LAYOUT_2025.replace("2025", "2023").replace("公开表", "公开表（修订）"))
    found = years.refresh()
    package = found.package("2023")
    assert package.origin == "用户文件夹" and package.replaced == ("resources/years/2023",)
    assert rulebook("2023").layout.name == "2023年度部门决算公开表（修订）"


def test_a_shared_folder_from_the_environment(data_dir, tmp_path, monkeypatch):
    shared = tmp_path / "share"
    _package(shared, "2025")
    monkeypatch.setenv(years.SHARED_ENV, str(shared / "years"))
    found = years.refresh()
    assert found.package("2025").origin == "共享文件夹"
    _package(data_dir, "2025")  # the user's own copy wins over the share
    found = years.refresh()
    assert found.package("2025").origin == "用户文件夹"
    assert found.package("2025").replaced == (str(shared / "years" / "2025"),)


def test_a_broken_package_is_named_with_file_and_line_and_the_others_load(data_dir):
    folder = _package(data_dir, "2025")
    (folder / "templates" / "t1.toml").write_text('id = "表1"\nnumber = 1\ntitle = "收入支出决算总表\n', encoding="utf-8")
    bad_manifest = _package(data_dir, "2026")
    (bad_manifest / "year.toml").write_text('year = 2026\ninherits = "2022"\n[parts.tables]\nstatus = "confirmed"\n', encoding="utf-8")
    found = years.refresh()
    assert found.years() == ["2022", "2023", "2024"]
    messages = {p.location: p.message for p in found.problems}
    t1 = messages[str(folder)]
    assert str(folder / "templates" / "t1.toml").replace("\\", "/") in t1.replace("\\", "/") and "第3行" in t1
    assert "TOML 语法错误" in t1
    manifest = messages[str(bad_manifest)]
    assert "year.toml 第3行" in manifest and "未知的部分“tables”" in manifest
    with pytest.raises(JuesuanError, match="该年度包有错误"):
        found.package("2025")
    assert rulebook("2023").layout.year == 2023


def test_inheritance_of_a_missing_year_is_refused(data_dir):
    _package(data_dir, "2025", inherits="2019")
    found = years.refresh()
    assert "2025" not in found.years()
    assert any("继承的年度包 2019 不存在" in p.message for p in found.problems)


def test_the_command_line_lists_years_and_still_checks_with_a_broken_package(data_dir, sample_path):
    folder = _package(data_dir, "2025")
    (folder / "year.toml").write_text("year = 2025\ninherits = \n", encoding="utf-8")
    env = {**os.environ, "JUESUAN_DATA_DIR": str(data_dir)}
    listed = subprocess.run([sys.executable, "-m", "juesuan", "years", "--json"], capture_output=True, text=True,
                            encoding="utf-8", env=env)
    assert listed.returncode == 0, listed.stderr
    report = json.loads(listed.stdout)
    assert [row["year"] for row in report["years"]] == ["2022", "2023", "2024"]
    assert len(report["problems"]) == 1 and "year.toml 第2行" in report["problems"][0]["message"]
    checked = subprocess.run([sys.executable, "-m", "juesuan", "check", str(sample_path)], capture_output=True,
                             text=True, encoding="utf-8", env=env)
    assert checked.returncode in (0, 1) and "Traceback" not in checked.stderr
