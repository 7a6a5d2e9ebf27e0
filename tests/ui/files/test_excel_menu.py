"""Acceptance: 文件 → 导出 Excel… writes a workbook that a second reader (openpyxl) re-reads with every value and
the window's findings; 文件 → 导入 Excel… opens it as a new unsaved project identical to the one exported."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from PySide6.QtGui import QAction

from juesuan import projectfile
from juesuan.excel.layout import FINDINGS_SHEET
from juesuan.findings import Cell
from juesuan.recovery import RecoveryStore

from .helpers import type_into

EDITED = Cell("表9", "1", "2")


def file_menu_texts(window) -> list[str]:  # noqa: ANN001
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("文件"))
    return [a.text() for a in menu.actions()]


def test_export_then_import_from_the_menu(qtbot, tmp_path, project_file, make_window, recovery_dir):
    window, answers = make_window()
    texts = file_menu_texts(window)
    assert texts.index("导出 Excel(&E)…") == texts.index("另存为(&A)…") + 2  # after a separator
    assert texts.index("导入 Excel(&I)…") == texts.index("导出 Excel(&E)…") + 1
    assert window.open_path(project_file)
    type_into(window, EDITED, "1.23")  # an unsaved edit is exported as shown
    project = window.document.project.model_copy(deep=True)
    findings = window.document.findings

    # export (the save dialog answered by the test)
    workbook = tmp_path / "导出" / "江汉区2022.xlsx"
    workbook.parent.mkdir()
    answers.workbook_save_answer = str(workbook)
    window.findChild(QAction, "action-export-excel").trigger()
    assert answers.last("workbook_save_path").endswith("江汉区2022.xlsx")  # suggested beside the project
    assert "已导出 江汉区2022.xlsx" in window.statusBar().currentMessage()

    # a second reader sees every value of every table, and one row per finding
    book = openpyxl.load_workbook(workbook, data_only=True)
    for table_id, data in project.tables.items():
        sheet = book[table_id]
        shown = sorted(Decimal(repr(c.value)) for row in sheet.iter_rows() for c in row
                       if isinstance(c.value, (int, float)) and not isinstance(c.value, bool))
        assert shown == sorted(v for r in data.values.values() for v in r.values()), table_id
    assert Decimal("1.23") in [Decimal(repr(c.value)) for row in book["表9"].iter_rows() for c in row
                               if isinstance(c.value, (int, float))]
    messages = {str(c.value) for row in book[FINDINGS_SHEET].iter_rows() for c in row if c.value}
    assert findings and all(f.message in messages for f in findings)

    # import: the unsaved changes are asked about first, then the workbook opens as a new unsaved project
    answers.workbook_answer = str(workbook)
    answers.save_answer = "discard"
    window.findChild(QAction, "action-import-excel").trigger()
    assert answers.kinds()[-3:] == ["workbook_path", "save_changes", "import_report"]
    assert window.document.project == project  # identical, down to the edit
    assert window.document.path is None and window.isWindowModified()
    assert window.windowTitle().startswith("未命名[*]")
    assert answers.report[0].startswith("导入 江汉区2022.xlsx（本软件导出的工作簿") and len(answers.report) > 9
    assert window.files.session.lock is None
    # the discarded project's file is free again and unchanged; the imported one is autosaved
    assert projectfile.load(project_file).value("表9", "1", "2") != Decimal("1.23")
    qtbot.waitUntil(lambda: len(RecoveryStore(recovery_dir).entries(include_live=True)) == 1, timeout=3000)
    [entry] = RecoveryStore(recovery_dir).entries(include_live=True)
    assert entry.original is None and RecoveryStore(recovery_dir).restore(entry) == project


def test_import_of_a_bad_workbook_is_refused_and_changes_nothing(tmp_path, project_file, make_window):
    window, answers = make_window()
    assert window.open_path(project_file)
    type_into(window, EDITED, "2")
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    answers.workbook_answer = str(bad)
    window.findChild(QAction, "action-import-excel").trigger()
    assert answers.kinds()[-1] == "error" and "坏.xlsx" in answers.last("error")
    assert "save_changes" not in answers.kinds()
    assert window.document.path == project_file and window.document.value(EDITED) == Decimal("2")


def test_export_failure_is_explained(tmp_path, make_window):
    window, answers = make_window()
    answers.workbook_save_answer = str(tmp_path / "没有这个文件夹" / "x.xlsx")
    assert window.files.excel.export() is False
    assert "无法导出到" in answers.last("error") and "x.xlsx" in answers.last("error")


def test_the_real_import_report_over_the_window(qtbot, tmp_path, sample_project, make_window, artifacts):
    from juesuan.excel.export import export_workbook
    from juesuan.ui.files.prompts import ImportReportDialog
    from juesuan.ui.shell.prompts import Prompts

    from .helpers import click, grab_over, when_modal

    workbook = tmp_path / "江汉区2022.xlsx"
    export_workbook(sample_project, workbook)
    window, answers = make_window()
    window.prompts.import_report = Prompts().import_report
    answers.workbook_answer = str(workbook)
    seen = {}

    def look(dialog):  # noqa: ANN001
        assert isinstance(dialog, ImportReportDialog)
        seen["text"] = dialog.text.toPlainText()
        assert grab_over(window, dialog, artifacts / "window-import-report.png")
        click(dialog, "确定")

    when_modal(look)
    assert window.files.excel.import_()
    assert seen["text"].startswith("导入 江汉区2022.xlsx") and "表9" in seen["text"]
    assert window.document.project == sample_project
    window.document.undo_stack.setClean()
