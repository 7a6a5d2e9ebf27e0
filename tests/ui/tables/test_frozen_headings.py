"""A heading that spans the frozen edge (收入 of 表1/表4, 人员经费 of 表6) is one cell: the edge line stops under it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from juesuan.ui.tables.header import EDGE_COLOUR


@pytest.mark.parametrize(("table", "heading"), [("表1", "收入"), ("表4", "收入"), ("表6", "人员经费")])
def test_spanning_heading_is_not_cut_by_the_frozen_edge(sample_window, qtbot, table, heading):
    window = sample_window
    window.resize(1093, 614)
    page = window.page(table)
    window.tabs.setCurrentWidget(page)
    qtbot.waitExposed(page.view)
    frozen = page.view.frozen
    header = frozen.horizontalHeader()
    node = next(n for n in header.nodes if n.text == heading)
    assert node.first < frozen.count <= node.last  # the heading does cross the edge
    tops = [sum(header.line_heights()[:i]) for i in range(header.lines + 1)]
    image = frozen.grab().toImage()  # the overlay as drawn: its own frame, header and rows
    edge = header.frozen_edge() - 1
    origin = header.mapTo(frozen, header.rect().topLeft())

    def colour(line: int) -> QColor:
        return QColor(image.pixel(origin.x() + edge, origin.y() + (tops[line] + tops[line + 1]) // 2))

    assert colour(node.top) != EDGE_COLOUR, "the frozen edge cuts through the heading"
    below = node.bottom + 1
    assert colour(below) == EDGE_COLOUR  # under the heading the label columns are marked off as before
    body = frozen.viewport().grab().toImage()
    assert QColor(body.pixel(frozen.viewport().width() - 1, 5)) == EDGE_COLOUR
