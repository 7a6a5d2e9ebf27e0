"""A full run reads per-row formulas straight from the project and binds their cells later; whatever it finds,
and whatever the bound cells say afterwards, must be exactly what binding every instance first gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.document import ProjectDocument
from juesuan.validation import rulebook

from .helpers import with_fund_tables
from .test_engine_incremental import _apply, edit


def _engines(project):
    book = rulebook(project.layout)
    direct, bound = book.engine(), book.engine()
    bound.read_directly = False
    return direct, bound


def _same(direct, bound, project) -> None:
    assert direct.run_full(project) == bound.run_full(project)
    direct_instances = [key for key, i in direct._instances.items() if i._groups is None]
    assert direct_instances, "the direct path was not taken"
    assert all(i._groups is not None for i in bound._instances.values())
    assert direct.total_cells() == bound.total_cells()
    assert direct.sum_relations() == bound.sum_relations()
    for cell in direct.total_cells():
        assert direct.dependents(cell) == bound.dependents(cell)
        assert direct.computed_value(cell) == bound.computed_value(cell)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=12))
def test_direct_reads_equal_bound_cells_after_random_edits(sample_project, ops):
    document = ProjectDocument(with_fund_tables(sample_project))
    removed: list = []
    for op in ops:
        _apply(document, op, removed)
    direct, bound = _engines(document.project)
    _same(direct, bound, document.project)


def test_direct_reads_equal_bound_cells_on_the_sample_as_shipped(sample_project):
    direct, bound = _engines(sample_project)
    _same(direct, bound, sample_project)
    assert direct.findings()  # the sample has findings: the comparison covers messages, not only silence
