"""工具 → 批量审核… through the real dialog: a real batch of sample copies in worker processes, sorting by a header
click, a double-click that opens the file in review mode, the summary workbook read back; 取消 writes nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import openpyxl
import pytest
from helpers.windows import copy_sample
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from juesuan import projectfile
from juesuan.desk import batch as batch_module
from juesuan.desk.summary import FILES_SHEET, FINDINGS_SHEET
from juesuan.ui.desk.batch_model import ERRORS, FILE, OUTCOME, UNIT, WARNINGS
from juesuan.validation import rulebook

from .conftest import button


def open_batch(window, qtbot):  # noqa: ANN001, ANN201
    window.findChild(QAction, "action-batch-check").trigger()
    dialog = window.findChild(QDialog, "dialog-批量审核")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


def set_jobs(qtbot, dialog, jobs: int) -> None:  # noqa: ANN001
    editor = dialog.jobs.lineEdit()
    qtbot.mouseClick(editor, Qt.LeftButton)
    qtbot.keyClick(editor, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(editor, str(jobs))
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert dialog.jobs.value() == jobs


def column(dialog, col: int) -> list[str]:  # noqa: ANN001
    proxy = dialog.table.model()
    return [proxy.index(row, col).data() for row in range(proxy.rowCount())]


def click_header(qtbot, dialog, col: int) -> None:  # noqa: ANN001
    header = dialog.table.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))


def double_click_row(qtbot, dialog, row: int) -> None:  # noqa: ANN001
    index = dialog.table.model().index(row, UNIT)
    center = dialog.table.visualRect(index).center()
    viewport = dialog.table.viewport()
    qtbot.mouseClick(viewport, Qt.LeftButton, pos=center)
    qtbot.mouseDClick(viewport, Qt.LeftButton, pos=center)


def expected_counts(path: Path) -> tuple[int, int] | None:
    """(errors, warnings) of a file as the core checks it alone; None when it cannot be read."""
    try:
        project = projectfile.load(path)
    except Exception:  # noqa: BLE001 - the truncated file
        return None
    findings = rulebook(project.layout).check(project)
    return sum(f.severity == "error" for f in findings), sum(f.severity == "warning" for f in findings)


def test_batch_in_worker_processes_sort_open_for_review_and_export(window, answers, inbox, tmp_path, qtbot):
    dialog = open_batch(window, qtbot)
    assert not button(dialog, "desk-start").isEnabled()  # nothing chosen yet
    answers.folder = str(inbox)
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    set_jobs(qtbot, dialog, 2)
    qtbot.mouseClick(button(dialog, "desk-start"), Qt.LeftButton)
    assert not button(dialog, "desk-add-folder").isEnabled()  # the sources are fixed while it runs
    qtbot.waitUntil(lambda: dialog.batch is not None and not dialog.running, timeout=180_000)
    qtbot.waitUntil(lambda: button(dialog, "desk-export").isEnabled())

    files = sorted(p for p in inbox.rglob("*.juesuan"))
    assert dialog.progress.value() == dialog.progress.maximum() == len(files) == 4
    assert not dialog.batch.cancelled
    shown = {Path(path): (int(e) if e else None, int(w) if w else None, outcome)
             for path, e, w, outcome in zip(column(dialog, FILE), column(dialog, ERRORS), column(dialog, WARNINGS),
                                            column(dialog, OUTCOME))}
    assert set(shown) == set(files)
    for path in files:
        counts = expected_counts(path)
        if counts is None:
            assert shown[path] == (None, None, "无法读取"), path
        else:
            assert shown[path][:2] == counts, path
            assert shown[path][2] == ("有错误" if counts[0] else "通过"), path
    assert "无法读取 1 个" in dialog.message.text()

    # sorting: a click on 错误 sorts by the number (unreadable last), a second click reverses it
    click_header(qtbot, dialog, ERRORS)
    errors = column(dialog, ERRORS)
    readable = [int(e) for e in errors if e]
    assert readable == sorted(readable) and len(set(readable)) > 1 and errors[-1] == ""
    click_header(qtbot, dialog, ERRORS)
    readable_desc = [int(e) for e in column(dialog, ERRORS) if e]
    assert readable_desc == sorted(readable, reverse=True)

    # double-click on the truncated file: a message, the window keeps its project
    names = [Path(p).name for p in column(dialog, FILE)]
    double_click_row(qtbot, dialog, names.index("截断.juesuan"))
    assert answers.kinds()[-1] == "error" and window.document.path is None
    # double-click on 荷塘: it opens in review mode, data read-only
    double_click_row(qtbot, dialog, names.index("hetang-2022.juesuan"))
    assert window.document.path == inbox / "hetang-2022.juesuan"
    assert window.review.review_mode and window.document.read_only_reason
    assert window.document.project.unit.name == column(dialog, UNIT)[names.index("hetang-2022.juesuan")]

    # 导出汇总表…: one row per file, one row per finding, read back by openpyxl
    out = tmp_path / "报告" / "审核汇总.xlsx"
    out.parent.mkdir()
    answers.export = str(out)
    qtbot.mouseClick(button(dialog, "desk-export"), Qt.LeftButton)
    assert answers.texts("export_path") == [str(inbox / "审核汇总.xlsx")]
    assert "已写入汇总表" in dialog.message.text()
    book = openpyxl.load_workbook(out)
    rows = list(book[FILES_SHEET].iter_rows(min_row=3, values_only=True))
    assert {Path(r[12]): r[5] for r in rows} == {p: (shown[p][0]) for p in files}
    total = sum(c[0] + c[1] for c in (expected_counts(p) for p in files) if c)
    findings = list(book[FINDINGS_SHEET].iter_rows(min_row=2, values_only=True))
    assert len([f for f in findings if f[3] in ("错误", "提示")]) == total
    qtbot.mouseClick(button(dialog, "desk-close"), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.desk.batch_dialog is None)


@pytest.fixture
def gated(monkeypatch):  # noqa: ANN201
    """check_file that lets the first file through and holds each later one until the batch is cancelled, so that
    取消 always comes while files remain (the real check runs; only its timing is held)."""
    real = batch_module.check_file
    released = threading.Event()
    state = {"calls": 0, "thread": None, "released": released}

    def check(path: str):  # noqa: ANN202
        state["calls"] += 1
        if state["calls"] > 1:
            deadline = time.monotonic() + 60
            while not released.is_set() and time.monotonic() < deadline:
                thread = state["thread"]
                if thread is not None and thread.cancelled:
                    break
                time.sleep(0.01)
        return real(path)

    monkeypatch.setattr(batch_module, "check_file", check)
    yield state
    released.set()


def test_cancel_keeps_what_was_checked_and_writes_nothing(window, answers, tmp_path, qtbot, gated):
    folder = tmp_path / "收件"
    for i in range(6):
        copy_sample(folder, as_name=f"单位{i}.juesuan")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    dialog = open_batch(window, qtbot)
    answers.folder = str(folder)
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    set_jobs(qtbot, dialog, 1)  # in this process, where the gate holds the second file
    qtbot.mouseClick(button(dialog, "desk-start"), Qt.LeftButton)
    gated["thread"] = dialog.thread_
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=60_000)
    assert button(dialog, "desk-cancel").isEnabled() and not button(dialog, "desk-export").isEnabled()
    qtbot.mouseClick(button(dialog, "desk-cancel"), Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.batch is not None and not dialog.running, timeout=60_000)

    assert dialog.batch.cancelled and dialog.batch.total == 6
    assert 1 <= len(dialog.batch.results) < 6 and dialog.model.rowCount() == len(dialog.batch.results)
    assert "已取消" in dialog.message.text() and "没有生成汇总表" in dialog.message.text()
    qtbot.waitUntil(lambda: not button(dialog, "desk-cancel").isEnabled())
    assert not button(dialog, "desk-export").isEnabled()
    dialog.export()  # even asked directly, a cancelled batch has no summary
    assert answers.kinds()[-1] == "error" and "export_path" not in answers.kinds()
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # no summary, no partial file, the units untouched

    # 开始审核 again (nothing held now) checks every file, and the summary can then be exported
    gated["released"].set()
    qtbot.mouseClick(button(dialog, "desk-start"), Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.batch is not None and not dialog.running, timeout=120_000)
    assert not dialog.batch.cancelled and dialog.model.rowCount() == 6
    qtbot.waitUntil(lambda: button(dialog, "desk-export").isEnabled())


def test_closing_while_running_stops_the_batch(window, answers, tmp_path, qtbot, gated):
    folder = tmp_path / "收件"
    for i in range(4):
        copy_sample(folder, as_name=f"单位{i}.juesuan")
    dialog = open_batch(window, qtbot)
    answers.folder = str(folder)
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    set_jobs(qtbot, dialog, 1)
    qtbot.mouseClick(button(dialog, "desk-start"), Qt.LeftButton)
    thread = dialog.thread_
    gated["thread"] = thread
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=60_000)
    qtbot.mouseClick(button(dialog, "desk-close"), Qt.LeftButton)
    assert thread.isFinished() and thread.runner.cancelled and thread.cancelled
    assert thread.result is not None and thread.result.cancelled
    qtbot.waitUntil(lambda: window.desk.batch_dialog is None)
    assert not [p for p in tmp_path.rglob("*.xlsx")]


def test_closing_the_window_stops_a_running_batch(window, answers, tmp_path, qtbot, gated):
    folder = tmp_path / "收件"
    for i in range(3):
        copy_sample(folder, as_name=f"单位{i}.juesuan")
    dialog = open_batch(window, qtbot)
    answers.folder = str(folder)
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    set_jobs(qtbot, dialog, 1)
    qtbot.mouseClick(button(dialog, "desk-start"), Qt.LeftButton)
    thread = dialog.thread_
    gated["thread"] = thread
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=60_000)
    assert window.close()
    assert thread.isFinished() and thread.cancelled and not dialog.isVisible()
