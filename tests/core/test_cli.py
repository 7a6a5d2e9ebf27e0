"""`juesuan check` through a real process: exit codes, JSON fields, one-line Chinese errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan import projectfile


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_check_json_on_the_sample(sample_path):
    result = run("check", str(sample_path), "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["file"] == str(sample_path)
    for issue in data["issues"]:
        text_only = {"quote", "span"} if issue["cells"][0]["table"] == "说明" else set()  # 情况说明 findings quote the text
        assert set(issue) == {"rule", "severity", "cells", "message", "expected", "actual"} | text_only
        assert all(set(c) == {"table", "row", "column"} for c in issue["cells"])
        assert issue["expected"] is None or isinstance(issue["expected"], str)
    jue = [i for i in data["issues"] if not i["cells"][0]["table"].startswith(("自评", "说明"))]
    assert [(i["rule"], i["severity"]) for i in jue] == [("S-NAME", "error")]
    assert jue[0]["cells"][0] == {"table": "表3", "row": "2210202", "column": "科目名称"}


def test_check_human_output_and_clean_exit(tmp_path, sample_project):
    sample_project.tables["表3"].subjects["2210202"] = "提租补贴"
    sample_project.selfeval = type(sample_project.selfeval)()  # the 自评 forms carry real errors of their own
    sample_project.selfeval = type(sample_project.selfeval)()  # the sample's 自评 forms carry their printed errors
    sample_project.narrative.text = ""  # and its 情况说明 the mistakes it was published with
    path = tmp_path / "fixed.juesuan"
    projectfile.save(sample_project, path)
    result = run("check", str(path))
    errors = [line for line in result.stdout.splitlines() if line.startswith("[错误]")]
    assert errors == [] and result.returncode == 0
    assert "fixed.juesuan：共" in result.stdout


def test_amounts_are_strings_in_json(tmp_path, sample_project):
    from decimal import Decimal

    sample_project.tables["表3"].values["合计"]["1"] = Decimal("4199.46")
    path = tmp_path / "broken.juesuan"
    projectfile.save(sample_project, path)
    data = json.loads(run("check", str(path), "--json").stdout)
    row = [i for i in data["issues"] if i["rule"] == "T3-ROW"][0]
    assert row["expected"] == "4199.36" and row["actual"] == "4199.46"
    assert row["message"] == "表3 合计 1栏 应为 4,199.36（= 2栏 1,054.43 + 3栏 3,144.93），实为 4,199.46，差 0.10"


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\xff\xfe\x00garbage", b'{"format": "other"}', b"[]", b"PK\x03\x04zip", b'{"format": "juesuan-project", "schema_version": 99}'],
)
def test_unreadable_files_exit_2_with_one_chinese_line(tmp_path, content):
    path = tmp_path / "bad.juesuan"
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])


def test_missing_file_and_bad_arguments_exit_2(tmp_path):
    assert run("check", str(tmp_path / "nope.juesuan")).returncode == 2
    result = run("check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
