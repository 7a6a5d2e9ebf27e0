"""Batch check through the command line and the runner: every file a row, hostile files never stop the batch."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from juesuan import cli, projectfile
from juesuan.desk.batch import BatchRunner, discover
from juesuan.desk.summary import SummaryError, write_summary
from juesuan.review import workflow
from juesuan.validation import rulebook

from .conftest import renamed, save, write_hostile

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FIELDS = {"rule", "severity", "cells", "message", "expected", "actual"}


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["check", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def desk(tmp_path, clean, sample_copy) -> dict[str, Path]:
    """A folder as a 财政局 desk receives it: clean, erroneous, damaged and hostile files, and clutter."""
    folder = tmp_path / "收件"
    files = {
        "clean": save(renamed(clean, "=HYPERLINK(\"http://example.com\") 清洁单位"), folder / "清洁.juesuan"),
        "erroneous": shutil.copyfile(sample_copy, folder / "有错误.juesuan"),
    }
    files |= write_hostile(folder / "下级", sample_copy)
    (folder / "清洁.juesuan.bak").write_bytes(files["clean"].read_bytes())
    (folder / "~$假表.xlsx").write_bytes(b"lock")
    (folder / "说明.txt").write_text("不是项目文件", encoding="utf-8")
    return {"folder": folder, **files}


def test_folder_rows_exit_code_and_summary_workbook(tmp_path, capsys, desk, sample_copy):
    out = tmp_path / "汇总表.xlsx"
    code, stdout, _ = _run(capsys, str(desk["folder"]), "--jobs", "2", "--summary", str(out), "--json")
    assert code == 2
    report = json.loads(stdout)
    rows = {Path(f["file"]).name: f for f in report["files"]}
    assert set(rows) == {"清洁.juesuan", "有错误.juesuan", "截断.juesuan", "乱码.juesuan", "假表.xlsx", "炸弹.xlsx"}
    assert report["exit"] == 2 and report["total"] == 6

    clean = rows["清洁.juesuan"]
    assert clean["readable"] and clean["counts"]["errors"] == 0 and clean["status_name"] == "填报中"
    expected = rulebook("2022").check(projectfile.load(sample_copy))
    erroneous = rows["有错误.juesuan"]
    assert erroneous["counts"]["errors"] == sum(1 for f in expected if f.severity == "error") > 0
    assert [i["rule"] for i in erroneous["issues"]] == [f.rule for f in expected]
    # every finding has the fields of `check --json`; 情况说明 findings add the quoted text and its span
    assert all(set(issue) - {"quote", "span"} == FIELDS for issue in erroneous["issues"])
    reasons = {"截断.juesuan": "损坏", "乱码.juesuan": "UTF-8", "假表.xlsx": "不是 Excel 工作簿", "炸弹.xlsx": "压缩炸弹"}
    for name, word in reasons.items():
        row = rows[name]
        assert not row["readable"] and word in row["problem"] and CHINESE.search(row["problem"])
        assert "Traceback" not in row["problem"]

    book = openpyxl.load_workbook(out)
    sheet = book["文件汇总"]
    header = [c.value for c in sheet[2]]
    table = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=3)]
    assert [Path(r["文件"]).name for r in table] == [Path(f["file"]).name for f in report["files"]]
    by_name = {Path(r["文件"]).name: r for r in table}
    assert by_name["清洁.juesuan"]["单位"] == "=HYPERLINK(\"http://example.com\") 清洁单位"
    unit_cell = next(row[1] for row in sheet.iter_rows(min_row=3) if row[1].value and row[1].value.startswith("="))
    assert unit_cell.data_type == "s"  # text, never a formula
    assert by_name["有错误.juesuan"]["错误"] == erroneous["counts"]["errors"]
    assert by_name["炸弹.xlsx"]["结果"] == "无法读取" and "压缩炸弹" in by_name["炸弹.xlsx"]["无法读取的原因"]
    link = next(row[12] for row in sheet.iter_rows(min_row=3) if row[12].value.endswith("有错误.juesuan"))
    assert link.hyperlink.target == desk["erroneous"].resolve().as_uri()
    findings = book["审核结果"]
    assert findings.max_row - 1 == sum(len(f["issues"]) for f in report["files"])


def test_exit_codes_and_text_output(tmp_path, capsys, clean, sample_copy):
    folder = tmp_path / "only-clean"
    save(renamed(clean, "甲单位"), folder / "甲.juesuan")
    save(renamed(clean, "乙单位"), folder / "子" / "乙.juesuan")
    code, stdout, _ = _run(capsys, str(folder), "--jobs", "1")
    assert code == 0
    assert "[通过]" in stdout and "共 2 个文件：通过 2 个，有错误 0 个，无法读取 0 个" in stdout
    code, stdout, _ = _run(capsys, str(folder), str(sample_copy), "--jobs", "1")
    assert code == 1 and "[有错误]" in stdout
    code, stdout, _ = _run(capsys, str(folder), str(tmp_path / "没有这个文件.juesuan"), "--jobs", "1")
    assert code == 2 and "找不到文件" in stdout


def test_status_signoff_and_unexplained_warnings(tmp_path, clean, sample_project):
    preparer, reviewer = workflow.person("张会计", "办公室"), workflow.person("李审核", "财政局")
    def explained_all(project):  # noqa: ANN001, ANN202 - 送审 needs a 说明 on each 提示
        for finding in workflow.unexplained(project, rulebook("2022").check(project)):
            workflow.explain(project, finding, "经核实，情况属实", preparer)
        return project

    submitted = explained_all(renamed(clean, "已提交单位"))
    workflow.submit(submitted, preparer)
    approved = explained_all(renamed(clean, "已通过单位"))
    workflow.submit(approved, preparer)
    for explanation in approved.review.explanations:
        workflow.decide(approved, explanation.id, "accepted", reviewer)
    workflow.sign_off(approved, reviewer)
    changed = approved.model_copy(deep=True)
    changed.unit.name = "已通过单位"
    changed.set_value("表9", "1", "12", changed.value("表9", "1", "12") + 1)
    explained = sample_project.model_copy(deep=True)
    warning = next(f for f in rulebook("2022").check(explained) if f.severity == "warning")
    workflow.explain(explained, warning, "下乡慰问只记次数", preparer)
    files = [save(p, tmp_path / f"{i}.juesuan") for i, p in enumerate((submitted, approved, changed, explained))]

    batch = BatchRunner(files, jobs=1).run()
    rows = batch.results
    assert [r.status_name for r in rows[:3]] == ["已提交", "审核通过", "审核通过"]
    assert [r.signoff for r in rows[:3]] == ["unsigned", "valid", "changed"]
    assert rows[3].unexplained == rows[3].warnings - 1
    assert rows[0].narrative == 0
    out = write_summary(batch, tmp_path / "s.xlsx")
    sheet = openpyxl.load_workbook(out)["文件汇总"]
    assert [sheet.cell(row=r, column=11).value for r in (3, 4, 5)] == ["未签字", "签字有效", "签字后已修改"]


def test_progress_reaches_every_file_in_order_of_completion(tmp_path, clean):
    files = [save(renamed(clean, f"单位{i}"), tmp_path / f"{i}.juesuan") for i in range(5)]
    calls = []
    batch = BatchRunner(files, jobs=2, on_progress=lambda done, total, r: calls.append((done, total, r.unit))).run()
    assert [c[0] for c in calls] == [1, 2, 3, 4, 5] and {c[1] for c in calls} == {5}
    assert sorted(c[2] for c in calls) == sorted(f"单位{i}" for i in range(5))
    assert [r.unit for r in batch.results] == [f"单位{i}" for i in range(5)]  # rows in file order
    assert all(batch.findings_of(r) is not None for r in batch.results)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cancelled_batch_leaves_nothing_half_written(tmp_path, clean, jobs):
    folder = tmp_path / "in"
    files = [save(renamed(clean, f"单位{i}"), folder / f"{i:02d}.juesuan") for i in range(16)]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    runner: BatchRunner

    def progress(done, total, result):
        if done >= 3:
            runner.cancel()

    runner = BatchRunner(files, jobs=jobs, on_progress=progress)
    batch = runner.run()
    assert batch.cancelled and 3 <= len(batch.results) < 16
    with pytest.raises(SummaryError, match="已取消"):
        write_summary(batch, tmp_path / "汇总表.xlsx")
    batch.close()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_interrupted_command_writes_no_summary(tmp_path, capsys, clean, monkeypatch):
    files = [str(save(renamed(clean, f"单位{i}"), tmp_path / f"{i}.juesuan")) for i in range(2)]

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(BatchRunner, "run", interrupted)
    out = tmp_path / "汇总表.xlsx"
    code, _, stderr = _run(capsys, *files, "--summary", str(out))
    assert code == 2 and "已取消" in stderr and not out.exists()


def test_discovery_is_recursive_and_skips_backups_and_lock_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/1.juesuan", "a/b/2.XLSX", "a/b/3.xlsm", "a/1.juesuan.bak", "a/~$2.xlsx", "a/.hidden.juesuan", "a/x.txt"):
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path, tmp_path / "a" / "1.juesuan"])]
    assert found == ["a/1.juesuan", "a/b/2.XLSX", "a/b/3.xlsm"]


def test_single_file_check_keeps_its_output(capsys, sample_copy):
    code, stdout, _ = _run(capsys, str(sample_copy))
    assert code == 1 and stdout.strip().splitlines()[-1].startswith("jianghan-2022.juesuan：共 ")
    code, stdout, _ = _run(capsys, str(sample_copy), "--json")
    assert json.loads(stdout)["file"] == str(sample_copy)


def test_a_worker_killed_mid_batch_costs_no_file(tmp_path, clean):
    import multiprocessing

    files = [save(renamed(clean, f"单位{i}"), tmp_path / f"{i:02d}.juesuan") for i in range(10)]
    killed = []

    def progress(done, total, result):
        if not killed:
            for worker in multiprocessing.active_children():
                worker.kill()
                killed.append(worker.pid)

    batch = BatchRunner(files, jobs=2, on_progress=progress).run()
    assert killed
    assert [r.unit for r in batch.results] == [f"单位{i}" for i in range(10)]
    assert all(r.readable and r.errors == 0 for r in batch.results)


def test_a_bad_catalog_is_refused_before_the_batch(tmp_path, capsys, clean):
    files = [str(save(renamed(clean, f"单位{i}"), tmp_path / f"{i}.juesuan")) for i in range(2)]
    catalog = tmp_path / "科目.csv"
    catalog.write_bytes(b"\xff\xfe\x00bad")
    code, stdout, stderr = _run(capsys, *files, "--catalog", str(catalog))
    assert code == 2 and "科目.csv" in stderr and stdout == ""


def test_a_pool_found_broken_when_submitting_is_replaced(tmp_path, clean, monkeypatch):
    """A worker can die between two waits; the next submit then raises at once. The file waits for a fresh pool
    and the batch goes on (it used to end with BrokenProcessPool)."""
    from concurrent.futures.process import BrokenProcessPool

    from juesuan.desk.batch import BatchRunner as Runner

    files = [save(renamed(clean, f"单位{i}"), tmp_path / f"{i:02d}.juesuan") for i in range(3)]
    real = Runner._executor
    made = []

    class BrokenOnce:
        def submit(self, *args, **kwargs):  # noqa: ANN002, ANN003
            raise BrokenProcessPool("a worker died")

        def shutdown(self, wait=True, cancel_futures=False):  # noqa: ANN001
            pass

    def executor(self):  # noqa: ANN001, ANN202
        made.append(1)
        return BrokenOnce() if len(made) == 1 else real(self)

    monkeypatch.setattr(Runner, "_executor", executor)
    batch = Runner(files, jobs=2).run()
    assert len(made) == 2
    assert [r.unit for r in batch.results] == ["单位0", "单位1", "单位2"]
    assert all(r.readable and r.errors == 0 for r in batch.results)
