"""Cold start: opening the window with a project loads neither openpyxl nor the Excel/review exporters; the
first export does, and works."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers.windows import copy_sample

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from juesuan.ui import MainWindow
window = MainWindow()
window.prompts.save_changes = lambda *a: "discard"
window.show()
assert window.open_path(sys.argv[1])
app.processEvents()
heavy = ("openpyxl", "juesuan.excel.export", "juesuan.excel.importer", "juesuan.review.report",
         "juesuan.review.diff_export")
print("loaded:", ",".join(m for m in heavy if m in sys.modules))
out = Path(sys.argv[2])
window.prompts.workbook_save_path = lambda *a: str(out)
window.findChild(QAction, "action-export-excel").trigger()
print("exported:", out.stat().st_size > 0, "openpyxl" in sys.modules)
window.document.undo_stack.setClean()
"""


def test_window_opens_a_project_without_loading_the_exporters(tmp_path):
    project = copy_sample(tmp_path)
    out = tmp_path / "导出.xlsx"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(project), str(out)], capture_output=True, text=True,
                         encoding="utf-8", env=env, timeout=180)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "loaded: " in lines
    assert "exported: True True" in lines
