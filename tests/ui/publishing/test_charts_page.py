"""The 图表 page through the real window: drawn only when shown, redrawn after a data edit only where figures changed,
and looked at in screenshots (1366×768 and 1093×614)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel, QWidget

from juesuan.findings import Cell
from juesuan.publishing.charts import chart_data

from ..helpers import type_into


def show_charts(window, qtbot):  # noqa: ANN001, ANN201
    page = window.findChild(QWidget, "page-图表")
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)
    return page


def test_charts_drawn_when_shown_and_redrawn_where_the_data_changed(sample_window, qtbot, artifacts):
    window = sample_window
    page = window.findChild(QWidget, "page-图表")
    assert page.pictures == {}  # nothing drawn while the page was never shown
    show_charts(window, qtbot)
    expected = chart_data(window.document.project)
    assert len(expected) == 7
    for chart in expected:
        label = page.findChild(QLabel, f"chart-{chart.spec.number}")
        assert label is not None and not label.pixmap().isNull(), chart.spec.caption
        drawn, image = page.pictures[chart.spec.number]
        assert drawn == chart and image.width() > 500
    before = {n: image for n, (_, image) in page.pictures.items()}

    # 事业收入 (表1 第5行) typed in the table: only 图2 收入决算结构 reads it
    table = window.page("表1")
    window.tabs.setCurrentWidget(table)
    type_into(qtbot, table.view, Cell("表1", "5", "1"), "123.45")
    assert window.document.value(Cell("表1", "5", "1")) == Decimal("123.45")
    assert page.stale and page.pictures[2][0] == expected[1]  # not redrawn while hidden
    show_charts(window, qtbot)
    chart, image = page.pictures[2]
    assert "事业收入" in chart.categories
    assert chart.series[0].values[chart.categories.index("事业收入")] == Decimal("123.45")
    assert image is not before[2]
    assert all(page.pictures[n][1] is before[n] for n in before if n != 2)
    window.resize(1366, 768)
    qtbot.wait(50)
    assert window.grab().save(str(artifacts / "publishing-charts-1366x768.png"))
    page.scroll.verticalScrollBar().setValue(page.labels[5].y())
    qtbot.wait(50)
    assert window.grab().save(str(artifacts / "publishing-charts-5-1366x768.png"))
    window.resize(1093, 614)
    qtbot.wait(50)
    assert page.labels[1].pixmap().width() <= page.scroll.viewport().width()  # scaled to the narrower page
    assert window.grab().save(str(artifacts / "publishing-charts-1093x614.png"))
    # undo puts the figure back; the page follows while visible
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)
    qtbot.waitUntil(lambda: page.pictures[2][0] == expected[1], timeout=60_000)
