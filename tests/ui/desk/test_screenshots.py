"""Screenshots of the 批量审核 and 汇总 dialogs and of a 汇总 cell's provenance tooltip at 1366×768 and 1093×614,
looked at by eye; the checks here are that nothing is clipped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QToolTip

from .conftest import button
from .test_batch_dialog import open_batch, set_jobs
from .test_merge_dialog import RECEPTION, hover, merge_three

SIZES = [(1366, 768), (1093, 614)]


def _fully_shown(widget) -> None:  # noqa: ANN001
    """Every visible button of the dialog lies inside it and shows its whole text."""
    for child in widget.findChildren(type(button(widget, "desk-close"))):
        if child.isVisible():
            top_left = child.mapTo(widget, QPoint(0, 0))
            assert widget.rect().contains(top_left) and top_left.x() + child.width() <= widget.width(), child.text()
            assert child.fontMetrics().horizontalAdvance(child.text()) <= child.width(), child.text()


@pytest.mark.parametrize("size", SIZES)
def test_screenshot_batch_dialog(window, answers, inbox, qtbot, artifacts, size):
    dialog = open_batch(window, qtbot)
    dialog.resize(*size)
    answers.folder = str(inbox)
    qtbot.mouseClick(button(dialog, "desk-add-folder"), Qt.LeftButton)
    set_jobs(qtbot, dialog, 1)
    qtbot.mouseClick(button(dialog, "desk-start"), Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.batch is not None and not dialog.running, timeout=120_000)
    qtbot.waitUntil(lambda: button(dialog, "desk-export").isEnabled())
    dialog.table.selectRow(0)
    qtbot.wait(50)
    assert dialog.grab().save(str(artifacts / f"desk-batch-{size[0]}x{size[1]}.png"))
    _fully_shown(dialog)
    assert dialog.table.viewport().height() >= dialog.table.rowHeight(0) * 4  # every row of the batch is visible


@pytest.mark.parametrize("size", SIZES)
def test_screenshot_merge_dialog_and_provenance_tooltip(window, answers, qtbot, tmp_path, artifacts, size):
    window.resize(*size)
    dialog, _files, _adjust = merge_three(window, answers, qtbot, tmp_path)
    dialog.resize(min(size[0], 900), min(size[1], 600))
    qtbot.wait(50)
    assert dialog.grab().save(str(artifacts / f"desk-merge-{size[0]}x{size[1]}.png"))
    _fully_shown(dialog)
    dialog.close()

    page = window.page("表9")
    window.tabs.setCurrentWidget(page)
    qtbot.wait(50)
    text = hover(qtbot, page.view, RECEPTION)
    assert "来源：" in text
    tip = next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible())
    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(window.mapFromGlobal(tip.pos()), tip.grab())
    painter.end()
    assert image.save(str(artifacts / f"desk-provenance-tooltip-{size[0]}x{size[1]}.png"))
    QToolTip.hideText()
