"""Opening leaves the rules' dependency index to the first idle moment after the window shows the project: it is
built then (so the first keystroke does not pay for it), for the project that is open, and edits stay right."""

from __future__ import annotations

import shutil
from decimal import Decimal

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell


def _indexed(document) -> bool:  # noqa: ANN001
    return document.core.engine._index_map is not None  # noqa: SLF001 - the engine's lazily built index


def test_the_dependency_index_is_built_when_idle_after_an_open(window, sample_path, tmp_path, qtbot):
    other = tmp_path / "other.juesuan"
    shutil.copyfile(sample_path, other)
    assert window.open_path(sample_path)
    first = window.document.core
    assert window.open_path(other)  # before the window was idle: only the project now open is prepared
    assert not _indexed(window.document)
    qtbot.waitUntil(lambda: _indexed(window.document), timeout=5000)
    assert first.engine._index_map is None  # noqa: SLF001
    cell = Cell("表1", "4", "1")
    before = window.document.value(cell)
    window.document.set_cell(cell, (before or Decimal(0)) + Decimal("1.00"))  # the index just built decides what is re-checked
    assert _keys(window.document.findings) == _keys(_full(window.document.project))
    assert _keys(window.document.findings) != _keys(_full(projectfile.load(other)))
    window.undo_stack.undo()
    assert window.document.value(cell) == before
    assert _keys(window.document.findings) == _keys(_full(projectfile.load(other)))


def _full(project):  # noqa: ANN001, ANN202
    """A full validation from scratch, by a document of its own (its engine has no index yet)."""
    return ProjectDocument(project.model_copy(deep=True)).findings


def _keys(findings) -> list:  # noqa: ANN001
    return sorted((f.rule, tuple(f.cells), f.message) for f in findings)
