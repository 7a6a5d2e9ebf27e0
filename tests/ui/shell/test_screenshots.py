"""Screenshots of every table tab of the sample (100% and 150%), with checks that nothing is clipped."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from juesuan.findings import Cell
from juesuan.ui.tables.view import LONGEST_NAME

TABLES = [f"表{n}" for n in range(1, 10)]


@pytest.mark.parametrize("table", TABLES)
def test_screenshot_each_table_tab(sample_window, qtbot, artifacts, table):
    window = sample_window
    page = window.page(table)
    window.tabs.setCurrentWidget(page)
    qtbot.waitExposed(page.view)
    header = page.view.horizontalHeader()
    heights = header.line_heights()
    metrics = QFontMetrics(header.font())
    tops = [sum(heights[:i]) for i in range(len(heights) + 1)]
    # no clipped header: every merged cell has room for its wrapped text
    for node in header.nodes:
        width = sum(header.sectionSize(s) for s in range(node.first, node.last + 1)) - 8
        need = metrics.boundingRect(QRect(0, 0, width, 10000), int(Qt.AlignCenter | Qt.TextWordWrap), node.text).height()
        assert tops[node.bottom + 1] - tops[node.top] >= need, node
    assert header.height() >= sum(heights)
    # label columns fit their text
    model = page.model
    view_metrics = page.view.fontMetrics()
    for c, column in enumerate(model.grid.columns):
        if column.kind != "label":
            continue
        texts = [model.index(r, c).data(Qt.DisplayRole) or "" for r in range(model.rowCount())
                 if page.view.columnSpan(r, c) == 1]
        if model.template.is_subject and column.index == 1:
            texts.append(LONGEST_NAME)
        widest = max((view_metrics.horizontalAdvance(t) for t in texts), default=0)
        assert page.view.columnWidth(c) >= widest + 6, (table, column.label)
    if table == "表3":  # show a live mark in the picture
        window.document.set_cell(Cell("表3", "2010301", "2"), __import__("decimal").Decimal("700"))
    path = artifacts / f"sample-{table}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_screenshot_at_150_percent_on_1366x768(sample_path, artifacts):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5"}
    for table in ("表3", "表4"):
        out = artifacts / f"sample-150pct-{table}.png"
        code = (
            "import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
            "from juesuan.ui.shell.app import apply_cjk_font; apply_cjk_font(app);"
            "from juesuan.ui import MainWindow; w = MainWindow(); w.open_path(sys.argv[1]);"
            "w.tabs.setCurrentWidget(w.page(sys.argv[3])); w.resize(int(1366/1.5), int(768/1.5)); w.show();"
            "[app.processEvents() for _ in range(5)];"
            "v = w.page(sys.argv[3]).view; v.horizontalScrollBar().setValue(v.horizontalScrollBar().maximum());"
            "app.processEvents(); ok = w.grab().save(sys.argv[2]);"
            "w.document.undo_stack.setClean(); print(v.frozen.isVisible(), v.horizontalScrollBar().maximum() > 0); sys.exit(0 if ok else 3)"
        )
        run = subprocess.run([sys.executable, "-c", code, str(sample_path), str(out), table],
                             capture_output=True, text=True, timeout=120, env=env)
        assert run.returncode == 0, run.stderr
        assert out.stat().st_size > 10_000
        frozen_visible, scrolled = run.stdout.split()
        assert frozen_visible == "True"  # label columns stay while the wide table scrolls
