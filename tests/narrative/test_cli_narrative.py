"""`juesuan narrative` through a real process: generated text, JSON findings with quote and span, exit codes,
and a Chinese one-line message with exit 2 for an empty, binary, huge or encrypted file."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from juesuan import projectfile

DATA = Path(__file__).resolve().parent.parent / "data"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_narrative_prints_the_generated_text(zengdu_path):
    result = run("narrative", str(zengdu_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("一、收入支出决算总体情况说明")
    assert "十三、预算绩效情况说明" in result.stdout and "完成年初预算的117.72%" in result.stdout


def test_check_against_the_project_as_json(jianghan_path):
    result = run("narrative", str(jianghan_path), "--check", str(DATA / "jianghan-2022-narrative.txt"), "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    text = (DATA / "jianghan-2022-narrative.txt").read_text("utf-8")
    errors = [i for i in data["issues"] if i["severity"] == "error"]
    assert len(errors) == 6
    for issue in data["issues"]:
        assert set(issue) == {"rule", "severity", "cells", "message", "expected", "actual", "quote", "span"}
        start, end = issue["span"]
        assert text[start:end].split()[0].rstrip("%万元") in issue["quote"]
    completion = next(i for i in errors if i["rule"] == "N-COMPLETION")
    assert completion["expected"] == "106.91" and completion["actual"] == "100"
    assert text[completion["span"][0]:completion["span"][1]] == "100%"


def test_text_only_mode_and_a_clean_text(tmp_path, zengdu_path):
    result = run("narrative", "--check", str(DATA / "zengdu-2022-narrative.txt"))
    assert result.returncode == 1
    assert "文本自相核对（无项目）" in result.stdout and "[错误] N-COMPLETION" in result.stdout
    clean = tmp_path / "生成.txt"
    clean.write_text(run("narrative", str(zengdu_path)).stdout, encoding="utf-8")
    result = run("narrative", str(zengdu_path), "--check", str(clean))
    assert result.returncode == 0 and "共 0 条" in result.stdout


def test_docx_is_read_like_the_text(tmp_path, jianghan_path):
    text = (DATA / "jianghan-2022-narrative.txt").read_text("utf-8")
    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    path = tmp_path / "情况说明.docx"
    document.save(str(path))
    from_txt = json.loads(run("narrative", str(jianghan_path), "--check", str(DATA / "jianghan-2022-narrative.txt"), "--json").stdout)
    from_docx = json.loads(run("narrative", str(jianghan_path), "--check", str(path), "--json").stdout)
    assert [(i["rule"], i["expected"], i["quote"]) for i in from_docx["issues"]] == \
           [(i["rule"], i["expected"], i["quote"]) for i in from_txt["issues"]]


def _encrypted_like(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # what Word writes for a password-protected file
    return path


@pytest.mark.parametrize("name, make, words", [
    ("空.txt", lambda p: p.write_bytes(b""), "空文件"),
    ("二进制.txt", lambda p: p.write_bytes(b"\x00\x01\x02binary" * 50), "不是文本文件"),
    ("巨大.txt", lambda p: p.write_bytes(b"a" * (5 * 1024 * 1024)), "过大"),
    ("加密.docx", _encrypted_like, "已加密"),
    ("损坏.docx", lambda p: p.write_bytes(b"PK\x03\x04broken"), "已损坏"),
    ("空白.txt", lambda p: p.write_text("   \n\n", encoding="utf-8"), "没有文字"),
    ("表格.xlsx", lambda p: p.write_bytes(b"PK\x03\x04"), "只能读取 .txt 或 .docx"),
])
def test_bad_input_is_a_chinese_message_and_exit_2(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    result = run("narrative", "--check", str(path))
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_zip_bomb_docx_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * (60 * 1024 * 1024))
    result = run("narrative", "--check", str(path))
    assert result.returncode == 2 and "过大" in result.stderr


def test_gbk_text_is_read(tmp_path, jianghan_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes((DATA / "jianghan-2022-narrative.txt").read_text("utf-8").encode("gb18030"))
    assert run("narrative", str(jianghan_path), "--check", str(path)).returncode == 1


def test_check_of_a_project_includes_its_narrative(jianghan_path, tmp_path):
    data = json.loads(run("check", str(jianghan_path), "--json").stdout)
    rules = [i["rule"] for i in data["issues"] if i["cells"][0]["table"] == "说明" and i["severity"] == "error"]
    assert rules.count("N-RATE") == 4 and "N-COMPLETION" in rules
    project = projectfile.load(jianghan_path)
    project.narrative.text = ""
    quiet = tmp_path / "无说明.juesuan"
    projectfile.save(project, quiet)
    data = json.loads(run("check", str(quiet), "--json").stdout)
    assert not any(i["cells"][0]["table"] == "说明" for i in data["issues"])


def test_no_project_and_no_file_is_a_usage_error():
    result = run("narrative")
    assert result.returncode == 2 and "请指定项目文件" in result.stderr


def test_docx_with_an_entity_bomb_is_refused(tmp_path):
    path = tmp_path / "实体.docx"
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", bomb)
    result = run("narrative", "--check", str(path))
    assert result.returncode == 2 and "不安全的 XML" in result.stderr
