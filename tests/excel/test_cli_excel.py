"""`juesuan export`, `juesuan import`, `juesuan check IN.xlsx [--json]` in a real subprocess:
exit 0 when fine, 2 with one Chinese line on stderr (never a traceback) when the input is unreadable."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from juesuan import filelock, projectfile


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


def _one_chinese_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr and lines[0].startswith("juesuan："), stderr
    return lines[0]


def test_export_import_check_round_trip(tmp_path, sample_path):
    xlsx, back = tmp_path / "江汉.xlsx", tmp_path / "回读.juesuan"
    exported = run("export", str(sample_path), str(xlsx))
    assert exported.returncode == 0 and "已导出" in exported.stdout and xlsx.exists()
    imported = run("import", str(xlsx), str(back))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[0].startswith("导入 江汉.xlsx（本软件导出的工作簿")
    assert "已保存" in imported.stdout
    assert projectfile.load(back) == projectfile.load(sample_path)
    from_xlsx = run("check", str(xlsx), "--json")
    from_project = run("check", str(sample_path), "--json")
    assert from_xlsx.returncode == from_project.returncode
    assert json.loads(from_xlsx.stdout)["issues"] == json.loads(from_project.stdout)["issues"]
    assert json.loads(from_xlsx.stdout)["file"] == str(xlsx)


def test_import_report_as_json_and_refusal_to_overwrite(tmp_path, sample_path):
    xlsx, out = tmp_path / "x.xlsx", tmp_path / "p.juesuan"
    assert run("export", str(sample_path), str(xlsx)).returncode == 0
    first = run("import", str(xlsx), str(out), "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["ours"] is True
    again = run("import", str(xlsx), str(out))
    assert again.returncode == 2 and "--force" in _one_chinese_line(again.stderr)
    forced = run("import", str(xlsx), str(out), "--force")
    assert forced.returncode == 0 and (tmp_path / "p.juesuan.bak").exists()


def test_import_refuses_to_overwrite_a_project_someone_has_open(tmp_path, sample_path):
    xlsx, out = tmp_path / "x.xlsx", tmp_path / "p.juesuan"
    assert run("export", str(sample_path), str(xlsx)).returncode == 0
    projectfile.save(projectfile.load(sample_path), out)
    with filelock.acquire(out, user="张三"):
        result = run("import", str(xlsx), str(out), "--force")
    assert result.returncode == 2 and "张三" in _one_chinese_line(result.stderr)


@pytest.mark.parametrize("command", ["check", "export", "import"])
def test_unreadable_inputs_exit_2_with_one_line(tmp_path, command):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    args = {"check": ["check", str(bad)], "export": ["export", str(bad), str(tmp_path / "o.xlsx")],
            "import": ["import", str(bad), str(tmp_path / "o.juesuan")]}[command]
    result = run(*args)
    assert result.returncode == 2
    assert "已损坏" in _one_chinese_line(result.stderr)
    missing = run(*[a.replace("坏.xlsx", "没有.xlsx") for a in args])
    assert missing.returncode == 2 and "找不到文件" in _one_chinese_line(missing.stderr)


def test_export_to_an_unwritable_place_and_wrong_suffix(tmp_path, sample_path):
    result = run("export", str(sample_path), str(tmp_path / "no" / "such" / "dir" / "x.xlsx"))
    assert result.returncode == 2 and "无法在文件夹" in _one_chinese_line(result.stderr)
    result = run("export", str(sample_path), str(tmp_path / "x.csv"))
    assert result.returncode == 2 and ".xlsx" in _one_chinese_line(result.stderr)
