"""The window: title and modified mark, Save/Discard/Cancel, open errors, save, recent files, drop, launch."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QTimer, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView

from juesuan import projectfile
from juesuan.findings import Cell
from juesuan.ui import MainWindow
from juesuan.ui.shell.prompts import Prompts

from ..helpers import type_into

TABS = ["表1 收支总表", "表2 收入", "表3 支出", "表4 财拨总表", "表5 一般公共预算", "表6 基本支出", "表7 政府性基金",
        "表8 国有资本", "表9 三公", "自评", "说明", "说明数据", "公开", "图表"]


def test_constructs_without_arguments_with_hooks(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == TABS
    for n in range(1, 10):
        assert isinstance(window.findChild(QTableView, f"view-表{n}"), QTableView)
    assert isinstance(window.findChild(QTableView, "issues-panel"), QTableView)
    assert window.undo_stack is window.document.undo_stack
    assert window.windowTitle() == "未命名[*] - 决算与绩效自评填报审核工具"


def test_title_shows_file_and_modified_mark(sample_window, qtbot, sample_path):
    window = sample_window
    assert window.windowTitle() == f"{sample_path.name}[*] - 决算与绩效自评填报审核工具"
    assert not window.isWindowModified()
    page = window.page("表1")
    assert page.title.text() == "2022年度收入支出决算总表（表1）"
    assert page.unit.text() == "部门：武汉市江汉区人民政府办公室" and page.money_unit.text() == "单位：万元"
    assert "27行=（1+2+3+4+5+6+7+8）行" in page.notes.text()
    type_into(qtbot, page.view, Cell("表1", "4", "1"), "1")
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert not window.isWindowModified()


def test_close_asks_save_discard_cancel(window, qtbot, answers, tmp_path):
    window.document.set_cell(Cell("表9", "1", "2"), Decimal("1"))
    answers.save_answer = "cancel"
    assert window.close() is False and window.isVisible()
    assert answers.kinds()[-1] == "save_changes"
    answers.save_answer = "save"
    answers.save_path_answer = None  # the save dialog is cancelled: stay open
    assert window.close() is False
    target = tmp_path / "新项目.juesuan"
    answers.save_path_answer = str(target)
    assert window.close() is True
    assert projectfile.load(target).value("表9", "1", "2") == Decimal("1")


def test_discard_on_open_and_real_dialog_has_chinese_buttons(window, qtbot, sample_path):
    window.document.set_cell(Cell("表9", "1", "2"), Decimal("1"))
    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["text"] = box.text()
        discard = next(b for b in box.buttons() if b.text() == "不保存")
        QTest.mouseClick(discard, Qt.LeftButton)

    window.prompts.save_changes = Prompts().save_changes  # the real message box
    QTimer.singleShot(0, answer)
    assert window.open_path(sample_path)
    assert seen["buttons"] == ["不保存", "保存", "取消"] and "未命名" in seen["text"]
    assert window.document.value(Cell("表9", "1", "2")) is None  # the sample's value
    assert window.document.path == sample_path


def test_open_error_is_shown_and_nothing_is_lost(sample_window, qtbot, answers, tmp_path):
    window = sample_window
    window.document.set_cell(Cell("表9", "1", "2"), Decimal("3"))
    broken = tmp_path / "损坏.juesuan"
    broken.write_bytes(b'{"format": "juesuan-project", "schema_version": 1, ')
    answers.save_answer = "discard"
    assert window.open_path(broken) is False
    kind, text = answers.asked[-1]
    assert kind == "error" and "损坏.juesuan 已损坏" in text
    # the open document is untouched (discarding happens only when the new file loads)
    assert window.document.value(Cell("表9", "1", "2")) == Decimal("3")
    assert window.document.path is not None and window.document.path.name == "jianghan-2022.juesuan"


def test_save_as_save_and_recent_files(sample_window, qtbot, answers, tmp_path):
    window = sample_window
    page = window.page("表3")
    type_into(qtbot, page.view, Cell("表3", "2010302", "4"), "8.88")
    target = tmp_path / "江汉.juesuan"
    answers.save_path_answer = str(target)
    assert window.files.save_as()
    assert not window.isWindowModified() and window.windowTitle().startswith("江汉.juesuan[*]")
    assert projectfile.load(target).value("表3", "2010302", "4") == Decimal("8.88")
    type_into(qtbot, page.view, Cell("表3", "2010302", "5"), "1")
    QTest.keyClick(page.view, Qt.Key_S, Qt.ControlModifier)
    assert projectfile.load(target).value("表3", "2010302", "5") == Decimal("1")
    assert window.files.recent()[0] == str(target.resolve())
    window.recent_menu.aboutToShow.emit()
    assert str(target.resolve()) in [a.text() for a in window.recent_menu.actions()]


def test_save_failure_keeps_changes(sample_window, answers, tmp_path):
    window = sample_window
    window.document.set_cell(Cell("表9", "1", "2"), Decimal("2"))
    answers.save_path_answer = str(tmp_path / "no-such-folder" / "x.juesuan")
    assert window.files.save_as() is False
    assert answers.kinds()[-1] == "error" and window.isWindowModified()


def test_drop_a_project_file_opens_it(window, qtbot, sample_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.document.path == sample_path
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile("/tmp/table.xlsx")])
    refused = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, other, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_new_project_asks_then_empties(sample_window, answers):
    window = sample_window
    window.document.set_cell(Cell("表9", "1", "2"), Decimal("2"))
    answers.save_answer = "discard"
    assert window.files.new()
    assert window.document.path is None and window.page("表3").model.rowCount() == 1
    assert window.windowTitle() == "未命名[*] - 决算与绩效自评填报审核工具"


def test_python_m_juesuan_opens_the_window_headless(sample_path, artifacts):
    out = artifacts / "launch-sample.png"
    out.unlink(missing_ok=True)
    run = subprocess.run([sys.executable, "-m", "juesuan", str(sample_path), "--screenshot", str(out)],
                         capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert out.stat().st_size > 10_000
    bad = subprocess.run([sys.executable, "-m", "juesuan", str(Path(artifacts) / "missing.juesuan"),
                          "--screenshot", str(artifacts / "launch-missing.png")],
                         capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert bad.returncode == 2 and "找不到文件" in bad.stderr and "Traceback" not in bad.stderr
