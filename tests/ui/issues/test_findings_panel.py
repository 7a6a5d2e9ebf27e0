"""Acceptance: the sample opens with exactly what `juesuan check` reports; the panel filters and navigates."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from juesuan.findings import Cell
from juesuan.ui.issues.panel import FindingRole


def test_sample_opens_with_exactly_the_cli_findings(sample_window, sample_path):
    run = subprocess.run([sys.executable, "-m", "juesuan", "check", str(sample_path), "--json"],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode in (0, 1), run.stderr
    cli = json.loads(run.stdout)["issues"]
    assert cli, "the sample has a real finding (S-NAME 2210202)"
    view = sample_window.findChild(QTableView, "issues-panel")
    model = view.model()
    rows = [model.index(r, 0).data(FindingRole).as_dict() for r in range(model.rowCount())]
    key = lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True)  # noqa: E731
    assert Counter(map(key, rows)) == Counter(map(key, cli))
    assert model.rowCount() == len(cli)
    texts = [[model.index(r, c).data(Qt.DisplayRole) for c in range(4)] for r in range(model.rowCount())]
    name_row = next(t for t in texts if "2210202" in t[3])
    assert name_row[:3] == ["错误", "表3", "表3 2210202 租房补贴 科目名称"]


def test_filters_by_severity_and_table_and_double_click_selects_the_cell(sample_window, qtbot):
    window = sample_window
    document = window.document
    window.page("表9").view.setCurrentIndex(window.page("表9").model.index(0, 0))
    document.set_cell(Cell("表9", "1", "2"), __import__("decimal").Decimal("1.00"))  # 表9 1栏 now off
    document.set_cell(Cell("表6", "30101", "1"), __import__("decimal").Decimal("149.17"))  # a tail in 表6 301
    panel = window.issues
    all_rows = panel.visible_findings()
    assert {f.severity for f in all_rows} >= {"error", "tail"}
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("tail"))
    assert panel.visible_findings() and all(f.severity == "tail" for f in panel.visible_findings())
    panel.severity_filter.setCurrentIndex(0)
    panel.table_filter.setCurrentIndex(panel.table_filter.findData("表9"))
    shown = panel.visible_findings()
    assert shown and all(f.primary.table == "表9" for f in shown)
    assert window.counts.text().startswith("错误 ")

    target = next(f for f in shown if f.rule == "T9-1")
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(FindingRole) == target)
    window.tabs.setCurrentIndex(0)
    index = panel.proxy.index(row, 2)
    rect = panel.view.visualRect(index)
    assert panel.view.viewport().rect().contains(rect.center())
    QTest.mouseClick(panel.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(panel.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    page = window.page("表9")
    assert window.tabs.currentWidget() is page
    assert page.model.cell_at(page.view.currentIndex()) == Cell("表9", "1", "1")
    assert "表9" in window.statusBar().currentMessage()


def test_panel_updates_by_rows_not_by_reset(sample_window, qtbot):
    model = sample_window.issues.model
    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    view = sample_window.page("表3").view
    from ..helpers import type_into

    type_into(qtbot, view, Cell("表3", "2010399", "3"), "1")
    assert inserted and not resets


def test_panel_rows_follow_the_document_order_through_edits_and_undo(sample_window, qtbot):
    """Rows go in and out where the document's sorted findings put them (its exact delta), edit after edit."""
    document = sample_window.document
    model = sample_window.issues.model
    resets: list[int] = []
    removed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    view = sample_window.page("表3").view
    from ..helpers import type_into

    cell = Cell("表3", "2010399", "3")
    original = view.model().index_of(cell).data(Qt.DisplayRole)
    for text in ("1", "2", original or "0"):
        type_into(qtbot, view, cell, text)
        assert model.rows == list(document.findings)
    document.undo_stack.undo()
    assert model.rows == list(document.findings)
    assert removed and not resets
    counts = Counter(f.severity for f in document.findings)
    assert all(model.counts[s] == counts.get(s, 0) for s in model.counts)
