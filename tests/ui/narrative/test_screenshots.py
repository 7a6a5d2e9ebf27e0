"""Screenshots of the two 情况说明 tabs on the 江汉区 sample at 1366×768 and 1093×614, looked at by eye; the
assertions check what a screenshot shows: nothing clipped, the selected finding's words in view."""

from __future__ import annotations

import pytest

SIZES = [(1366, 768), (1093, 614)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_screenshot_text_page_with_a_selected_finding(sample_window, qtbot, artifacts, size):
    window = sample_window
    window.resize(*size)
    [rate] = [f for f in window.document.findings if f.quote == "增长0.06%"]
    assert window.show_finding(rate)
    page = window.narrative.text_page
    qtbot.waitExposed(page)
    qtbot.wait(100)  # let the layouts settle as the event loop would
    assert window.grab().save(str(artifacts / f"narrative-text-{size[0]}x{size[1]}.png"))
    # the selected words are inside the editor's viewport, both panes and every button are visible
    rect = page.editor.cursorRect()
    assert page.editor.viewport().rect().contains(rect)
    for widget in (page.generated, page.editor, page.open_button, page.copy_button, page.regenerate_button):
        assert widget.isVisible() and widget.width() >= min(widget.sizeHint().width(), 200) - 2


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_screenshot_data_page(sample_window, qtbot, artifacts, size):
    window = sample_window
    window.resize(*size)
    page = window.narrative.data_page
    window.tabs.setCurrentWidget(page)
    qtbot.waitExposed(page)
    qtbot.wait(100)
    assert window.grab().save(str(artifacts / f"narrative-data-{size[0]}x{size[1]}.png"))
    assert page.grid.isVisible() and page.reason_grid.isVisible()
    assert page.grid.columnWidth(1) > 120 and page.reason_grid.columnWidth(1) > 120
