"""A laptop screen (1366×768 at 125 % = 1093×614): short tabs, every tab reachable from the keyboard, the window's
minimum width, the collapsible issues dock and its remembered height, undo/redo selecting their cells."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView, QToolButton

from helpers.windows import nothing_to_ask, open_sample, show_window
from juesuan.findings import Cell
from juesuan.templates import load_layout

from ..helpers import goto, type_into

LAPTOP = (1093, 614)


def _grid(window, table: str) -> QTableView:  # noqa: ANN001
    return window.findChild(QTableView, f"view-{table}")


def test_short_tab_labels_come_from_the_templates_with_the_printed_title_as_tooltip(sample_window):
    window = sample_window
    layout = load_layout("2022")
    for template in layout.tables:
        assert template.short_title, template.id  # every table has one in its .toml
        index = window.tabs.indexOf(window.page(template.id))
        assert window.tabs.tabText(index) == f"{template.id} {template.short_title}"
        assert window.tabs.tabToolTip(index) == template.printed_title(window.document.project.year)
        assert window.page(template.id).title.text() == template.printed_title(window.document.project.year)
    assert window.tabs.tabText(window.tabs.indexOf(window.selfeval)) == "自评"


def test_window_fits_a_laptop_and_every_tab_is_reachable(sample_window, qtbot):
    window = sample_window
    window.resize(*LAPTOP)
    qtbot.waitUntil(lambda: window.width() == LAPTOP[0])
    assert window.minimumSizeHint().width() <= 1024
    bar = window.tabs.tabBar()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        page = window.tabs.currentWidget()
        assert page.minimumSizeHint().width() <= window.tabs.width(), window.tabs.tabText(i)
        # every label is shown whole: the tab bar does not need its scroll arrows at 1093 px
        assert bar.tabRect(i).right() <= bar.width(), window.tabs.tabText(i)
    assert window.width() == LAPTOP[0]


def test_ctrl_pgdn_pgup_and_ctrl_tab_switch_tables_from_inside_the_grid(sample_window, qtbot):
    window = sample_window
    view = _grid(window, "表1")
    window.tabs.setCurrentWidget(window.page("表1"))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    QTest.keyClick(view, Qt.Key_PageDown, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.page("表2")
    grid2 = _grid(window, "表2")
    assert grid2.hasFocus()  # the next table takes the keyboard at once
    QTest.keyClick(grid2, Qt.Key_Tab, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.page("表3")
    QTest.keyClick(_grid(window, "表3"), Qt.Key_PageUp, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.page("表2")
    QTest.keyClick(grid2, Qt.Key_Backtab, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.tabs.currentWidget() is window.page("表1")
    QTest.keyClick(view, Qt.Key_PageUp, Qt.ControlModifier)  # wraps round to the last tab
    last = window.tabs.widget(window.tabs.count() - 1)
    assert window.tabs.currentWidget() is last
    QTest.keyClick(last, Qt.Key_PageDown, Qt.ControlModifier)
    assert window.tabs.currentWidget() is window.page("表1")
    # plain Tab still moves between cells
    index = goto(view, Cell("表1", "1", "1"))
    QTest.keyClick(view, Qt.Key_Tab)
    assert view.currentIndex().column() == index.column() + 1 and window.tabs.currentWidget() is window.page("表1")


def test_undo_and_redo_show_and_select_the_cells_they_change(sample_window, qtbot):
    window = sample_window
    page3 = window.page("表3")
    window.tabs.setCurrentWidget(page3)
    cell = Cell("表3", "2010301", "2")
    type_into(qtbot, page3.view, cell, "700")
    assert window.document.value(cell) == Decimal("700")
    window.tabs.setCurrentWidget(window.page("表1"))
    view1 = _grid(window, "表1")
    view1.setFocus()
    goto(view1, Cell("表1", "1", "1"))
    QTest.keyClick(view1, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.value(cell) != Decimal("700")
    assert window.tabs.currentWidget() is page3
    current = page3.view.currentIndex()
    assert page3.model.cell_at(current) == cell
    assert [page3.model.cell_at(i) for i in page3.view.selectedIndexes()] == [cell]
    goto(page3.view, Cell("表3", "2010301", "1"))
    window.tabs.setCurrentWidget(window.page("表9"))
    QTest.keyClick(_grid(window, "表9"), Qt.Key_Y, Qt.ControlModifier)
    assert window.document.value(cell) == Decimal("700")
    assert window.tabs.currentWidget() is page3 and page3.model.cell_at(page3.view.currentIndex()) == cell


def test_a_new_edit_does_not_jump_the_selection(sample_window, qtbot):
    window = sample_window
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    type_into(qtbot, page.view, Cell("表3", "2010301", "2"), "700")
    # Enter moved down one row after the commit; the push of the edit did not pull the cursor back
    assert page.model.cell_at(page.view.currentIndex()) != Cell("表3", "2010301", "2")


def test_issues_dock_collapses_with_f12_and_remembers_its_height(qtbot, answers, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    window = show_window(qtbot, answers, settings)
    window.resize(*LAPTOP)
    open_sample(window, tmp_path / "a")
    dock = window.issues
    qtbot.waitUntil(lambda: dock.height() > dock.collapsed_height())
    window.resizeDocks([dock], [230], Qt.Vertical)
    qtbot.waitUntil(lambda: abs(dock.height() - 230) <= 2)
    tables_before = window.tabs.height()
    window.page("表1").view.setFocus()
    QTest.keyClick(window.page("表1").view, Qt.Key_F12)
    qtbot.waitUntil(lambda: dock.height() <= dock.collapsed_height())
    assert dock.collapsed and not dock.view.isVisible() and dock.counts.isVisible()
    assert window.tabs.height() > tables_before + 100  # the tables got the room
    qtbot.mouseClick(dock.collapse_button, Qt.LeftButton)  # open again at the height it had
    qtbot.waitUntil(lambda: abs(dock.height() - 230) <= 2)
    assert not dock.collapsed and dock.view.isVisible()
    window.resizeDocks([dock], [180], Qt.Vertical)
    qtbot.waitUntil(lambda: abs(dock.height() - 180) <= 2)
    nothing_to_ask(window)
    assert window.close()
    settings.sync()
    again = show_window(qtbot, answers, QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    again.resize(*LAPTOP)
    qtbot.waitUntil(lambda: abs(again.issues.height() - 180) <= 2)
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)  # shortcuts go to the active window
    again.page("表1").view.setFocus()
    QTest.keyClick(again.page("表1").view, Qt.Key_F12)
    assert again.issues.collapsed
    nothing_to_ask(again)
    assert again.close()
    third = show_window(qtbot, answers, QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    assert third.issues.collapsed  # folded when closed: folded when started
    qtbot.waitUntil(lambda: third.issues.height() <= third.issues.collapsed_height())
    nothing_to_ask(third)


def test_the_newest_finding_is_scrolled_into_view(sample_window, qtbot):
    window = sample_window
    window.resize(*LAPTOP)
    panel = window.issues.view
    qtbot.waitUntil(lambda: panel.isVisible())
    panel.scrollToBottom()  # the findings are sorted: a new 表3 finding lands above the rows in sight
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    before = set(map(id, window.issues.visible_findings()))
    type_into(qtbot, page.view, Cell("表3", "2010301", "2"), "700")
    shown = window.issues.visible_findings()
    new_rows = [r for r, f in enumerate(shown) if id(f) not in before]
    assert new_rows and len(shown) > len(before)
    rect = panel.visualRect(window.issues.proxy.index(new_rows[0], 0))
    assert not panel.viewport().rect().contains(rect.center())  # inserted out of sight …
    qtbot.waitUntil(lambda: panel.viewport().rect().contains(panel.visualRect(
        window.issues.proxy.index(new_rows[0], 0)).center()))  # … and scrolled into view


@pytest.mark.parametrize("size", [(1366, 768), LAPTOP], ids=["1366x768", "1093x614"])
def test_screenshots_of_every_tab(sample_window, qtbot, artifacts, size):
    window = sample_window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QTest.qWait(0)
        name = "自评" if window.tabs.currentWidget() is window.selfeval else window.tabs.tabText(i).split()[0]
        path = artifacts / f"laptop-{size[0]}x{size[1]}-{name}.png"
        assert window.grab().save(str(path))
        assert path.stat().st_size > 10_000


def test_unattended_screenshot_at_laptop_size(sample_path, tmp_path):
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    out = tmp_path / "laptop.png"
    run = subprocess.run([sys.executable, "-m", "juesuan", str(sample_path), "--screenshot", str(out), "--size", "1093x614"],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == LAPTOP
    bad = subprocess.run([sys.executable, "-m", "juesuan", "--screenshot", str(out), "--size", "大"],
                         capture_output=True, text=True, timeout=180)
    assert bad.returncode == 2 and "宽x高" in bad.stderr and "Traceback" not in bad.stderr


def test_all_fourteen_tabs_fit_without_scroll_arrows_at_1093(sample_window, qtbot, artifacts):
    window = sample_window
    bar = window.tabs.tabBar()
    for size in ((1366, 768), LAPTOP):
        window.resize(*size)
        qtbot.waitUntil(lambda size=size: window.width() == size[0])
        window.grab().save(str(artifacts / f"tabs-{size[0]}x{size[1]}.png"))
    assert window.tabs.count() >= 14
    widths = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
    assert widths <= bar.width() <= window.tabs.width(), (widths, bar.width())
    arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
    assert not arrows  # Qt shows its scroll arrows only when the tabs do not fit
    short = {window.narrative.text_page: "情况说明", window.narrative.data_page: "情况说明数据"}
    for page, full in short.items():
        assert window.tabs.tabToolTip(window.tabs.indexOf(page)) == full
    assert window.findChild(type(window.narrative.text_page), "page-情况说明") is window.narrative.text_page
