"""`juesuan --selftest` from the source tree: it passes on a complete installation and fails, naming
the part, when a resource or a module is missing (run on a copy of the package with a file removed)."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from juesuan import selftest
from packaging_helpers import PYTHON, ROOT, python_args, run_env, source_tree_copy


def run_selftest(tmp_path: Path, *extra: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*python_args(pythonpath), "-m", "juesuan", "--selftest", *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=run_env(tmp_path / "userdata", pythonpath),
        cwd=tmp_path,
        timeout=120,
    )


def test_selftest_passes_on_the_installed_package(tmp_path):
    result = run_selftest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "全部通过 / PASSED" in out
    for title, _ in selftest.STEPS:
        assert f"通过 PASS  {title}" in out
    assert "Traceback" not in out + result.stderr
    assert (tmp_path / "userdata" / "logs" / "juesuan.log").is_file()


@pytest.fixture
def broken_copy(tmp_path) -> Path:
    return source_tree_copy(tmp_path / "copy")


@pytest.mark.parametrize(
    ("hidden", "named"),
    [
        ("resources/samples/jianghan-2022.juesuan", "缺少资源文件 samples/jianghan-2022.juesuan"),
        ("resources/years/2022/templates/t3.toml", "t3.toml"),
        ("resources/icons/juesuan.ico", "缺少资源文件 icons/juesuan.ico"),
    ],
)
def test_a_hidden_resource_fails_the_selftest_with_a_clear_message(tmp_path, broken_copy, hidden, named):
    (broken_copy / "juesuan" / hidden).unlink()
    result = run_selftest(tmp_path, pythonpath=broken_copy)
    out = result.stdout
    assert str(broken_copy / "juesuan" / "resources") in out  # the copy ran, not the installed package
    assert result.returncode == 1, out
    assert "自检失败 / FAILED" in out
    failed = [line for line in out.splitlines() if "失败 FAIL" in line]
    assert failed and named in failed[0], out
    assert "Traceback" not in out + result.stderr


def test_a_missing_excel_module_fails_the_selftest_by_name(tmp_path, broken_copy):
    shutil.rmtree(broken_copy / "juesuan" / "excel", ignore_errors=True)
    result = run_selftest(tmp_path, pythonpath=broken_copy)
    assert str(broken_copy / "juesuan" / "resources") in result.stdout
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "Excel" in line and "FAIL" in line)
    assert "本版本缺少模块 juesuan.excel" in line


def test_a_missing_review_report_module_fails_the_selftest_by_name(tmp_path, broken_copy):
    (broken_copy / "juesuan" / "review" / "report.py").unlink()
    result = run_selftest(tmp_path, pythonpath=broken_copy)
    assert str(broken_copy / "juesuan" / "resources") in result.stdout
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "审核报告" in line and "FAIL" in line)
    assert "本版本缺少模块 juesuan.review.report" in line


def test_output_file_holds_the_same_report(tmp_path):
    report = tmp_path / "out" / "selftest.txt"
    result = run_selftest(tmp_path, "--output", str(report))
    text = report.read_text(encoding="utf-8")
    assert text == result.stdout
    assert "结果 / result:" in text


def test_keep_leaves_the_exported_files_for_inspection(tmp_path):
    keep = tmp_path / "kept"
    run_selftest(tmp_path, "--keep", str(keep))
    assert (keep / "自检样例.juesuan").is_file()
    assert (keep / "自检界面.png").stat().st_size > 1000


def test_bad_option_is_a_clear_error(tmp_path):
    result = run_selftest(tmp_path, "--bogus")
    assert result.returncode == 2
    assert "参数错误" in result.stderr and "Traceback" not in result.stderr


def test_version_flag_prints_the_pyproject_version(tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = subprocess.run([PYTHON, "-m", "juesuan", "--version"], capture_output=True, text=True,
                            encoding="utf-8", env=run_env(tmp_path), timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"juesuan {version}"


# -- the steps themselves, in process ------------------------------------------------------------


def test_validation_step_fails_when_the_engine_misses_an_injected_error(tmp_path, monkeypatch, qapp):
    from juesuan.rules.engine import RuleEngine

    ctx = selftest.Context(tmp_path)
    selftest.step_resources(ctx)
    from juesuan.narrative import NarrativeChecker

    monkeypatch.setattr(RuleEngine, "update", lambda self, project, cells=(), tables=(): ([], []))
    monkeypatch.setattr(NarrativeChecker, "update", lambda self, project, cells=(), tables=(): ([], []))
    with pytest.raises(selftest.StepFailed, match="没有被发现"):
        selftest.step_validation(ctx)


def test_qt_step_renders_chinese_text(tmp_path, qapp):
    detail = selftest.step_qt(selftest.Context(tmp_path))
    assert "offscreen" in detail and "中文字体" in detail
    shot = tmp_path / "自检界面.png"
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 500


def test_a_step_depending_on_a_failed_step_says_so(tmp_path):
    with pytest.raises(selftest.StepFailed, match="依赖的步骤“资源文件”没有通过"):
        selftest.step_validation(selftest.Context(tmp_path))


def _fake_excel(monkeypatch, imported_project):
    """Stand-ins for juesuan.excel.export/importer: a real workbook written with openpyxl, and an
    import that returns `imported_project` (to prove the step compares what comes back)."""
    import sys
    import types

    import openpyxl

    def export_workbook(project, path, findings=None):
        book = openpyxl.Workbook()
        book.active.title = "表1"
        book.save(path)
        return path

    export = types.ModuleType("juesuan.excel.export")
    export.export_workbook = export_workbook
    importer = types.ModuleType("juesuan.excel.importer")
    importer.import_workbook = lambda path: types.SimpleNamespace(project=imported_project, report=None)
    monkeypatch.setitem(sys.modules, "juesuan.excel.export", export)
    monkeypatch.setitem(sys.modules, "juesuan.excel.importer", importer)


def test_excel_step_fails_when_the_round_trip_changes_a_value(tmp_path, monkeypatch):
    from decimal import Decimal

    ctx = selftest.Context(tmp_path)
    selftest.step_resources(ctx)
    selftest.step_validation(ctx)
    changed = ctx.values["project"].model_copy(deep=True)
    row = next(iter(changed.tables["表1"].values))
    column = next(iter(changed.tables["表1"].values[row]))
    changed.tables["表1"].values[row][column] += Decimal("0.01")
    _fake_excel(monkeypatch, changed)
    with pytest.raises(selftest.StepFailed, match="表1 的数值不一致"):
        selftest.step_excel(ctx)


def test_excel_step_passes_an_exact_round_trip(tmp_path, monkeypatch):
    ctx = selftest.Context(tmp_path)
    selftest.step_resources(ctx)
    selftest.step_validation(ctx)
    _fake_excel(monkeypatch, ctx.values["project"].model_copy(deep=True))
    assert "读回数值一致" in selftest.step_excel(ctx)


def test_qt_step_fails_without_a_chinese_font(tmp_path, qapp, monkeypatch):
    from PySide6.QtGui import QFontDatabase

    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *args: []))
    with pytest.raises(selftest.StepFailed, match="找不到可显示简体中文的字体"):
        selftest.step_qt(selftest.Context(tmp_path))


def test_review_report_step_fails_when_findings_are_missing_from_the_report(tmp_path, monkeypatch):
    import sys
    import types

    import openpyxl

    def write_report(project, path, findings=None):
        book = openpyxl.Workbook()
        book.active.append(["审核结果"])  # a report that lists nothing
        book.save(path)
        return path

    module = types.ModuleType("juesuan.review.report")
    module.write_report = write_report
    monkeypatch.setitem(sys.modules, "juesuan.review.report", module)
    ctx = selftest.Context(tmp_path)
    selftest.step_resources(ctx)
    selftest.step_validation(ctx)
    assert ctx.values["findings"]
    with pytest.raises(selftest.StepFailed, match="审核报告中缺少规则"):
        selftest.step_review_report(ctx)
