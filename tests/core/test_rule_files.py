"""Rule files are data: every malformed one is refused with the file, the line and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.errors import DataFileError
from juesuan.rules.builtins import BUILTINS
from juesuan.rules.formula import FormulaError, parse_check, parse_each
from juesuan.rules.ruleset import load_rule_file, load_rules
from juesuan.templates import load_layout

LAYOUT = load_layout("2022")


def _load(tmp_path: Path, text: str):
    path = tmp_path / "99-bad.toml"
    path.write_text(text, encoding="utf-8")
    return load_rule_file(path, LAYOUT, set(BUILTINS))


GOOD = '[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表1[27, 1] = sum(表1[1..8, 1])"\n'

BAD = [
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表1[27, 1] = sum(表1[1..8, 1]"\n', "第2行", "应为“)”"),
    ('[[rule]]\nid = "A"\nseverity = "fatal"\ncheck = "表1[27, 1] = 0"\n', "第2行", "severity"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表10[27, 1] = 0"\n', "第2行", "表10"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表1[99, 1] = 0"\n', "第2行", "没有第 99 行"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表3[r, 1] = 0"\n', "第2行", "不是“r”"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表1[27, 1] = 0"\ncolour = "red"\n', "第2行", "未知字段 colour"),
    ('[[rule]]\nid = "A"\nseverity = "error"\nbuiltin = "magic"\n', "第2行", "未知的内置检查"),
    ('[[rule]]\nid = "A"\nseverity = "error"\n', "第2行", "二选一"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表1[27, 1] + 1"\n', "第2行", "比较符"),
    ('[[rule]]\nid = "A"\nseverity = "error"\neach = "r in stuff(表3)"\ncheck = "表3[r, 1] = 0"\n', "第2行", "集合只能是"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "__import__(\'os\')[1, 1] = 0"\n', "第2行", "无法识别"),
    ('[[rule]]\nid = "A"\nseverity = "error"\ncheck = "表1[27, 1] = 0"\n\n[[rule]\n', "第6行", "TOML"),
    ('[[rule]]\nseverity = "error"\ncheck = "表1[27, 1] = 0"\n', "第1行", "id"),
]


def test_a_good_file_loads(tmp_path):
    (rule,) = _load(tmp_path, GOOD)
    assert rule.id == "A" and rule.severity == "error" and rule.line == 2


@pytest.mark.parametrize("text,line,reason", BAD)
def test_a_bad_file_names_file_line_and_reason(tmp_path, text, line, reason):
    with pytest.raises(DataFileError) as info:
        _load(tmp_path, text)
    message = str(info.value)
    assert "99-bad.toml" in message and line in message and reason in message, message


def test_duplicate_ids_across_files_are_refused(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(DataFileError, match="重复"):
        load_rules(LAYOUT, set(BUILTINS), folder=tmp_path)


def test_the_formula_language_never_runs_python():
    for text in ("__import__('os').system('x') = 1", "表1[27,1] = open", "lambda: 1 = 1", "表1[27,1] = 1; import os"):
        with pytest.raises(FormulaError):
            parse_check(text)


def test_formula_errors_point_at_the_character():
    with pytest.raises(FormulaError) as info:
        parse_check("表1[27, 1] = 表1[1, 1] +")
    assert info.value.column == 23


def test_each_clauses_parse():
    each = parse_each("r in rows(表1, 32..57)")
    assert each.var == "r" and each.func == "rows" and each.args[0] == "表1"
    with pytest.raises(FormulaError):
        parse_each("r of rows(表1)")


def test_a_rule_that_raises_becomes_a_finding_not_a_crash(sample_project, monkeypatch):
    from juesuan.rules import builtins
    from juesuan.validation import rulebook

    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setitem(builtins.BUILTINS, "no-data", broken)
    from juesuan.rules.engine import RuleEngine

    book = rulebook("2022")
    engine = RuleEngine(book.rules, book.layout, book.catalog, builtins.BUILTINS)
    findings = engine.run_full(sample_project)
    crashed = [f for f in findings if f.rule == "S-NODATA"]
    assert len(crashed) == 1 and "无法执行" in crashed[0].message and crashed[0].severity == "error"
