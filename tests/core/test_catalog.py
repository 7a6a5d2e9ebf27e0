"""The bundled 功能分类 catalog, and user CSV files that extend it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from juesuan.catalog import load_catalog, parse_catalog
from juesuan.errors import DataFileError
from juesuan.templates import load_layout

CLASSES = {"201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214", "215", "216",
           "217", "219", "220", "221", "222", "223", "224", "229", "231", "232", "234"}


def test_every_class_of_table1_and_every_seed_subject_is_in_the_catalog(sample_project):
    catalog = load_catalog("2022")
    assert CLASSES <= set(catalog.names)
    layout = load_layout("2022")
    for row in layout["表1"].fixed_rows.values():
        if row.subject:
            assert row.name.split("、", 1)[1] == catalog.name_of(row.subject), row.subject
    for table in ("表2", "表5"):
        for code, name in sample_project.tables[table].subjects.items():
            assert catalog.name_of(code) == name, (table, code)
    for code in catalog.names:
        for parent in catalog.ancestors(code):
            assert parent in catalog, code


def test_search_by_code_or_name():
    catalog = load_catalog("2022")
    assert ("2210202", "提租补贴") in catalog.search("22102")
    assert ("2210202", "提租补贴") in catalog.search("提租")


def test_user_catalog_extends_and_overrides(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("科目编码,科目名称\n2240102,一般行政管理事务\n22401,应急管理事务\n", encoding="utf-8-sig")
    catalog = load_catalog("2022", [path])
    assert catalog.name_of("2240102") == "一般行政管理事务" and catalog.name_of("201") == "一般公共服务支出"


@pytest.mark.parametrize("text,line", [("code,name\n201,一般\n20x,坏\n", 3), ("code,name\n2010301\n", 2), ("code,name\n2010301,\n", 2)])
def test_bad_user_catalog_names_the_line(text, line):
    with pytest.raises(DataFileError) as info:
        parse_catalog(text, "extra.csv")
    assert f"第{line}行" in str(info.value) and "extra.csv" in str(info.value)


def test_cli_takes_a_user_catalog(tmp_path, sample_project):
    from juesuan import projectfile

    sample_project.tables["表3"].subjects["2240102"] = "一般行政管理事务"
    sample_project.tables["表3"].subjects.update({"224": "灾害防治及应急管理支出", "22401": "应急管理事务"})
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    extra = tmp_path / "extra.csv"
    extra.write_text("code,name\n22401,应急管理事务\n2240102,一般行政管理事务\n", encoding="utf-8")

    def unknown(*args):
        out = subprocess.run([sys.executable, "-m", "juesuan", "check", str(path), "--json", *args], capture_output=True, text=True, encoding="utf-8")
        return {i["cells"][0]["row"] for i in json.loads(out.stdout)["issues"] if i["rule"] == "S-NAME" and i["severity"] == "warning"}

    assert {"22401", "2240102"} <= unknown()
    assert not {"22401", "2240102"} & unknown("--catalog", str(extra))
