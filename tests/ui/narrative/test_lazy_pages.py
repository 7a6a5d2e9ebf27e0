"""The 情况说明 pages are filled when first shown, not at every open: what they show is still the project that is
open (a second file opened while they were hidden, a 表5 edit and its undo made meanwhile), never a stale one."""

from __future__ import annotations

from decimal import Decimal

from juesuan import projectfile
from juesuan.findings import Cell
from juesuan.narrative import generate
from juesuan.narrative.data import data_fields, data_value, reason_fields

from .test_data_page import data_page
from .test_text_page import text_page


def _second_file(window, tmp_path):  # noqa: ANN001, ANN202
    """The open project with one 表5 决算数 raised by 1,000.00 (different generated text, different reasons)."""
    project = projectfile.load(window.document.path)
    code = next(r.key.removeprefix("budget:") for r in reason_fields(project) if r.key.startswith("budget:"))
    column = next(f.cell.column for f in data_fields(project)
                  if f.cell.table == "年初预算数/表5" and f.cell.row == code)
    project.set_value("表5", code, column, (project.value("表5", code, column) or Decimal(0)) + Decimal("1000.00"))
    path = tmp_path / "second.juesuan"
    projectfile.save(project, path)
    return path, Cell("表5", code, column)


def test_pages_hidden_while_a_project_opens_show_that_project(sample_window, tmp_path):
    window = sample_window
    text_page(window)  # shown once for the sample, then hidden again
    data_page(window)
    window.tabs.setCurrentIndex(0)
    path, cell = _second_file(window, tmp_path)
    assert window.open_path(path)
    project = window.document.project
    assert project.value(cell.table, cell.row, cell.column) == projectfile.load(path).value("表5", cell.row, cell.column)
    page = data_page(window)
    assert [f.cell for f in page.fields] == [f.cell for f in data_fields(project)]
    assert [r.key for r in page.reasons] == [r.key for r in reason_fields(project)]
    assert page.grid.rowCount() == len(page.fields) and page.reason_grid.rowCount() == len(page.reasons)
    assert text_page(window).generated.toPlainText() == generate(project).text()


def test_a_hidden_page_follows_edits_and_undo(sample_window):
    window = sample_window
    page = data_page(window)
    project = window.document.project
    key = next(r.key for r in page.reasons if r.key.startswith("budget:"))
    code = key.removeprefix("budget:")
    field = next(f for f in page.fields if f.cell.table == "年初预算数/表5" and f.cell.row == code)
    budget = page.value_text(field.cell)
    window.tabs.setCurrentIndex(0)
    # 决算数 made equal to the budget while the pages are hidden: the 主要原因 row goes away
    window.document.set_cell(Cell("表5", code, field.cell.column), data_value(project, field.cell))
    assert not page.isVisible()
    assert key not in [r.key for r in data_page(window).reasons]
    assert page.reason_grid.rowCount() == len(reason_fields(project))
    assert text_page(window).generated.toPlainText() == generate(project).text()
    window.tabs.setCurrentIndex(0)
    window.undo_stack.undo()
    assert key in [r.key for r in data_page(window).reasons] and page.value_text(field.cell) == budget
    assert page.reason_grid.rowCount() == len(reason_fields(project))
    assert text_page(window).generated.toPlainText() == generate(project).text()
