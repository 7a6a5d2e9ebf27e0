"""The window builds the rules' dependency index in slices while idle: sliced or at once, it is the same index, and
an edit that comes between two slices finishes it first, so what the edit re-checks is still right."""

from __future__ import annotations

from decimal import Decimal

import shutil

from juesuan import projectfile
from juesuan.datafiles import resource
from juesuan.document import ProjectDocument
from juesuan.findings import Cell


def _sample(tmp_path):  # noqa: ANN001, ANN202
    copy = tmp_path / "sample.juesuan"
    shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), copy)
    return projectfile.load(copy)


def test_sliced_index_equals_the_one_built_at_once(tmp_path):
    sliced, whole = ProjectDocument(_sample(tmp_path)), ProjectDocument(_sample(tmp_path))
    steps = sum(1 for _ in sliced.engine.index_steps(batch=50))
    assert steps > 3 and sliced.engine.indexed and sliced.prepared
    whole.prepare()
    cells = {(c.table, c.row, c.column) for c in whole.engine._cells.values()}  # noqa: SLF001
    for table, row, column in sorted(cells):
        cell = Cell(table, row, column)
        assert sliced.engine.dependents(cell) == whole.engine.dependents(cell), cell


def test_an_edit_between_slices_finishes_the_index_and_rechecks_right(tmp_path):
    document = ProjectDocument(_sample(tmp_path))
    steps = document.engine.index_steps(batch=50)
    next(steps)
    next(steps)
    assert not document.engine.indexed
    cell = Cell("表1", "4", "1")
    before = document.value(cell) or Decimal(0)
    document.set_value(cell, before + Decimal("1.00"))
    assert document.engine.indexed
    fresh = ProjectDocument(document.project.model_copy(deep=True))
    assert document.findings == fresh.findings
    assert any(cell in f.cells for f in document.findings)  # the edit was really re-checked: it broke a total
    assert list(steps) == []  # the interrupted slices have nothing left to do


def test_a_row_added_between_slices_keeps_the_index_right(tmp_path):
    """Adding a row re-expands rules; the half-built index must not be finished from the old instance list."""
    document = ProjectDocument(_sample(tmp_path))
    steps = document.engine.index_steps(batch=50)
    next(steps)
    document.add_subject("表3", "2010303")
    document.set_value(Cell("表3", "2010303", "2"), Decimal("7.00"))
    fresh = ProjectDocument(document.project.model_copy(deep=True))
    fresh.prepare()
    assert document.findings == fresh.findings
    for cell in (Cell("表3", "2010303", "2"), Cell("表3", "2010303", "1"), Cell("表3", "20103", "2")):
        assert document.engine.dependents(cell) == fresh.engine.dependents(cell), cell
